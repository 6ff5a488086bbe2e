// Claiming and fencing (R34). Operations are claimed with an atomic conditional update under a
// unique claim token and a short lease; the claiming worker renews the lease while it lives, so
// the work of a worker that died (SIGKILL, a restart) is claimable again within one lease
// (DEFAULT_LEASE_MS), by any instance, including the one that restarts. Every outcome is written
// only while the claim still holds the operation (see settle.server.ts): a worker that lost its
// lease writes nothing.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { databaseUrl, providerOf } from "../../../prisma/database-url";
import { updateWhereIn } from "~/services/bulk-rows.server";
import { DEFAULT_LEASE_MS, isSyncAction, type Claimed, type WorkerDeps } from "./types";

export const claimable = (now: Date) => ({
  OR: [
    { status: "PENDING", OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] },
    // RUNNING with an expired lease: its worker died or stalled.
    { status: "RUNNING", leaseUntil: { lte: now } },
  ],
});

export const leaseMsOf = (deps: WorkerDeps) => deps.leaseMs ?? DEFAULT_LEASE_MS;

/** Claims up to `limit` operations, oldest first. Returns them with their codes. */
export async function claim(deps: WorkerDeps, limit: number): Promise<Claimed[]> {
  const { db } = deps;
  const now = new Date();
  const candidates = await db.syncOperation.findMany({ where: claimable(now), orderBy: { createdAt: "asc" }, take: limit, select: { id: true } });
  if (candidates.length === 0) return [];
  const token = `${deps.workerId ?? "worker"}:${randomUUID()}`;
  // One statement for the whole claim (the ids as one JSON parameter), still conditional: a row
  // another worker claimed since it was read no longer matches.
  await updateWhereIn(
    db,
    "SyncOperation",
    "id",
    candidates.map((c) => c.id),
    {
      set: { status: "RUNNING", leaseOwner: token, leaseUntil: new Date(Date.now() + leaseMsOf(deps)), attempts: { sql: `"attempts" + 1` }, updatedAt: new Date() },
      condition: (bind) =>
        `("SyncOperation"."status" = 'PENDING' AND ("SyncOperation"."leaseUntil" IS NULL OR "SyncOperation"."leaseUntil" <= ${bind(now)})) OR ("SyncOperation"."status" = 'RUNNING' AND "SyncOperation"."leaseUntil" <= ${bind(now)})`,
    },
  );
  const claimed = await db.syncOperation.findMany({ where: { leaseOwner: token, status: "RUNNING" }, include: { promoCode: true }, orderBy: { createdAt: "asc" } });
  const unknown = claimed.filter((op) => !isSyncAction(op.action));
  if (unknown.length)
    await db.syncOperation.updateMany({
      where: { id: { in: unknown.map((o) => o.id) }, leaseOwner: token },
      data: { status: "FAILED", error: "Unknown action.", leaseOwner: `${token}:done`, leaseUntil: null },
    });
  return claimed.filter((op): op is Claimed => isSyncAction(op.action));
}

/**
 * Keeps a claim's lease alive while its worker works on it: renews every third of the lease.
 * Returns the function that stops renewing.
 */
export function keepLeaseAlive(db: PrismaClient, token: string, leaseMs: number): () => void {
  const postgres = providerOf(databaseUrl()) === "postgresql";
  const renew = () => {
    const until = new Date(Date.now() + leaseMs);
    // On PostgreSQL the renewal skips rows another transaction holds (an outcome being written):
    // locking them in another order than that transaction would deadlock, and they need no
    // renewal. SQLite has one writer at a time, so no such cycle.
    return postgres
      ? db.$executeRaw`UPDATE "SyncOperation" SET "leaseUntil" = ${until} WHERE "id" IN (SELECT "id" FROM "SyncOperation" WHERE "leaseOwner" = ${token} AND "status" = 'RUNNING' FOR UPDATE SKIP LOCKED)`
      : db.syncOperation.updateMany({ where: { leaseOwner: token, status: "RUNNING" }, data: { leaseUntil: until } });
  };
  const timer = setInterval(
    () => {
      renew().catch((error) => console.error("sync worker: lease renewal failed", error));
    },
    Math.max(250, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return () => clearInterval(timer);
}
