// The outbox (R34, R38): the one module that writes sync jobs and operations. A writer (offer
// create/edit, generation, usage limits, retries, the worker's own check and rollback) opens a
// transaction with `withOutbox`, makes its own changes and enqueues operations through the outbox
// in that same transaction; the worker is woken once the transaction has committed, never before
// (a woken worker must find the rows). Writers never wake workers themselves.
import type { Prisma, PrismaClient } from "@prisma/client";
import { eachChunk } from "~/services/chunks.server";
import { insertRows, newId, type ColumnType } from "~/services/bulk-rows.server";
import type { JobKind, SyncAction } from "./types";

type Tx = Prisma.TransactionClient;

export interface OperationInput {
  store: string;
  action: SyncAction;
  promoCodeId?: string | null;
}

export interface JobInput {
  shop: string;
  kind: JobKind;
  offerId: string | null;
  actor: string;
}

/** What a writer may do inside its transaction. */
export interface Outbox {
  readonly tx: Tx;
  /** A job to report on the operations enqueued with it (R38). */
  createJob(job: JobInput): Promise<string>;
  /** Operations for a job (or none), stored with the caller's changes. */
  enqueue(args: { jobId: string | null; shop: string; offerId: string; operations: OperationInput[] }): Promise<number>;
  /** Failed operations back to the queue (their jobs run again). */
  retry(operationIds: string[]): Promise<void>;
}

const OPERATION_COLUMNS: Record<string, ColumnType> = {
  id: "text",
  jobId: "text",
  shop: "text",
  store: "text",
  offerId: "text",
  promoCodeId: "text",
  action: "text",
  status: "text",
  attempts: "int",
  createdAt: "timestamp",
  updatedAt: "timestamp",
};

type Waker = () => void;
const wakers = new Set<Waker>();

/** The in-process worker registers here; `withOutbox` calls it after a commit that enqueued work. */
export function onSyncWork(waker: Waker): () => void {
  wakers.add(waker);
  return () => wakers.delete(waker);
}

function wake() {
  for (const w of wakers) w();
}

/** An outbox bound to a transaction the caller already holds (the worker's own follow-up work). */
export function outboxIn(tx: Tx, onWrite: () => void = () => {}): Outbox {
  return {
    tx,
    async createJob(job) {
      const row = await tx.job.create({ data: { ...job, status: "QUEUED", total: 0 } });
      return row.id;
    },
    async enqueue({ jobId, shop, offerId, operations }) {
      if (!operations.length) return 0;
      // One statement per 5,000 operations (bulk-rows.server.ts: createMany costs ~1 ms a row).
      const now = new Date();
      await insertRows(
        tx,
        "SyncOperation",
        OPERATION_COLUMNS,
        operations.map((o) => [newId(), jobId, shop, o.store, offerId, o.promoCodeId ?? null, o.action, "PENDING", 0, now, now]),
      );
      if (jobId) await tx.job.update({ where: { id: jobId }, data: { total: { increment: operations.length }, status: "QUEUED", finishedAt: null } });
      onWrite();
      return operations.length;
    },
    async retry(operationIds) {
      if (!operationIds.length) return;
      const ops = await tx.syncOperation.findMany({ where: { id: { in: operationIds } }, select: { jobId: true } });
      await eachChunk(operationIds, (part) =>
        tx.syncOperation.updateMany({ where: { id: { in: part }, status: "FAILED" }, data: { status: "PENDING", attempts: 0, error: null, leaseUntil: null, leaseOwner: null } }),
      );
      const jobIds = [...new Set(ops.map((o) => o.jobId).filter((id): id is string => Boolean(id)))];
      if (jobIds.length) await tx.job.updateMany({ where: { id: { in: jobIds } }, data: { status: "RUNNING", finishedAt: null } });
      onWrite();
    },
  };
}

/**
 * Runs `fn` in one transaction with an outbox; wakes the worker after the commit when anything
 * was enqueued. Nothing is enqueued (and nobody is woken) when `fn` throws.
 */
export async function withOutbox<T>(db: PrismaClient, fn: (outbox: Outbox) => Promise<T>, opts: { timeout?: number } = {}): Promise<T> {
  let wrote = false;
  const result = await db.$transaction((tx) => fn(outboxIn(tx, () => (wrote = true))), { timeout: opts.timeout ?? 60_000 });
  if (wrote) wake();
  return result;
}

/** For writes that already committed elsewhere (the worker itself): wake after the fact. */
export const wakeSyncWorkers = wake;
