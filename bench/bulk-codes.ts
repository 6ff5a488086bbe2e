// Bulk codes (issue 17, R19): 100,000 random codes generated and stored locally (target < 2 s),
// synced to one store on a Standard-plan bucket (100 points/s, 2,000 max) against the floor the
// bucket sets (points ÷ restore rate, docs/decisions/016; target ≤ 1.15×), then exported as CSV
// (target < 2 s, RSS growth < 100 MB: streamed). The emulator runs in its own process.
//   npm run bench -- bulk-codes [codes=100000] [--local]
// --local skips the sync (the local figures only: generation and export). CPU seconds
// (process.cpuUsage, user + system) are reported beside the wall times: on a shared machine the
// wall time is mostly other processes' load, the CPU time is the app's own work.
import v8 from "node:v8";
import vm from "node:vm";
import { runPendingOperations } from "../app/jobs/sync-worker.server";
import { generateBulkCodes } from "../app/services/bulk-codes.server";
import { offerCodesCsv } from "../app/services/code-export.server";
import { createOffer } from "../app/services/offers.server";
import { newOfferValues, parseOfferForm } from "../app/domain/offers/offer-input";
import { PLANS } from "../emulator/src/state";
import { benchEmulator, freshDatabase, loadPerCore, machine, refillBuckets, trackedClients } from "./support";

const args = process.argv.slice(2);
const LOCAL = args.includes("--local");
const CODES = Number(args.find((a) => !a.startsWith("--")) ?? 100_000);
const SHOP = "us-store.myshopify.com";
const RESTORE = PLANS.standard.restoreRate;
const mb = (bytes: number) => +(bytes / 2 ** 20).toFixed(1);
/** CPU seconds (user + system) of this process since `since`. */
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return +((u.user + u.system) / 1e6).toFixed(2);
};

const emulator = await benchEmulator();
const { db, dispose } = freshDatabase();
try {
  const parsed = parseOfferForm({ ...newOfferValues(new Date("2026-11-01T00:00:00Z")), name: "Bench bulk", groupName: "Bench bulk", payoutFlatCents: "10", discountPercent: "20" });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const created = await createOffer(db, { shop: SHOP, actor: "bench", input: parsed.value });
  if (!created.ok) throw new Error("offer");
  const offerId = created.offer.id;

  // 1. Generate and store (codes, store states, operations, job) in one transaction.
  const loadAtGenerate = loadPerCore();
  let cpu = process.cpuUsage();
  let started = performance.now();
  const generated = await generateBulkCodes(db, {
    shop: SHOP,
    actor: "bench",
    offerId,
    spec: { count: CODES, length: 10, charset: "BOTH", excludeAmbiguous: true, prefix: "BULK-", suffix: "" },
  });
  const generateSeconds = (performance.now() - started) / 1000;
  const generateCpuSeconds = cpuSeconds(cpu);
  if (!generated.ok) throw new Error(JSON.stringify(generated));

  // 2. Sync to the store from a full bucket.
  console.error(`generated ${CODES} codes in ${generateSeconds.toFixed(2)} s (${generateCpuSeconds} s CPU)`);
  const sync = LOCAL ? { skipped: true } : await syncAll(generated.jobId);

  // 3. Export every code as CSV, read to the end as a client would; RSS sampled while it streams.
  // A full collection first (the generation's garbage is not the export's), exposed here so
  // `npm run bench` needs no node flag.
  v8.setFlagsFromString("--expose-gc");
  (vm.runInNewContext("gc") as () => void)();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sample = () => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss()));
  const sampler = setInterval(sample, 20);
  const loadAtExport = loadPerCore();
  cpu = process.cpuUsage();
  started = performance.now();
  const file = await offerCodesCsv(db, SHOP, offerId);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of file!.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    // Also sampled here: a stream served from microtasks alone never lets the interval run.
    sample();
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
  }
  const exportSeconds = (performance.now() - started) / 1000;
  const exportCpuSeconds = cpuSeconds(cpu);
  clearInterval(sampler);
  sample();

  console.log(
    JSON.stringify({
      bench: "bulk-codes",
      plan: "standard",
      restoreRate: RESTORE,
      machine: machine(),
      loadPerCore: loadPerCore(),
      codes: CODES,
      generateSeconds: +generateSeconds.toFixed(2),
      generateCpuSeconds,
      loadPerCoreAtGenerate: loadAtGenerate,
      exportSeconds: +exportSeconds.toFixed(2),
      exportCpuSeconds,
      loadPerCoreAtExport: loadAtExport,
      exportRssGrowthMB: mb(rssPeak - rssBefore),
      exportBytes: bytes,
      exportRows: lines - 1,
      sync,
    }),
  );
} finally {
  await dispose();
  await emulator.close();
}

/** 2. Sync to the store from a full bucket; the figures against the bucket's floor. */
async function syncAll(jobId: string) {
  // The emulator sat idle through the generation: a kept-alive connection it closed fails once.
  await refillBuckets(emulator, [SHOP]).catch(() => refillBuckets(emulator, [SHOP]));
  const clients = trackedClients(emulator);
  const started = performance.now();
  await runPendingOperations({ db, adminFor: clients.adminFor, workerId: "bench" });
  const syncSeconds = (performance.now() - started) / 1000;
  const t = clients.totals();
  const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
  console.error(`synced in ${syncSeconds.toFixed(2)} s: ${JSON.stringify(t)}`);
  // The emulator's whole state (100,000 codes) once; a dropped kept-alive connection is retried.
  const countInStore = async () => Object.values((await emulator.state()).shops[SHOP]!.discounts).reduce((n, d) => n + d.codes.length, 0);
  const codesInStore = await countInStore().catch(() => countInStore());
  const floorSeconds = t.pointsSpent / RESTORE;
  return {
    wallSeconds: +syncSeconds.toFixed(2),
    adminApiCalls: t.calls,
    pointsSpent: t.pointsSpent,
    throttled: t.throttled,
    floorSeconds: +floorSeconds.toFixed(2),
    ratioToFloor: +(syncSeconds / floorSeconds).toFixed(3),
    floorAfterBurstSeconds: +(Math.max(0, t.pointsSpent - PLANS.standard.maximumAvailable) / RESTORE).toFixed(2),
    succeeded: job.succeeded,
    failed: job.failed,
    codesInStore,
  };
}
