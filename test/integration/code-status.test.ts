import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import type { EmulatorState } from "../../emulator/src/state";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { changeCodeStatus, previewCodeStatusChange } from "~/services/code-status.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { createOffer } from "~/services/offers.server";
import { getJob } from "~/services/jobs.server";
import { newOfferValues, parseOfferForm } from "~/domain/offers/offer-input";
import type { AdminClient } from "~/shopify/client.server";
import { resetDatabase } from "../support/db";
import { CA, clientFor, control, startTestEmulator, US } from "../support/emulator";
import { ACTOR, makeProjectWithMembers } from "../support/factories";
import { linkStores } from "../support/stores";

describe("activate and deactivate members' codes (R23–R25)", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator.close();
    await prisma.$disconnect();
  });
  beforeEach(async () => {
    await resetDatabase(prisma);
    await control(emulator, "reset", {});
  });

  const clients = new Map<string, AdminClient>();
  const worker = () => runPendingOperations({ db: prisma, adminFor: async (s) => clients.get(s) ?? clients.set(s, clientFor(emulator, s)).get(s)!, pollMs: 5 });
  const calls = () => [...clients.values()].reduce((n, c) => n + c.stats.calls, 0);
  /** Codes that work at checkout in a store: in a discount that is active now. */
  const workingCodes = async (shop: string) => {
    const state = (await control(emulator, "state")) as EmulatorState;
    const now = new Date();
    return Object.values(state.shops[shop]!.discounts)
      .filter((d) => d.title.startsWith("Toggle codes") && (!d.endsAt || new Date(d.endsAt) > now) && new Date(d.startsAt) <= now)
      .flatMap((d) => d.codes.map((c) => c.code))
      .sort();
  };

  async function setUp(datesMode: "UNIFIED" | "PER_CODE") {
    await linkStores(prisma, US, CA, "Canada");
    const parsed = parseOfferForm({
      ...newOfferValues(new Date("2026-11-01T00:00:00Z")),
      name: "Toggle",
      groupName: "Toggle codes",
      payoutFlatCents: "5",
      discountPercent: "10",
      datesMode,
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
    const om = (first: string) => offerMembers.find((m) => m.member.firstName === first)!.id;
    return { offerId: created.offer.id, om };
  }

  for (const datesMode of ["UNIFIED", "PER_CODE"] as const) {
    it(`R24/R23/R25 (${datesMode.toLowerCase()} dates): only codes not already in the target status are touched, in every store; members stay in the offer`, async () => {
      const { offerId, om } = await setUp(datesMode);
      for (const shop of [US, CA]) expect(await workingCodes(shop)).toEqual(["ANNA10", "BEN10", "CARA10"]);

      // Deactivate Anna and Ben: both stores stop accepting their codes.
      expect(await previewCodeStatusChange(prisma, { shop: US, actor: ACTOR, offerId, offerMemberIds: [om("Anna"), om("Ben")], target: "DEACTIVATED" })).toEqual({
        changed: 2,
        skipped: 0,
        stores: 2,
      });
      const first = await changeCodeStatus(prisma, { shop: US, actor: ACTOR, offerId, offerMemberIds: [om("Anna"), om("Ben")], target: "DEACTIVATED" });
      expect(first).toMatchObject({ ok: true, changed: 2, skipped: 0, stores: 2 });
      await worker();
      for (const shop of [US, CA]) expect(await workingCodes(shop)).toEqual(["CARA10"]);
      expect((await prisma.promoCode.findMany({ orderBy: { code: "asc" } })).map((c) => c.status)).toEqual(["DEACTIVATED", "DEACTIVATED", "ACTIVE"]);
      expect(await prisma.offerMember.count({ where: { offerId } })).toBe(3);
      const report = (await getJob(prisma, US, (first as { jobId: string }).jobId))!;
      expect(report.rows.map((r) => [r.code, r.stores.map((s) => s.outcome)])).toEqual([
        ["ANNA10", ["DEACTIVATED", "DEACTIVATED"]],
        ["BEN10", ["DEACTIVATED", "DEACTIVATED"]],
      ]);

      // Deactivate everyone: only Cara's code is touched (one operation per store), never Anna's or Ben's again.
      const before = calls();
      const all = await changeCodeStatus(prisma, { shop: US, actor: ACTOR, offerId, offerMemberIds: "ALL", target: "DEACTIVATED" });
      expect(all).toMatchObject({ ok: true, changed: 1, skipped: 2 });
      expect(await prisma.syncOperation.count({ where: { jobId: (all as { jobId: string }).jobId } })).toBe(2);
      await worker();
      for (const shop of [US, CA]) expect(await workingCodes(shop)).toEqual([]);
      expect(calls() - before).toBeLessThanOrEqual(datesMode === "UNIFIED" ? 2 * 3 : 2);

      // Activate Anna back: working again in both stores, with nothing recreated for the others.
      const back = await changeCodeStatus(prisma, { shop: US, actor: ACTOR, offerId, offerMemberIds: [om("Anna")], target: "ACTIVE" });
      expect(back).toMatchObject({ ok: true, changed: 1 });
      await worker();
      for (const shop of [US, CA]) expect(await workingCodes(shop)).toEqual(["ANNA10"]);
      expect((await prisma.promoCode.findFirstOrThrow({ where: { code: "ANNA10" } })).status).toBe("ACTIVE");
      expect((await prisma.offerMember.findUniqueOrThrow({ where: { id: om("Anna") } })).status).toBe("ACTIVE");

      // Activating an active code does nothing (R23: never recreated).
      expect(await changeCodeStatus(prisma, { shop: US, actor: ACTOR, offerId, offerMemberIds: [om("Anna")], target: "ACTIVE" })).toMatchObject({
        ok: true,
        changed: 0,
        skipped: 1,
        jobId: null,
      });
      if (datesMode === "PER_CODE") {
        const state = (await control(emulator, "state")) as EmulatorState;
        const anna = Object.values(state.shops[CA]!.discounts).find((d) => d.codes.some((c) => c.code === "ANNA10"))!;
        // The code's own end date is back after Shopify's activation cleared it.
        expect(anna.endsAt).toBe("2027-06-01T00:00:00Z");
      }
    });
  }

  it("R24/R23: a code deactivated, activated back and deactivated again stops working again (a re-added code is a new redeem code)", async () => {
    const { offerId, om } = await setUp("UNIFIED");
    for (const target of ["DEACTIVATED", "ACTIVE", "DEACTIVATED"] as const) {
      await changeCodeStatus(prisma, { shop: US, actor: ACTOR, offerId, offerMemberIds: [om("Anna")], target });
      await worker();
    }
    for (const shop of [US, CA]) expect(await workingCodes(shop)).toEqual(["BEN10", "CARA10"]);
    expect((await prisma.promoCode.findFirstOrThrow({ where: { code: "ANNA10" } })).status).toBe("DEACTIVATED");
  });

  it("R24: another shop's offer is refused and nothing is queued", async () => {
    const { offerId, om } = await setUp("UNIFIED");
    expect(await changeCodeStatus(prisma, { shop: CA, actor: ACTOR, offerId, offerMemberIds: [om("Anna")], target: "DEACTIVATED" })).toEqual({
      ok: false,
      error: "This offer does not exist in this store.",
    });
    expect(await prisma.syncOperation.count({ where: { action: "DEACTIVATE_CODE" } })).toBe(0);
  });
});
