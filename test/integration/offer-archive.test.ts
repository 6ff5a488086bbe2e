import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import type { EmulatorState } from "../../emulator/src/state";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { createOffer, listOffers } from "~/services/offers.server";
import { archiveOffer, previewArchive, unarchiveOffer } from "~/services/offer-archive.server";
import { getJob } from "~/services/jobs.server";
import { listStores } from "~/services/stores.server";
import { newOfferValues, parseOfferForm } from "~/domain/offers/offer-input";
import type { AdminClient } from "~/shopify/client.server";
import { resetDatabase } from "../support/db";
import { CA, clientFor, control, startTestEmulator, US } from "../support/emulator";
import { ACTOR, makeProjectWithMembers } from "../support/factories";
import { linkStores } from "../support/stores";

describe("archive an offer (issue 21, R24, R36, R38)", () => {
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
  const workingCodes = async (shop: string) => {
    const state = (await control(emulator, "state")) as EmulatorState;
    const now = new Date();
    return Object.values(state.shops[shop]!.discounts)
      .filter((d) => d.title.startsWith("Archive codes") && (!d.endsAt || new Date(d.endsAt) > now) && new Date(d.startsAt) <= now)
      .flatMap((d) => d.codes.map((c) => c.code))
      .sort();
  };

  async function setUp() {
    await linkStores(prisma, US, CA, "Canada");
    const parsed = parseOfferForm({
      ...newOfferValues(new Date("2026-11-01T00:00:00Z")),
      name: "Archive me",
      groupName: "Archive codes",
      payoutFlatCents: "5",
      discountPercent: "10",
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
    ]);
    const result = await generateCodesForMembers(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: created.offer.id,
      items: members.map((m) => ({ memberId: m.id, code: `${m.firstName.toUpperCase()}10` })),
    });
    if (!result.ok) throw new Error(JSON.stringify(result));
    await worker();
    return { offerId: created.offer.id, members };
  }

  it("R24/R38: archiving deactivates every code in every store as one job, deletes nothing, and leaves the default list", async () => {
    const { offerId, members } = await setUp();
    for (const shop of [US, CA]) expect(await workingCodes(shop)).toEqual(["ANNA10", "BEN10"]);
    expect(await previewArchive(prisma, US, offerId)).toEqual({ archived: false, activeCodes: 2, stores: 2, members: 2, conversions: 0 });
    expect(await previewArchive(prisma, CA, offerId)).toBeNull();

    // The Stores page's unlink confirmation counts the codes working in each connected store.
    expect((await listStores(prisma, US)).connected.map((s) => [s.shop, s.codesLive])).toEqual([[CA, 2]]);

    const result = await archiveOffer(prisma, { shop: US, actor: ACTOR, offerId });
    expect(result).toMatchObject({ ok: true, codes: 2, stores: 2 });
    const jobId = (result as { jobId: string }).jobId;
    expect((await prisma.job.findUniqueOrThrow({ where: { id: jobId } })).kind).toBe("DEACTIVATE_CODES");
    await worker();
    for (const shop of [US, CA]) expect(await workingCodes(shop)).toEqual([]);
    expect((await listStores(prisma, US)).connected.map((s) => [s.shop, s.codesLive])).toEqual([[CA, 0]]);
    const report = (await getJob(prisma, US, jobId))!;
    expect(report.rows.map((r) => [r.code, r.stores.map((s) => s.outcome)])).toEqual([
      ["ANNA10", ["DEACTIVATED", "DEACTIVATED"]],
      ["BEN10", ["DEACTIVATED", "DEACTIVATED"]],
    ]);
    // Nothing deleted: the offer, its members and codes stay; the codes are deactivated.
    expect(await prisma.offerMember.count({ where: { offerId } })).toBe(2);
    expect((await prisma.promoCode.findMany({ where: { offerId }, orderBy: { code: "asc" } })).map((c) => c.status)).toEqual(["DEACTIVATED", "DEACTIVATED"]);
    expect(await prisma.member.count({ where: { id: { in: members.map((m) => m.id) } } })).toBe(2);

    // The default list leaves it out; the archived view shows it.
    expect(await listOffers(prisma, US)).toMatchObject({ rows: [], total: 0, archivedTotal: 1 });
    expect((await listOffers(prisma, US, { archived: true })).rows.map((r) => [r.id, r.status])).toEqual([[offerId, "Archived"]]);

    // R36: audited with the stores it touched.
    const audit = await prisma.auditEntry.findFirstOrThrow({ where: { action: "offer.archive" } });
    expect([audit.subject, audit.actor, audit.stores.split(",").sort()]).toEqual([`offer:${offerId}`, ACTOR, [CA, US].sort()]);

    // Archived twice: refused, nothing queued.
    expect(await archiveOffer(prisma, { shop: US, actor: ACTOR, offerId })).toEqual({ ok: false, error: "This offer is already archived." });
    expect(await prisma.job.count()).toBe(2);
  });

  it("an archived offer takes no new members; unarchiving brings it back with its codes still deactivated", async () => {
    const { offerId } = await setUp();
    await archiveOffer(prisma, { shop: US, actor: ACTOR, offerId });
    await worker();
    const { members } = await makeProjectWithMembers(prisma, US, [["Cara", "Diaz"]], "Later");
    const refused = await generateCodesForMembers(prisma, { shop: US, actor: ACTOR, offerId, items: [{ memberId: members[0]!.id, code: "CARA10" }] });
    expect(refused).toMatchObject({ ok: false, formError: "This offer is archived. Unarchive it on its page to add members." });

    expect(await unarchiveOffer(prisma, { shop: CA, actor: ACTOR, offerId })).toEqual({ ok: false, error: "This offer does not exist in this store." });
    expect(await unarchiveOffer(prisma, { shop: US, actor: ACTOR, offerId })).toEqual({ ok: true });
    expect((await listOffers(prisma, US)).rows.map((r) => r.id)).toEqual([offerId]);
    for (const shop of [US, CA]) expect(await workingCodes(shop)).toEqual([]);
    expect(await prisma.auditEntry.count({ where: { action: "offer.unarchive", subject: `offer:${offerId}` } })).toBe(1);
    expect(await unarchiveOffer(prisma, { shop: US, actor: ACTOR, offerId })).toEqual({ ok: false, error: "This offer is not archived." });
  });
});
