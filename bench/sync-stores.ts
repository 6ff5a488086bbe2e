// 1,000 codes synced to 5 stores (the primary and 4 connected ones), Standard-plan buckets
// (100 points/s, 2,000 max), unified dates, every Admin call delayed by `latencyMs` in the emulator
// (its per-shop fault control; 100 ms is a realistic round trip to Shopify, docs/performance.md).
// Prints wall time against the floor of the slowest store's bucket (its points ÷ restore rate)
// and against the same work done one call at a time (the bench's clients queue every call behind
// the one in flight; the app has no serial mode); Admin calls per store and
// the round trips on the critical path (calls that ran one after another). Target at 100 ms:
// ≤ 5 s wall and ≤ 100 Admin calls in total.
//   npm run bench -- sync-stores [codes=1000] [latencyMs=100] [serial|no-serial]
import { runPendingOperations } from "../app/jobs/sync-worker.server";
import { generateCodesForMembers } from "../app/services/generation.server";
import { createOffer } from "../app/services/offers.server";
import { connectStore, createLinkCode } from "../app/services/stores.server";
import { newOfferValues, parseOfferForm } from "../app/domain/offers/offer-input";
import { PLANS } from "../emulator/src/state";
import { benchEmulator, criticalRoundTrips, freshDatabase, machine, setLatency, trackedClients } from "./support";

const CODES = Number(process.argv[2] ?? 1000);
const LATENCY_MS = Number(process.argv[3] ?? 100);
const WITH_SERIAL = process.argv[4] !== "no-serial";
const PRIMARY = "us-store.myshopify.com";
const RESTORE = PLANS.standard.restoreRate;

async function run(mode: "parallel" | "serial") {
  const emulator = await benchEmulator();
  const { db, dispose } = freshDatabase();
  try {
    const connected = ["ca-store.myshopify.com", "uk-store.myshopify.com", await emulator.addStore("au-bench"), await emulator.addStore("de-bench")];
    for (const domain of [PRIMARY, ...connected]) await db.shop.create({ data: { domain, name: domain } });
    for (const shop of connected) {
      const { code } = await createLinkCode(db, { shop, actor: "bench" });
      const linked = await connectStore(db, { shop: PRIMARY, actor: "bench", code });
      if (!linked.ok) throw new Error(linked.error);
    }
    const parsed = parseOfferForm({
      ...newOfferValues(new Date("2026-11-01T00:00:00Z")),
      name: "Bench sync",
      groupName: "Bench sync",
      payoutFlatCents: "10",
      discountPercent: "20",
    });
    if (!parsed.ok) throw new Error("offer");
    const created = await createOffer(db, {
      shop: PRIMARY,
      actor: "bench",
      input: parsed.value,
      sync: { syncEnabled: true, stores: connected, sameValueAcrossStores: true, storePercents: {} },
    });
    if (!created.ok) throw new Error("offer");
    await db.member.createMany({ data: Array.from({ length: CODES }, (_, i) => ({ shop: PRIMARY, firstName: `S${i}`, email: `s${i}@bench.example` })) });
    const members = await db.member.findMany({ where: { shop: PRIMARY } });
    const result = await generateCodesForMembers(db, {
      shop: PRIMARY,
      actor: "bench",
      offerId: created.offer.id,
      items: members.map((m, i) => ({ memberId: m.id, code: `SYNC${i}` })),
    });
    if (!result.ok) throw new Error("generation");

    await setLatency(emulator, [PRIMARY, ...connected], LATENCY_MS);
    const clients = trackedClients(emulator, { oneCallAtATime: mode === "serial" });
    const started = performance.now();
    await runPendingOperations({ db, adminFor: clients.adminFor, workerId: "bench" });
    const wallSeconds = (performance.now() - started) / 1000;
    const perStore = await Promise.all([PRIMARY, ...connected].map(async (s) => ({ store: s, ...(await clients.adminFor(s)).stats })));
    const slowest = perStore.reduce((a, b) => (b.pointsSpent > a.pointsSpent ? b : a));
    const floorSeconds = slowest.pointsSpent / RESTORE;
    const job = await db.job.findUniqueOrThrow({ where: { id: result.jobId } });
    const state = await emulator.state();
    const inStores = [PRIMARY, ...connected].map((s) => Object.values(state.shops[s]!.discounts).reduce((n, d) => n + d.codes.length, 0));
    const figures = {
      mode,
      codes: CODES,
      stores: 1 + connected.length,
      succeeded: job.succeeded,
      failed: job.failed,
      codesPerStore: inStores,
      wallSeconds: +wallSeconds.toFixed(2),
      adminApiCalls: perStore.reduce((n, s) => n + s.calls, 0),
      adminApiCallsPerStore: Object.fromEntries(perStore.map((s) => [s.store.replace(".myshopify.com", ""), s.calls])),
      criticalPathRoundTrips: criticalRoundTrips(clients.intervals),
      pointsSpent: perStore.reduce((n, s) => n + s.pointsSpent, 0),
      throttled: perStore.reduce((n, s) => n + s.throttled, 0),
      slowestStorePoints: slowest.pointsSpent,
      slowestStoreFloorSeconds: +floorSeconds.toFixed(2),
      ratioToFloor: +(wallSeconds / floorSeconds).toFixed(3),
    };
    console.log(`${mode}: ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await dispose();
    await emulator.close();
  }
}

const parallel = await run("parallel");
const serial = WITH_SERIAL ? await run("serial") : null;
console.log(
  JSON.stringify({
    bench: "sync-stores",
    plan: "standard",
    restoreRate: RESTORE,
    latencyMs: LATENCY_MS,
    machine: machine(),
    parallel,
    serial,
    speedupOverSerial: serial ? +(serial.wallSeconds / parallel.wallSeconds).toFixed(2) : null,
  }),
);
