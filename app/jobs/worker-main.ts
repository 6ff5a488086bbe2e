// A sync worker as its own process: `npx tsx app/jobs/worker-main.ts`. Several can run at once
// against PostgreSQL (claims never overlap, docs/decisions/007). Stops on SIGTERM after the
// current pass; a SIGKILL loses nothing: its leases expire and another worker resumes.
import { randomUUID } from "node:crypto";
import { createPrismaClient } from "../db.server";
import { adminClientForSession } from "../shopify/admin.server";
import { runPendingOperations } from "./sync-worker.server";

const db = createPrismaClient();
const workerId = `worker-${process.pid}-${randomUUID().slice(0, 6)}`;
const leaseMs = Number(process.env.SYNC_LEASE_MS ?? 120_000);
const idleMs = Number(process.env.SYNC_IDLE_MS ?? 500);
let stopping = false;
process.on("SIGTERM", () => (stopping = true));
process.on("SIGINT", () => (stopping = true));

async function adminFor(store: string) {
  const session = await db.session.findUnique({ where: { id: `offline_${store}` } });
  if (!session) throw new Error(`no offline session for ${store}`);
  return adminClientForSession(session);
}

while (!stopping) {
  try {
    const done = await runPendingOperations({ db, adminFor, workerId, leaseMs, batchSize: Number(process.env.SYNC_BATCH ?? 500) });
    if (done === 0) await new Promise((r) => setTimeout(r, idleMs));
  } catch (error) {
    console.error(`${workerId}: pass failed`, error);
    await new Promise((r) => setTimeout(r, idleMs));
  }
}
await db.$disconnect();
