// Runs the workers inside the app process (the embedded default; app/jobs/worker-main.ts runs
// them as processes of their own): the sync worker and the webhook worker, each kicked when work
// is queued, and on a timer so that retries after a backoff and work left by a crashed process
// are resumed.
import { randomUUID } from "node:crypto";
import prisma from "~/db.server";
import { env } from "~/env.server";
import { offlineTokens } from "~/shopify/offline-token.server";
import { runPendingOperations, type WorkerDeps } from "./sync-worker.server";
import { onSyncWork } from "./sync/outbox.server";
import { processWebhookQueue } from "./webhook-worker.server";
import { runEmailQueue } from "./email/worker.server";
import { onEmailWork } from "./email/queue.server";
import { runRatesJob } from "~/services/rates-job.server";
import { reconcileAllStores, runDriftChecks } from "~/services/drift.server";
import { onDriftCheck } from "~/webhooks/discounts.server";

const workerId = `app-${process.pid}-${randomUUID().slice(0, 8)}`;

// Each store's client gets its token through the one renewing source (docs/decisions/030).
async function adminFor(store: string) {
  return offlineTokens(prisma).adminFor(store);
}

export const defaultWorkerDeps = (): WorkerDeps => ({ db: prisma, adminFor, workerId });

/** One pass at a time; a kick during a pass asks for another pass right after it. */
function coalescing(pass: () => Promise<unknown>, name: string) {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await pass();
        } catch (error) {
          console.error(`${name} pass failed`, error);
        }
      } while (again);
    })().finally(() => {
      running = null;
    });
  };
}

const syncPass = coalescing(() => runPendingOperations(defaultWorkerDeps()), "sync worker");

/** Starts a pass of the sync worker now (or another right after the current one). */
export function kickSyncWorker(): void {
  syncPass();
}

let timer: NodeJS.Timeout | undefined;
/** Once per process: a pass every few seconds picks up retries and abandoned leases. */
export function startSyncWorker(intervalMs = 3000): void {
  if (timer || env().SYNC_WORKER === "off") return;
  // Work enqueued through the outbox wakes the worker once its transaction has committed.
  onSyncWork(kickSyncWorker);
  timer = setInterval(() => kickSyncWorker(), intervalMs);
  timer.unref();
  kickSyncWorker();
}

let webhookWorkerStarted = false;
const webhookPass = coalescing(async () => {
  // Batch after batch while there is work, with a turn of the event loop in between.
  while ((await processWebhookQueue(prisma, { workerId, batchSize: env().WEBHOOK_BATCH })) > 0) await new Promise((r) => setImmediate(r));
}, "webhook worker");

/** Called after a delivery is stored: handles it soon, if this process runs the webhook worker. */
export function kickWebhookWorker(): void {
  if (webhookWorkerStarted) webhookPass();
}

let webhookTimer: NodeJS.Timeout | undefined;
/** Once per process, unless WEBHOOK_WORKER=off (deliveries are then handled by worker-main). */
export function startWebhookWorker(intervalMs = 1000): void {
  if (webhookTimer || env().WEBHOOK_WORKER === "off") return;
  webhookWorkerStarted = true;
  webhookTimer = setInterval(() => webhookPass(), intervalMs);
  webhookTimer.unref();
  webhookPass();
}

let ratesTimer: NodeJS.Timeout | undefined;
/** Once per process, unless RATES_JOB=off: rates at start (bundled if none), then every 6 hours. */
export function startRatesJob(intervalMs = 6 * 3_600_000): void {
  if (ratesTimer || env().RATES_JOB === "off") return;
  const run = () =>
    runRatesJob(prisma).then(
      (r) =>
        console.log(
          `rates: ${r.imported ? `${r.imported} bundled daily rates imported; ` : ""}${r.refreshed.ok ? `ECB rates for ${r.refreshed.day} stored` : r.refreshed.reason}${r.revalued ? `; ${r.revalued} provisional conversions revalued` : ""}`,
        ),
      (error) => console.error("rates job failed", error),
    );
  ratesTimer = setInterval(run, intervalMs);
  ratesTimer.unref();
  void run();
}

let emailTimer: NodeJS.Timeout | undefined;
const emailPass = coalescing(() => runEmailQueue({ db: prisma, workerId }), "email worker");
/** Once per process, unless EMAIL_WORKER=off: members' emails (R18), woken when messages are queued. */
export function startEmailWorker(intervalMs = 2000): void {
  if (emailTimer || env().EMAIL_WORKER === "off") return;
  onEmailWork(emailPass);
  emailTimer = setInterval(() => emailPass(), intervalMs);
  emailTimer.unref();
  emailPass();
}

let driftTimers: NodeJS.Timeout[] = [];
const driftPass = coalescing(() => runDriftChecks(prisma, adminFor), "drift checks");
/**
 * Once per process, unless DRIFT_JOB=off (R37, docs/decisions/130): the discounts webhooks asked
 * about are read soon (woken, and every 5 s), and every discount of the app in every store is
 * reconciled every DRIFT_RECONCILE_MINUTES (60), for what webhooks missed.
 */
export function startDriftJob(checkMs = 5000): void {
  if (driftTimers.length || process.env.DRIFT_JOB === "off") return;
  onDriftCheck(driftPass);
  const reconcile = coalescing(async () => {
    const result = await reconcileAllStores(prisma, adminFor);
    const found = Object.values(result).reduce((n, r) => n + ("findings" in r ? r.findings : 0), 0);
    if (found) console.log(`drift reconcile: ${found} differences in ${Object.keys(result).length} stores`);
  }, "drift reconcile");
  driftTimers = [setInterval(driftPass, checkMs), setInterval(reconcile, Number(process.env.DRIFT_RECONCILE_MINUTES ?? 60) * 60_000)];
  for (const t of driftTimers) t.unref();
}
