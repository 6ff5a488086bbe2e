// Runs the sync worker inside the app process: kicked when operations are queued, and on a
// timer so that retries after a backoff and operations left by a crashed process are resumed.
import { randomUUID } from "node:crypto";
import prisma from "~/db.server";
import { adminClientForSession } from "~/shopify/admin.server";
import { runPendingOperations, type WorkerDeps } from "./sync-worker.server";

const workerId = `app-${process.pid}-${randomUUID().slice(0, 8)}`;

async function adminFor(store: string) {
  const session = await prisma.session.findUnique({ where: { id: `offline_${store}` } });
  if (!session) throw new Error(`no offline session for ${store}`);
  return adminClientForSession(session);
}

export const defaultWorkerDeps = (): WorkerDeps => ({ db: prisma, adminFor, workerId });

let running: Promise<void> | null = null;
let again = false;

/** Starts a pass of the worker now (or another right after the current one). */
export function kickSyncWorker(deps: WorkerDeps = defaultWorkerDeps()): void {
  if (running) {
    again = true;
    return;
  }
  running = (async () => {
    do {
      again = false;
      try {
        await runPendingOperations(deps);
      } catch (error) {
        console.error("sync worker pass failed", error);
      }
    } while (again);
  })().finally(() => {
    running = null;
  });
}

let timer: NodeJS.Timeout | undefined;
/** Once per process: a pass every few seconds picks up retries and abandoned leases. */
export function startSyncWorker(intervalMs = 3000): void {
  if (timer || process.env.SYNC_WORKER === "off") return;
  timer = setInterval(() => kickSyncWorker(), intervalMs);
  timer.unref();
  kickSyncWorker();
}
