// Refreshing members' codes (R20, R21) against the emulator in two stores, checked where it
// matters: at the emulator's checkout (which code a customer can use) and in the conversions the
// app counts from the orders' webhooks.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import type { EmulatorState } from "../../emulator/src/state";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { changeCodeStatus } from "~/services/code-status.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { createOffer } from "~/services/offers.server";
import { getJob } from "~/services/jobs.server";
import { importBundledRates } from "~/services/rates.server";
import { refreshCandidates, refreshCodes } from "~/services/refresh.server";
import { getMemberProfile } from "~/services/members.server";
import { newOfferValues, parseOfferForm } from "~/domain/offers/offer-input";
import type { AdminClient } from "~/shopify/client.server";
import { resetDatabase } from "../support/db";
import { CA, clientFor, control, startTestEmulator, US } from "../support/emulator";
import { ACTOR, makeProjectWithMembers } from "../support/factories";
import { linkStores } from "../support/stores";
import { checkoutAt, startWebhookReceiver, type Receiver } from "../support/receiver";

describe("refresh members' codes (R20, R21)", { timeout: 180_000 }, () => {
  let emulator: Emulator;
  let receiver: Receiver;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    receiver = await startWebhookReceiver(emulator);
  });
  afterAll(async () => {
    await receiver.close();
    await emulator.close();
    await prisma.$disconnect();
  });
  beforeEach(async () => {
    await resetDatabase(prisma);
    await importBundledRates(prisma, { since: "2024-12-01", currencies: ["CAD"] });
    await control(emulator, "reset", {});
  });

  const clients = new Map<string, AdminClient>();
  const worker = () => runPendingOperations({ db: prisma, adminFor: async (s) => clients.get(s) ?? clients.set(s, clientFor(emulator, s)).get(s)!, pollMs: 5 });
  const checkout = (shop: string, code: string) => checkoutAt(prisma, emulator, shop, { discountCode: code });
  /** Codes that exist in a store's discounts of this offer. */
  const codesIn = async (shop: string) => {
    const state = (await control(emulator, "state")) as EmulatorState;
    return Object.values(state.shops[shop]!.discounts)
      .filter((d) => d.title.startsWith("Refresh codes"))
      .flatMap((d) => d.codes.map((c) => c.code))
      .sort();
  };

  async function setUp(datesMode: "UNIFIED" | "PER_CODE", extra: Record<string, string> = {}) {
    await linkStores(prisma, US, CA, "Canada");
    const parsed = parseOfferForm({
      ...newOfferValues(new Date("2026-11-01T00:00:00Z")),
      name: "Refresh",
      groupName: "Refresh codes",
      payoutFlatCents: "5",
      discountPercent: "10",
      datesMode,
      ...extra,
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const created = await createOffer(prisma, {
      shop: US,
      actor: ACTOR,
      input: parsed.value,
      sync: { syncEnabled: true, stores: [CA], sameValueAcrossStores: true, storePercents: {} },
    });
    if (!created.ok) throw new Error("offer");
    const { members } = await makeProjectWithMembers(prisma, US, [
      ["Anna", "Lee"],
      ["Ben", "Ortiz"],
      ["Cara", "Diaz"],
    ]);
    const result = await generateCodesForMembers(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: created.offer.id,
      items: members.map((m) => ({ memberId: m.id, code: `${m.firstName.toUpperCase()}10` })),
      ...(datesMode === "PER_CODE" ? { startsAt: new Date("2026-11-01T00:00:00Z"), endsAt: new Date("2027-06-01T00:00:00Z") } : {}),
    });
    if (!result.ok) throw new Error(JSON.stringify(result));
    await worker();
    const offerMembers = await prisma.offerMember.findMany({ where: { offerId: created.offer.id }, include: { member: true } });
    const om = (first: string) => offerMembers.find((m) => m.member.firstName === first)!;
    return { offerId: created.offer.id, om };
  }

  for (const datesMode of ["UNIFIED", "PER_CODE"] as const) {
    it(`R20 (${datesMode.toLowerCase()} dates): the old code is refused at checkout in every store, the new one works, and both codes' orders count for the member`, async () => {
      const { offerId, om } = await setUp(datesMode);
      for (const shop of [US, CA]) expect((await checkout(shop, "ANNA10")).status).toBe(200);

      const candidates = (await refreshCandidates(prisma, US, offerId, [om("Anna").id]))!;
      expect(candidates).toMatchObject([{ name: "Anna Lee", currentCode: "ANNA10", reason: null }]);
      expect(candidates[0]!.proposed).toMatch(/^ANNA/);
      expect(candidates[0]!.proposed).not.toBe("ANNA10");

      const result = await refreshCodes(prisma, { shop: US, actor: ACTOR, offerId, items: [{ offerMemberId: om("Anna").id, code: "ANNA-NEW" }] });
      expect(result).toMatchObject({ ok: true, count: 1 });
      // Until the job runs, the old code is still the member's and still works.
      expect((await prisma.promoCode.findFirstOrThrow({ where: { code: "ANNA10" } })).current).toBe(true);
      await worker();

      for (const shop of [US, CA]) {
        expect(await codesIn(shop)).toEqual(["ANNA-NEW", "BEN10", "CARA10"]);
        const refused = await checkout(shop, "ANNA10");
        expect(refused.status).toBe(422);
        expect((await checkout(shop, "ANNA-NEW")).status).toBe(200);
      }
      const old = await prisma.promoCode.findFirstOrThrow({ where: { code: "ANNA10" } });
      const fresh = await prisma.promoCode.findFirstOrThrow({ where: { code: "ANNA-NEW" } });
      expect([old.status, old.current, Boolean(old.retiredAt)]).toEqual(["RETIRED", false, true]);
      expect([fresh.status, fresh.current, fresh.replacesId]).toEqual(["ACTIVE", true, old.id]);
      // Two orders on the old code before, two on the new one after: four conversions for Anna.
      const conversions = await prisma.conversion.findMany({ where: { memberId: om("Anna").memberId }, orderBy: { occurredAt: "asc" } });
      expect(conversions.map((c) => c.code).sort()).toEqual(["ANNA-NEW", "ANNA-NEW", "ANNA10", "ANNA10"]);
      // The member's history lists both codes; the job reports one row per member, refreshed in both stores.
      expect((await getMemberProfile(prisma, US, om("Anna").memberId))!.offers[0]!.codes.map((h) => [h.code, h.role, h.status])).toEqual([
        ["ANNA-NEW", "current", "ACTIVE"],
        ["ANNA10", "past", "RETIRED"],
      ]);
      const report = (await getJob(prisma, US, (result as { jobId: string }).jobId))!;
      expect(report.job).toMatchObject({ kind: "REFRESH_CODES", status: "DONE", codes: 1, codesCreated: 1, codesFailed: 0 });
      expect(report.rows.map((r) => [r.previousCode, r.code, r.stores.map((s) => s.outcome)])).toEqual([["ANNA10", "ANNA-NEW", ["REFRESHED", "REFRESHED"]]]);
    });

    it(`R21 (${datesMode.toLowerCase()} dates): refreshing with the current name recreates the code: an exhausted code is usable again`, async () => {
      const { offerId, om } = await setUp(datesMode, { usageLimit: "1" });
      for (const shop of [US, CA]) {
        expect((await checkout(shop, "BEN10")).status).toBe(200);
        expect((await checkout(shop, "BEN10")).status).toBe(422);
      }
      const result = await refreshCodes(prisma, { shop: US, actor: ACTOR, offerId, items: [{ offerMemberId: om("Ben").id, code: "ben10" }] });
      expect(result).toMatchObject({ ok: true });
      await worker();
      const state = (await control(emulator, "state")) as EmulatorState;
      for (const shop of [US, CA]) {
        const redeem = Object.values(state.shops[shop]!.discounts)
          .flatMap((d) => d.codes)
          .find((c) => c.code.toUpperCase() === "BEN10")!;
        expect(redeem.usageCount).toBe(0);
        expect((await checkout(shop, "BEN10")).status).toBe(200);
      }
      const ben = await prisma.promoCode.findMany({ where: { memberId: om("Ben").memberId }, orderBy: { createdAt: "asc" } });
      expect(ben.map((c) => [c.code, c.status, c.current])).toEqual([
        ["BEN10", "RETIRED", false],
        ["ben10", "ACTIVE", true],
      ]);
      // Both codes' orders count for Ben: two before, two after.
      expect(await prisma.conversion.count({ where: { memberId: om("Ben").memberId } })).toBe(4);
      for (const shop of [US, CA]) expect(await codesIn(shop)).toEqual(["ANNA10", "CARA10", "ben10"]);
    });
  }

  it("R20/R7: a new name taken in one store changes nothing anywhere for that member; the others are refreshed", async () => {
    const { offerId, om } = await setUp("UNIFIED");
    const placed = await fetch(`${emulator.url}/_emulator/shops/${CA}/discounts`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ title: "Someone else's", code: "TAKEN-CA", startsAt: "2026-11-01T00:00:00Z", customerGets: { value: { percentage: 0.1 }, items: { all: true } } }),
    });
    expect(placed.status).toBe(200);
    const result = await refreshCodes(prisma, {
      shop: US,
      actor: ACTOR,
      offerId,
      items: [
        { offerMemberId: om("Anna").id, code: "TAKEN-CA" },
        { offerMemberId: om("Cara").id, code: "CARA-2" },
      ],
    });
    expect(result.ok).toBe(true);
    await worker();
    for (const shop of [US, CA]) {
      expect(await codesIn(shop)).toEqual(["ANNA10", "BEN10", "CARA-2"]);
      expect((await checkout(shop, "ANNA10")).status).toBe(200);
    }
    const anna = await prisma.promoCode.findMany({ where: { memberId: om("Anna").memberId }, orderBy: { createdAt: "asc" } });
    expect(anna.map((c) => [c.code, c.status, c.current])).toEqual([
      ["ANNA10", "ACTIVE", true],
      ["TAKEN-CA", "FAILED", false],
    ]);
    const report = (await getJob(prisma, US, (result as { jobId: string }).jobId))!;
    expect(report.job).toMatchObject({ codes: 2, codesCreated: 1, codesFailed: 1 });
    const annaRow = report.rows.find((r) => r.code === "TAKEN-CA")!;
    expect(annaRow.stores.map((s) => s.outcome)).toEqual(["NOT_CREATED", "NOT_CREATED"]);
    expect(annaRow.stores[1]!.message).toContain("Canada");
  });

  it("R20/R35: names are checked before anything is written: another member's code, a past code, a deactivated member, a duplicate", async () => {
    const { offerId, om } = await setUp("UNIFIED");
    await refreshCodes(prisma, { shop: US, actor: ACTOR, offerId, items: [{ offerMemberId: om("Cara").id, code: "CARA-2" }] });
    await worker();
    await changeCodeStatus(prisma, { shop: US, actor: ACTOR, offerId, offerMemberIds: [om("Ben").id], target: "DEACTIVATED" });
    await worker();
    const before = await prisma.promoCode.count();
    const result = await refreshCodes(prisma, {
      shop: US,
      actor: ACTOR,
      offerId,
      items: [
        { offerMemberId: om("Anna").id, code: "CARA-2" },
        { offerMemberId: om("Cara").id, code: "CARA10" },
        { offerMemberId: om("Ben").id, code: "BEN-2" },
        { offerMemberId: om("Anna").id, code: "ANNA-2" },
      ],
    });
    expect(result).toEqual({
      ok: false,
      itemErrors: {
        0: '"CARA-2" is already used in the offer "Refresh". Pick another code.',
        1: '"CARA10" is one of this member\'s past codes; past codes keep their names. Pick another code.',
        2: "This member's code is deactivated: activate it first.",
        3: "This member is also on row 1.",
      },
    });
    expect(await prisma.promoCode.count()).toBe(before);
    expect(await refreshCodes(prisma, { shop: CA, actor: ACTOR, offerId, items: [{ offerMemberId: om("Anna").id, code: "X1" }] })).toMatchObject({
      ok: false,
      formError: "This offer does not exist in this store.",
    });
  });
});
