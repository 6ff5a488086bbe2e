// Shared setup of the refresh and toggle benches: an offer with unified dates synced to 5 stores
// (the primary and 4 connected ones) on Standard-plan buckets, with `members` live codes, created
// by the sync engine itself (not measured). Then every bucket is refilled so the measured work
// starts, as a merchant's would, from full buckets.
import type { PrismaClient } from "@prisma/client";
import { runPendingOperations } from "../app/jobs/sync-worker.server";
import { generateCodesForMembers } from "../app/services/generation.server";
import { createOffer } from "../app/services/offers.server";
import { connectStore, createLinkCode } from "../app/services/stores.server";
import { newOfferValues, parseOfferForm } from "../app/domain/offers/offer-input";
import { PLANS } from "../emulator/src/state";
import { bucketFloorSeconds, refillBuckets, trackedClients, type BenchEmulator } from "./support";

export const PRIMARY = "us-store.myshopify.com";

export async function offerWithLiveCodes(db: PrismaClient, emulator: BenchEmulator, members: number, name: string) {
  const connected = ["ca-store.myshopify.com", "uk-store.myshopify.com", await emulator.addStore("au-bench"), await emulator.addStore("de-bench")];
  const stores = [PRIMARY, ...connected];
  for (const domain of stores) await db.shop.create({ data: { domain, name: domain } });
  for (const shop of connected) {
    const { code } = await createLinkCode(db, { shop, actor: "bench" });
    const linked = await connectStore(db, { shop: PRIMARY, actor: "bench", code });
    if (!linked.ok) throw new Error(linked.error);
  }
  const parsed = parseOfferForm({ ...newOfferValues(new Date("2026-11-01T00:00:00Z")), name, groupName: name, payoutFlatCents: "10", discountPercent: "20" });
  if (!parsed.ok) throw new Error("offer");
  const created = await createOffer(db, {
    shop: PRIMARY,
    actor: "bench",
    input: parsed.value,
    sync: { syncEnabled: true, stores: connected, sameValueAcrossStores: true, storePercents: {} },
  });
  if (!created.ok) throw new Error("offer");
  await db.member.createMany({ data: Array.from({ length: members }, (_, i) => ({ shop: PRIMARY, firstName: `M${i}`, email: `m${i}@bench.example` })) });
  const rows = await db.member.findMany({ where: { shop: PRIMARY } });
  const result = await generateCodesForMembers(db, { shop: PRIMARY, actor: "bench", offerId: created.offer.id, items: rows.map((m, i) => ({ memberId: m.id, code: `OLD${i}` })) });
  if (!result.ok) throw new Error("generation");
  const setup = trackedClients(emulator);
  await runPendingOperations({ db, adminFor: setup.adminFor, workerId: "bench-setup" });
  const live = await db.promoCode.count({ where: { offerId: created.offer.id, status: "ACTIVE" } });
  if (live !== members) throw new Error(`setup: ${live} of ${members} codes live`);
  await refillBuckets(emulator, stores);
  return { offerId: created.offer.id, stores };
}

/** Codes per store in the offer's discounts, from the emulator's state. */
export async function codesPerStore(emulator: BenchEmulator, stores: string[], title: string) {
  const state = await emulator.state();
  return stores.map((s) =>
    Object.values(state.shops[s]!.discounts)
      .filter((d) => d.title === title)
      .flatMap((d) => d.codes.map((c) => c.code)),
  );
}

/** Wall time against the slowest store's bucket floor, from one phase's clients. */
export async function phaseFigures(clients: ReturnType<typeof trackedClients>, stores: string[], wallSeconds: number) {
  const perStore = await Promise.all(stores.map(async (s) => ({ store: s, ...(await clients.adminFor(s)).stats })));
  const slowest = perStore.reduce((a, b) => (b.pointsSpent > a.pointsSpent ? b : a));
  // The floor is the one generate-codes and sync-stores use: the slowest store's points ÷ its
  // restore rate (the bucket's steady pace). The start of a full bucket is free, so the floor
  // after that burst is printed too; it is 0 when a store spends less than one bucket.
  const floorSeconds = slowest.pointsSpent / PLANS.standard.restoreRate;
  const afterBurst = bucketFloorSeconds(slowest.pointsSpent, PLANS.standard);
  return {
    wallSeconds: +wallSeconds.toFixed(2),
    adminApiCalls: perStore.reduce((n, s) => n + s.calls, 0),
    pointsSpent: perStore.reduce((n, s) => n + s.pointsSpent, 0),
    throttled: perStore.reduce((n, s) => n + s.throttled, 0),
    callsPerStore: perStore.map((s) => s.calls),
    slowestStorePoints: slowest.pointsSpent,
    slowestStoreFloorSeconds: +floorSeconds.toFixed(2),
    slowestStoreFloorAfterBurstSeconds: +afterBurst.toFixed(2),
    ratioToFloor: +(wallSeconds / floorSeconds).toFixed(3),
  };
}

/** When each action of a job ran: seconds from the phase's start to its first and last operation's end. */
export async function actionSpans(db: PrismaClient, jobIds: string[], startedAt: Date) {
  const ops = await db.syncOperation.groupBy({ by: ["action"], where: { jobId: { in: jobIds } }, _min: { updatedAt: true }, _max: { updatedAt: true }, _count: { _all: true } });
  const at = (d: Date | null) => (d ? +((d.getTime() - startedAt.getTime()) / 1000).toFixed(1) : null);
  return Object.fromEntries(ops.map((o) => [o.action, { operations: o._count._all, firstDoneAt: at(o._min.updatedAt), lastDoneAt: at(o._max.updatedAt) }]));
}
