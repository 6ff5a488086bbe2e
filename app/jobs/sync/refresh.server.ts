// Refresh sequencing (R20, R21; docs/decisions/013). A refresh writes a new code that replaces
// the member's current one (`replacesId`); the replaced code keeps working until its successor is
// live everywhere, so a refresh that fails anywhere changes nothing for that member.
// - New name (R20): CHECK_CODE in every store first, then CREATE_CODE of the new code in each
//   store; once it is ACTIVE everywhere it becomes the member's current code, the old one is
//   RETIRED (its conversions stay attributed) and DELETE_CODE takes it out of every store.
// - Same name (R21): the name is held by the member's own code, so the check skips the stores
//   that hold it, and in each of them DELETE_CODE removes the old code first; its success queues
//   the CREATE_CODE of the new one there. Shopify's usage count starts at 0 on the new redeem code.
// Each step is queued in the same transaction as the outcome that triggers it (nothing is lost
// to a crash in between) and each is idempotent (conditional updates), like the rest of the engine.
import type { Prisma, PrismaClient, PromoCode } from "@prisma/client";
import { eachChunk, inChunks } from "~/services/chunks.server";
import { outboxIn, wakeSyncWorkers, type Outbox } from "./outbox.server";
import type { Claimed, Finished } from "./types";

type Tx = Prisma.TransactionClient;

export interface Replacement {
  old: PromoCode & { storeCodes: { store: string; state: string }[] };
  /** The new code has the old one's name (R21): the old one must go before the new one is added. */
  sameName: boolean;
}

/** For the checked codes that replace another: what they replace. */
export async function replacementsOf(db: PrismaClient | Tx, codes: PromoCode[]): Promise<Map<string, Replacement>> {
  const replacing = codes.filter((c) => c.replacesId);
  const olds = await inChunks(replacing, (part) =>
    db.promoCode.findMany({ where: { id: { in: part.map((c) => c.replacesId!) } }, include: { storeCodes: { select: { store: true, state: true } } } }),
  );
  const byId = new Map(olds.map((o) => [o.id, o]));
  const result = new Map<string, Replacement>();
  for (const c of replacing) {
    const old = byId.get(c.replacesId!);
    if (old) result.set(c.id, { old, sameName: old.codeKey === c.codeKey });
  }
  return result;
}

/** Same name: in a store where the member's own code holds the name, nobody else can hold it. */
export function heldByOwnCode(replacement: Replacement | undefined, store: string): boolean {
  return Boolean(replacement?.sameName && replacement.old.storeCodes.some((s) => s.store === store && s.state === "SYNCED"));
}

/** The first step in one store for a code that passed its check. */
export function firstStepIn(op: Claimed, replacement: Replacement | undefined, store: string) {
  return heldByOwnCode(replacement, store)
    ? { store, action: "DELETE_CODE" as const, promoCodeId: replacement!.old.id }
    : { store, action: "CREATE_CODE" as const, promoCodeId: op.promoCodeId };
}

/**
 * Inside the outcome's transaction: a replaced code removed from a store makes room for its
 * same-name successor there. Returns whether anything was queued (the caller wakes the worker).
 */
export async function queueSuccessorsAfterRemoval(tx: Tx, final: Finished[]): Promise<boolean> {
  const removed = final.filter((e) => e.op.action === "DELETE_CODE" && e.outcome.ok && e.op.promoCodeId);
  if (!removed.length) return false;
  const successors = await inChunks(removed, (part) => tx.promoCode.findMany({ where: { replacesId: { in: part.map((e) => e.op.promoCodeId!) }, status: "PENDING" } }));
  if (!successors.length) return false;
  const outbox = outboxIn(tx);
  let queued = 0;
  for (const e of removed) {
    for (const next of successors.filter((s) => s.replacesId === e.op.promoCodeId)) {
      const open = await tx.syncOperation.count({ where: { promoCodeId: next.id, store: e.op.store, action: "CREATE_CODE", status: { in: ["PENDING", "RUNNING", "SUCCEEDED"] } } });
      if (open) continue;
      queued += await outbox.enqueue({
        jobId: e.op.jobId,
        shop: next.shop,
        offerId: next.offerId,
        operations: [{ store: e.op.store, action: "CREATE_CODE", promoCodeId: next.id }],
      });
    }
  }
  return queued > 0;
}

/**
 * A new code that is live in every store becomes the member's current code: the one it replaces
 * is retired (history, R20) and, when the names differ, removed from every store. Runs after the
 * outcomes commit and again when a job is settled, so a crash in between is healed.
 */
export async function promoteReplacements(db: PrismaClient, codeIds: string[]) {
  const live = await inChunks(codeIds, (part) => db.promoCode.findMany({ where: { id: { in: part }, status: "ACTIVE", replacesId: { not: null }, current: false } }));
  // One order for every worker: two promoting the same codes at once lock them in the same order.
  live.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let queued = false;
  // A hundred codes per transaction (a bulk refresh promotes a thousand at once); each promotion
  // is still conditional on its own, so two workers never retire a code twice.
  for (let i = 0; i < live.length; i += 100) {
    await db.$transaction(
      async (tx) => {
        for (const code of live.slice(i, i + 100)) {
          const { count } = await tx.promoCode.updateMany({ where: { id: code.replacesId!, current: true }, data: { current: false, status: "RETIRED", retiredAt: new Date() } });
          await tx.promoCode.update({ where: { id: code.id }, data: { current: true } });
          if (!count) continue;
          const old = await tx.promoCode.findUniqueOrThrow({ where: { id: code.replacesId! }, include: { storeCodes: true } });
          if (old.codeKey === code.codeKey || !old.storeCodes.length) continue;
          const job = await tx.syncOperation.findFirst({ where: { promoCodeId: code.id }, orderBy: { createdAt: "asc" }, select: { jobId: true } });
          await queueRemoval(
            outboxIn(tx),
            job?.jobId ?? null,
            old,
            old.storeCodes.map((s) => s.store),
          );
          queued = true;
        }
      },
      { timeout: 60_000 },
    );
  }
  if (queued) wakeSyncWorkers();
}

async function queueRemoval(outbox: Outbox, jobId: string | null, old: PromoCode, stores: string[]) {
  await outbox.enqueue({ jobId, shop: old.shop, offerId: old.offerId, operations: stores.map((store) => ({ store, action: "DELETE_CODE", promoCodeId: old.id })) });
  await eachChunk(stores, (part) =>
    outbox.tx.storeCode.updateMany({ where: { promoCodeId: old.id, store: { in: part } }, data: { state: "PENDING", error: "Being removed: the code was refreshed." } }),
  );
}

/**
 * A same-name successor must not be rolled back: its predecessor is already gone from the stores
 * where it was created, so rolling it back would leave the member with no code at all. Its failed
 * stores are shown on the job page, to retry.
 */
export async function sameNameSuccessors(db: PrismaClient, codeIds: string[]): Promise<Set<string>> {
  const codes = await inChunks(codeIds, (part) =>
    db.promoCode.findMany({ where: { id: { in: part }, replacesId: { not: null } }, select: { id: true, codeKey: true, replacesId: true } }),
  );
  if (!codes.length) return new Set();
  const olds = await inChunks(codes, (part) => db.promoCode.findMany({ where: { id: { in: part.map((c) => c.replacesId!) } }, select: { id: true, codeKey: true } }));
  const keyOf = new Map(olds.map((o) => [o.id, o.codeKey]));
  return new Set(codes.filter((c) => keyOf.get(c.replacesId!) === c.codeKey).map((c) => c.id));
}
