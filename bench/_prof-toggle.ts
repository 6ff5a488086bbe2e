// Deactivating 1,000 members' codes (R24) and activating them back (R23) in an offer synced to 5
// stores on Standard-plan buckets, through changeCodeStatus and the worker to completion. Prints
// each phase and both together: wall time, Admin API calls, points, and the ratio to the slowest
// store's bucket floor (target ≤ 1.15×).
//   npm run bench -- toggle-codes [members=1000]
import { runPendingOperations } from "../app/jobs/sync-worker.server";
import { changeCodeStatus, type CodeStatusTarget } from "../app/services/code-status.server";
import { Session } from "node:inspector/promises";
import { writeFileSync } from "node:fs";
import { PLANS } from "../emulator/src/state";
import { actionSpans, codesPerStore, offerWithLiveCodes, phaseFigures, PRIMARY } from "./refresh-support";
import { benchEmulator, bucketFloorSeconds, freshDatabase, loadPerCore, machine, refillBuckets, trackedClients } from "./support";

const MEMBERS = Number(process.argv[2] ?? 1000);
const TITLE = "Bench toggle";

const emulator = await benchEmulator();
const fresh = freshDatabase();
await fresh.db.$disconnect();
const { PrismaClient } = await import("@prisma/client");
const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: fresh.url, timeout: 30000 }), log: [{ emit: "event", level: "query" }] });
const dispose = fresh.dispose;
let collecting = false;
const stats = new Map<string, { n: number; ms: number }>();
(db as any).$on("query", (e: { query: string; duration: number }) => {
  if (!collecting) return;
  const key = e.query.replace(/\s+/g, " ").slice(0, 220);
  const s = stats.get(key) ?? { n: 0, ms: 0 };
  s.n++; s.ms += e.duration; stats.set(key, s);
});
try {
  const { offerId, stores } = await offerWithLiveCodes(db, emulator, MEMBERS, TITLE);
  const phase = async (target: CodeStatusTarget) => {
    await refillBuckets(emulator, stores);
    const loadBefore = loadPerCore();
    const clients = trackedClients(emulator);
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    const startedAt = new Date();
    const result = await changeCodeStatus(db, { shop: PRIMARY, actor: "bench", offerId, offerMemberIds: "ALL", target });
    if (!result.ok || !result.jobId) throw new Error(JSON.stringify(result));
    await runPendingOperations({ db, adminFor: clients.adminFor, workerId: "bench" });
    const wallSeconds = (performance.now() - started) / 1000;
    const c = process.cpuUsage(cpu0); console.log(`CPU ${target} ${((c.user + c.system) / 1e6).toFixed(2)}s wall ${wallSeconds.toFixed(2)}`);
    const inStores = await codesPerStore(emulator, stores, TITLE);
    const [inTarget, failedOps] = await Promise.all([
      db.promoCode.count({ where: { offerId, status: target } }),
      db.syncOperation.count({ where: { jobId: result.jobId, status: "FAILED" } }),
    ]);
    const figures = {
      target,
      codesChanged: result.changed,
      codesNowInTarget: inTarget,
      codesPerStore: inStores.map((c) => c.length),
      failedOperations: failedOps,
      operationsByAction: await actionSpans(db, [result.jobId], startedAt),
      ...(await phaseFigures(clients, stores, wallSeconds)),
      loadPerCore: { before: loadBefore, after: loadPerCore() },
    };
    console.log(`${target === "ACTIVE" ? "activate" : "deactivate"}: ${JSON.stringify(figures)}`);
    return { figures, clients };
  };
  const session = new Session(); session.connect(); await session.post("Profiler.enable"); await session.post("Profiler.start"); collecting = true;
  const off = await phase("DEACTIVATED");
  const on = await phase("ACTIVE");
  const { profile } = await session.post("Profiler.stop"); writeFileSync("/tmp/toggle.cpuprofile", JSON.stringify(profile)); collecting = false;
  for (const [k, v] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40)) console.log(`Q ${v.ms.toFixed(0)}ms n=${v.n} ${k}`);
  // Together: each phase starts from full buckets, so each store's floor is the sum of its phases' floors.
  const floors = await Promise.all(
    stores.map(
      async (s) =>
        bucketFloorSeconds((await off.clients.adminFor(s)).stats.pointsSpent, PLANS.standard) +
        bucketFloorSeconds((await on.clients.adminFor(s)).stats.pointsSpent, PLANS.standard),
    ),
  );
  const floorSeconds = Math.max(...floors);
  const pointsOverRestore = Math.max(
    ...(await Promise.all(
      stores.map(async (s) => ((await off.clients.adminFor(s)).stats.pointsSpent + (await on.clients.adminFor(s)).stats.pointsSpent) / PLANS.standard.restoreRate),
    )),
  );
  const wallSeconds = off.figures.wallSeconds + on.figures.wallSeconds;
  console.log(
    JSON.stringify({
      bench: "toggle-codes",
      plan: "standard",
      restoreRate: PLANS.standard.restoreRate,
      members: MEMBERS,
      stores: stores.length,
      deactivate: off.figures,
      activate: on.figures,
      wallSeconds: +wallSeconds.toFixed(2),
      adminApiCalls: off.figures.adminApiCalls + on.figures.adminApiCalls,
      pointsSpent: off.figures.pointsSpent + on.figures.pointsSpent,
      // The floor generate-codes and sync-stores use (points ÷ restore rate); after the free burst of a full bucket too.
      slowestStoreFloorSeconds: +pointsOverRestore.toFixed(2),
      slowestStoreFloorAfterBurstSeconds: +floorSeconds.toFixed(2),
      ratioToFloor: +(wallSeconds / pointsOverRestore).toFixed(3),
      machine: machine(),
    }),
  );
} finally {
  await dispose();
  await emulator.close();
}
