// The closed vocabularies of the sync engine (R34, R38). Every value stored in SyncOperation.action,
// SyncOperation.status, Job.kind and Job.status is one of these: adding an action means adding it
// here, and the dispatcher's exhaustive switch then refuses to compile until it is handled.
import type { PromoCode, SyncOperation } from "@prisma/client";
import type { PrismaClient } from "@prisma/client";
import type { AdminClient } from "~/shopify/client.server";

export const SYNC_ACTIONS = ["CHECK_CODE", "DELETE_CODE", "REVERT_DRIFT", "DEACTIVATE_CODE", "CREATE_CODE", "ACTIVATE_CODE", "UPDATE_DISCOUNT"] as const;
/**
 * - CHECK_CODE: R7 preflight, run once per code (on the primary store's row): is the code free in
 *   every store where it is still to be created? Then CREATE_CODE operations follow.
 * - CREATE_CODE: create the code in one store (in the offer's unified discount, or its own).
 * - DELETE_CODE: take the code out of one store (R9 store removed, rollback of a failed code).
 * - DEACTIVATE_CODE: stop the code working in one store (R15 usage limit, R24).
 * - ACTIVATE_CODE: make a deactivated code work again in one store (R23).
 * - UPDATE_DISCOUNT: push the offer's settings to its discounts in one store (no code).
 * - REVERT_DRIFT: undo code changes made in a store's admin (R37): take out codes someone else
 *   added to the app's discount, rename a renamed code back (no code; the drift items say which).
 */
export type SyncAction = (typeof SYNC_ACTIONS)[number];
export type OperationStatus = "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED";
export const OPEN_STATUSES: OperationStatus[] = ["PENDING", "RUNNING"];
export const JOB_KINDS = [
  "GENERATE_CODES",
  "UPDATE_DISCOUNTS",
  "USAGE_LIMIT",
  "ACTIVATE_CODES",
  "DEACTIVATE_CODES",
  "REFRESH_CODES",
  "REVERT_DRIFT",
  "GENERATE_BULK_CODES",
] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export type JobStatus = "QUEUED" | "RUNNING" | "DONE";
/** A code's overall state across its stores. PENDING: never live yet (its creation is under way). */
export type CodeStatus = "PENDING" | "ACTIVE" | "DEACTIVATED" | "FAILED" | "RETIRED";
/** A code's state in one store. */
export type StoreCodeState = "PENDING" | "SYNCED" | "FAILED" | "DEACTIVATED";

export function assertNever(value: never): never {
  throw new Error(`Unhandled value: ${String(value)}`);
}

export function isSyncAction(value: string): value is SyncAction {
  return (SYNC_ACTIONS as readonly string[]).includes(value);
}

export interface WorkerDeps {
  db: PrismaClient;
  /** The Admin client for a store (its offline session), or an error when it has none. */
  adminFor: (store: string) => Promise<AdminClient>;
  workerId?: string;
  /** How long a claim holds without renewal; renewed every leaseMs/3 while the worker is alive. */
  leaseMs?: number;
  batchSize?: number;
  maxAttempts?: number;
  /** Concurrent creates per store for per-code discounts (the bucket paces them anyway). */
  concurrency?: number;
  pollMs?: number;
  /** Where fresh bulk codes come from when a store holds one already (R19; seeded in tests). */
  random?: () => number;
}

/** Leases are short and renewed while their worker lives (R34: a dead worker's work resumes within seconds). */
export const DEFAULT_LEASE_MS = 10_000;

export type Outcome = { ok: true; remoteCodeId?: string | null } | { ok: false; message: string; retry?: boolean };
export type Claimed = SyncOperation & { action: SyncAction; promoCode: PromoCode | null };

export interface Finished {
  op: Claimed;
  outcome: Outcome;
  discountGroupId?: string;
}
