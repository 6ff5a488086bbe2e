// The workers as a process of their own: `node --import tsx app/jobs/worker-main.ts`. Each pass
// applies pending sync operations, then handles stored webhook deliveries. Several can run at
// once against PostgreSQL (claims never overlap, docs/decisions/007 and 008). Stops on SIGTERM after the
// current pass; a SIGKILL loses nothing: its leases expire and another worker resumes.
import { randomUUID } from "node:crypto";
import { createPrismaClient } from "../db.server";
import { env } from "../env.server";
import { offlineTokens } from "../shopify/offline-token.server";
import { runPendingOperations } from "./sync-worker.server";
import { processWebhookQueue } from "./webhook-worker.server";
import { closeEmailSenders, runEmailQueue } from "./email/worker.server";
import { runDriftChecks } from "../services/drift.server";

const db = createPrismaClient();
const workerId = `worker-${process.pid}-${randomUUID().slice(0, 6)}`;
const config = env(); // parsed at start: a bad value stops here with its name
const leaseMs = config.SYNC_LEASE_MS;
const idleMs = config.SYNC_IDLE_MS;
// Which queues: `worker-main.ts sync`, `worker-main.ts webhooks`, `worker-main.ts email`, `worker-main.ts drift`
// (the discounts the discounts/* webhooks asked about, R37), or all (no argument).
const queues = new Set(process.argv.slice(2).length ? process.argv.slice(2) : ["sync", "webhooks", "email", "drift"]);
let stopping = false;
process.on("SIGTERM", () => (stopping = true));
process.on("SIGINT", () => (stopping = true));

// Tokens are renewed through the one source; several workers renewing a shop at once share one
// refresh (docs/decisions/030).
async function adminFor(store: string) {
  return offlineTokens(db).adminFor(store);
}

while (!stopping) {
  try {
    const done =
      (queues.has("sync") ? await runPendingOperations({ db, adminFor, workerId, leaseMs, batchSize: config.SYNC_BATCH }) : 0) +
      (queues.has("webhooks") ? await processWebhookQueue(db, { workerId, leaseMs, batchSize: config.WEBHOOK_BATCH, yieldBetween: false }) : 0) +
      (queues.has("email") ? await runEmailQueue({ db, workerId, leaseMs: config.EMAIL_LEASE_MS ?? leaseMs }) : 0) +
      (queues.has("drift") ? await runDriftChecks(db, adminFor) : 0);
    if (done === 0) await new Promise((r) => setTimeout(r, idleMs));
  } catch (error) {
    console.error(`${workerId}: pass failed`, error);
    await new Promise((r) => setTimeout(r, idleMs));
  }
}
closeEmailSenders();
await db.$disconnect();
