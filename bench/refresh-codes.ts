// Refreshing 1,000 members' codes with new names (R20) in an offer synced to 5 stores on
// Standard-plan buckets: refreshCodes (validation, one job) and the worker to completion (checks
// in every store, creations, the old codes retired and removed). Prints wall time, Admin API
// calls, points, and the ratio to the slowest store's bucket floor (target ≤ 1.15×).
//   npm run bench -- refresh-codes [members=1000]
import { runPendingOperations } from "../app/jobs/sync-worker.server";
import { refreshCodes } from "../app/services/refresh.server";
import { PLANS } from "../emulator/src/state";
import { actionSpans, codesPerStore, offerWithLiveCodes, phaseFigures, PRIMARY } from "./refresh-support";
import { benchEmulator, freshDatabase, loadPerCore, machine, trackedClients } from "./support";

const MEMBERS = Number(process.argv[2] ?? 1000);
const TITLE = "Bench refresh";

const emulator = await benchEmulator();
const { db, dispose } = freshDatabase();
try {
  const { offerId, stores } = await offerWithLiveCodes(db, emulator, MEMBERS, TITLE);
  const memberships = await db.offerMember.findMany({ where: { offerId }, include: { member: true } });
  const items = memberships.map((m) => ({ offerMemberId: m.id, code: `NEW${m.member.firstName.slice(1)}` }));

  const loadBefore = loadPerCore();
  const clients = trackedClients(emulator);
  const started = performance.now();
  const startedAt = new Date();
  const result = await refreshCodes(db, { shop: PRIMARY, actor: "bench", offerId, items });
  if (!result.ok) throw new Error(JSON.stringify(result).slice(0, 500));
  const writtenSeconds = (performance.now() - started) / 1000;
  await runPendingOperations({ db, adminFor: clients.adminFor, workerId: "bench" });
  const wallSeconds = (performance.now() - started) / 1000;

  const inStores = await codesPerStore(emulator, stores, TITLE);
  const want = items
    .map((i) => i.code)
    .sort()
    .join(",");
  const exact = inStores.every((codes) => [...codes].sort().join(",") === want);
  const [current, retired, failedOps] = await Promise.all([
    db.promoCode.count({ where: { offerId, current: true, status: "ACTIVE", code: { startsWith: "NEW" } } }),
    db.promoCode.count({ where: { offerId, status: "RETIRED" } }),
    db.syncOperation.count({ where: { jobId: result.jobId, status: "FAILED" } }),
  ]);
  const figures = {
    bench: "refresh-codes",
    plan: "standard",
    restoreRate: PLANS.standard.restoreRate,
    members: MEMBERS,
    stores: stores.length,
    everyStoreHoldsExactlyTheNewCodes: exact,
    currentNewCodes: current,
    retiredOldCodes: retired,
    failedOperations: failedOps,
    // Per action: how many operations, and when (seconds after the start) the first and last ended.
    operationsByAction: await actionSpans(db, [result.jobId], startedAt),
    refreshCodesSeconds: +writtenSeconds.toFixed(2),
    ...(await phaseFigures(clients, stores, wallSeconds)),
    loadPerCore: { before: loadBefore, after: loadPerCore() },
    machine: machine(),
  };
  console.log(JSON.stringify(figures));
} finally {
  await dispose();
  await emulator.close();
}
