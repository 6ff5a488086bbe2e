// Settling (R7, R34, R38): recording outcomes under the claim's fence, each code's state per store
// and overall, the rollback of codes that failed, and the job counters.
import type { Prisma, PrismaClient } from "@prisma/client";
import { updateRows, updateWhereIn } from "~/services/bulk-rows.server";
import { eachChunk, groupBy, inChunks } from "~/services/chunks.server";
import { outboxIn, wakeSyncWorkers } from "./outbox.server";
import { promoteReplacements, queueSuccessorsAfterRemoval, sameNameSuccessors } from "./refresh.server";
import { OPEN_STATUSES, type Claimed, type Finished, type Outcome, type WorkerDeps } from "./types";

/** Records an operation's outcome, and the code's state in that store. */
export function finish(deps: WorkerDeps, op: Claimed, outcome: Outcome, discountGroupId?: string) {
  return finishMany(deps, [{ op, outcome, discountGroupId }]);
}

/** Every still-open operation of `ops` gets `outcome` (a batch that failed as a whole). */
export async function finishOpen(deps: WorkerDeps, ops: Claimed[], outcome: Outcome) {
  const open = await inChunks(ops, (part) => deps.db.syncOperation.findMany({ where: { id: { in: part.map((o) => o.id) }, status: "RUNNING" }, select: { id: true } }));
  const openIds = new Set(open.map((o) => o.id));
  await finishMany(
    deps,
    ops.filter((op) => openIds.has(op.id)).map((op) => ({ op, outcome })),
  );
}

/**
 * Records many outcomes in one transaction (a bulk add finishes up to 250 at once): operations,
 * each code's state in the store, then the code's overall status across its stores.
 */
export async function finishMany(deps: WorkerDeps, entries: Finished[]) {
  const { db } = deps;
  // Fencing: an outcome is written only while this claim still holds the operation. A worker
  // whose lease ran out (another worker took the operation over) writes nothing.
  const retry = entries.filter((e) => !e.outcome.ok && e.outcome.retry && e.op.attempts < (deps.maxAttempts ?? 5));
  for (const { op, outcome } of retry) {
    // Back to the queue after a backoff; its lease keeps other workers off until then.
    await db.syncOperation.updateMany({
      where: { id: op.id, leaseOwner: op.leaseOwner, status: "RUNNING" },
      data: { status: "PENDING", error: outcome.ok ? null : outcome.message, leaseOwner: null, leaseUntil: new Date(Date.now() + 1000 * 2 ** op.attempts) },
    });
  }
  const candidates = entries.filter((e) => !retry.includes(e));
  if (!candidates.length) return;
  const token = candidates[0]!.op.leaseOwner;
  const done = `${token}:done`;
  let queuedFollowUps = false;
  const final = await db.$transaction(async (tx) => {
    const succeeded = candidates.filter((e) => e.outcome.ok);
    const mine = new Set(
      await updateWhereIn(
        tx,
        "SyncOperation",
        "id",
        succeeded.map((e) => e.op.id),
        { set: { status: "SUCCEEDED", error: null, leaseOwner: done, leaseUntil: null, updatedAt: new Date() }, where: { leaseOwner: token, status: "RUNNING" }, returning: "id" },
      ),
    );
    for (const { op, outcome } of candidates.filter((e) => !e.outcome.ok))
      await tx.syncOperation.updateMany({
        where: { id: op.id, leaseOwner: token, status: "RUNNING" },
        data: { status: "FAILED", error: outcome.ok ? null : outcome.message, leaseOwner: done, leaseUntil: null },
      });
    // Finished by this claim: what was just marked, and any the claim had already marked done.
    const unmarked = candidates.filter((e) => !mine.has(e.op.id));
    if (unmarked.length)
      for (const o of await inChunks(unmarked, (part) => tx.syncOperation.findMany({ where: { id: { in: part.map((e) => e.op.id) }, leaseOwner: done }, select: { id: true } })))
        mine.add(o.id);
    const final = candidates.filter((e) => mine.has(e.op.id));
    await recordStoreStates(tx, final);
    if (await queueSuccessorsAfterRemoval(tx, final)) queuedFollowUps = true;
    return final;
  });
  if (queuedFollowUps) wakeSyncWorkers();
  // Toggled codes' overall status is settled once per claimed batch, after every store's outcomes
  // are committed (dispatch.server.ts, settleToggledCodes).
  const creates = final.filter((e) => e.op.action === "CREATE_CODE" && e.op.promoCodeId);
  if (!creates.length) return;
  const codeIds = [...new Set(creates.map((e) => e.op.promoCodeId!))];
  await recomputeCodeStatuses(db, codeIds);
  await promoteReplacements(db, codeIds);
  for (const jobId of new Set(creates.map((e) => e.op.jobId))) await rollBackFailedCodes(db, codeIds, jobId);
}

/** Each finished operation's effect on its code's state in that store. */
async function recordStoreStates(tx: Prisma.TransactionClient, final: Finished[]) {
  // One statement per store and chunk of codes (a bulk deactivation settles 250 at once).
  const deactivated = final.filter((e) => e.op.action === "DEACTIVATE_CODE" && e.outcome.ok && e.op.promoCodeId);
  for (const [store, group] of groupBy(deactivated, (e) => e.op.store))
    await updateWhereIn(
      tx,
      "StoreCode",
      "promoCodeId",
      group.map((e) => e.op.promoCodeId!),
      { set: { state: "DEACTIVATED", error: null, updatedAt: new Date() }, where: { store } },
    );
  // A code removed from a store no longer has a state there.
  const removed = final.filter((e) => e.op.action === "DELETE_CODE" && e.outcome.ok && e.op.promoCodeId);
  for (const [store, group] of groupBy(removed, (e) => e.op.store))
    await eachChunk(group, (part) => tx.storeCode.deleteMany({ where: { store, promoCodeId: { in: part.map((e) => e.op.promoCodeId!) } } }));

  // An activation lands like a creation (the code is in the store again, R23).
  const creates = final.filter((e) => (e.op.action === "CREATE_CODE" || e.op.action === "ACTIVATE_CODE") && e.op.promoCodeId);
  // Successes without a redeem-code id (bulk adds that all went through) share one update. The id
  // of an earlier redeem code (before a deactivation removed it) is forgotten: a re-added code is a
  // new redeem code, and a later removal by the stale id would remove nothing.
  const idOf = (e: Finished) => (e.outcome.ok ? (e.outcome.remoteCodeId ?? null) : null);
  const plain = creates.filter((e) => e.outcome.ok && !idOf(e));
  for (const group of groupBy(plain, (e) => `${e.discountGroupId ?? ""}|${e.op.store}`).values()) {
    const { store } = group[0]!.op;
    await updateWhereIn(
      tx,
      "StoreCode",
      "promoCodeId",
      group.map((e) => e.op.promoCodeId!),
      { set: { state: "SYNCED", error: null, discountGroupId: group[0]!.discountGroupId ?? null, remoteCodeId: null, updatedAt: new Date() }, where: { store } },
    );
  }
  // Successes with their redeem-code ids: one statement per discount and store.
  const withIds = creates.filter((e) => e.outcome.ok && idOf(e));
  for (const group of groupBy(withIds, (e) => `${e.discountGroupId ?? ""}|${e.op.store}`).values()) {
    const { store } = group[0]!.op;
    await updateRows(
      tx,
      "StoreCode",
      { promoCodeId: "text", remoteCodeId: "text" },
      group.map((e) => [e.op.promoCodeId!, idOf(e)]),
      {
        where: { store },
        set: { state: "SYNCED", error: null, discountGroupId: group[0]!.discountGroupId ?? null, updatedAt: new Date() },
      },
    );
  }
  for (const e of creates)
    if (!e.outcome.ok)
      await tx.storeCode.update({ where: { promoCodeId_store: { promoCodeId: e.op.promoCodeId!, store: e.op.store } }, data: { state: "FAILED", error: e.outcome.message } });
}

/**
 * A code's overall status from its stores. Only a code that was never live (PENDING: its creation
 * is this group's work) can fail as a whole (R7): once live, a code stays live, and a store that
 * refuses it later (a store added to the offer) shows as failed in that store alone.
 */
export async function recomputeCodeStatuses(db: PrismaClient, codeIds: string[]) {
  await updateWhereIn(db, "PromoCode", "id", codeIds, { set: { status: "FAILED" }, where: { status: "PENDING" }, condition: storesWhere("some", "= 'FAILED'") });
  await updateWhereIn(db, "PromoCode", "id", codeIds, { set: { status: "ACTIVE" }, where: { status: "PENDING" }, condition: storesWhere("every", "= 'SYNCED'", { orNone: true }) });
}

/**
 * A condition on a PromoCode's store states, in SQL (the settling statements bind their codes as
 * one JSON parameter, updateWhereIn): "some" store's state matches, or "every" one does and it
 * has at least one (Prisma's `some: {}, every: …`); `orNone` also when it has none (Prisma's `every`).
 */
function storesWhere(kind: "some" | "every", state: string, { orNone = false } = {}) {
  const inStores = `SELECT 1 FROM "StoreCode" s WHERE s."promoCodeId" = "PromoCode"."id"`;
  if (kind === "some") return `EXISTS (${inStores} AND s."state" ${state})`;
  const noneOther = `NOT EXISTS (${inStores} AND NOT (s."state" ${state}))`;
  return orNone ? noneOther : `EXISTS (${inStores}) AND ${noneOther}`;
}

/**
 * R23/R24: a code is DEACTIVATED once every store has deactivated it, ACTIVE again once every
 * store holds it. Computed after the outcomes commit (never inside their transactions): two
 * stores finishing at once on PostgreSQL would each miss the other's uncommitted state, and the
 * code would keep its old status. The last to finish sees both.
 */
export async function settleToggledCodes(db: PrismaClient, codeIds: string[]) {
  await updateWhereIn(db, "PromoCode", "id", codeIds, { set: { status: "DEACTIVATED" }, where: { status: "ACTIVE" }, condition: storesWhere("every", "= 'DEACTIVATED'") });
  await updateWhereIn(db, "PromoCode", "id", codeIds, { set: { status: "ACTIVE" }, where: { status: "DEACTIVATED" }, condition: storesWhere("every", "= 'SYNCED'") });
}

/**
 * R7: a new code that failed for good in one store must not stay half-synced: wherever the same
 * job created it, a DELETE_CODE operation removes it again (once per store). A rollback undoes
 * only what its own job created: a code that was live before is never removed by it.
 */
export async function rollBackFailedCodes(db: PrismaClient, codeIds: string[], jobId: string | null) {
  if (!jobId) return;
  let created = await inChunks(codeIds, (part) =>
    db.syncOperation.findMany({
      where: { jobId, action: "CREATE_CODE", status: "SUCCEEDED", promoCodeId: { in: part }, promoCode: { status: "FAILED" } },
      select: { promoCodeId: true, store: true, shop: true, offerId: true },
    }),
  );
  const keep = await sameNameSuccessors(db, [...new Set(created.map((c) => c.promoCodeId!))]);
  created = created.filter((c) => !keep.has(c.promoCodeId!));
  if (!created.length) return;
  let queued = 0;
  await db.$transaction(async (tx) => {
    const outbox = outboxIn(tx);
    for (const c of created) {
      const sc = await tx.storeCode.findUnique({ where: { promoCodeId_store: { promoCodeId: c.promoCodeId!, store: c.store } } });
      if (sc?.state !== "SYNCED") continue;
      const open = await tx.syncOperation.count({ where: { promoCodeId: c.promoCodeId, store: c.store, action: "DELETE_CODE", status: { in: OPEN_STATUSES } } });
      if (open) continue;
      queued += await outbox.enqueue({ jobId, shop: c.shop, offerId: c.offerId, operations: [{ store: c.store, action: "DELETE_CODE", promoCodeId: c.promoCodeId }] });
      await tx.storeCode.update({ where: { id: sc.id }, data: { state: "PENDING", error: "Being removed: the code failed in another store." } });
    }
  });
  if (queued) wakeSyncWorkers();
}

/**
 * A worker killed between committing outcomes and the follow-up (code statuses, rollbacks, job
 * counters) leaves a job with nothing left to run but not marked done: whoever is idle finishes it.
 */
export async function reconcileFinishedJobs(db: PrismaClient) {
  const jobs = await db.job.findMany({ where: { status: { not: "DONE" }, operations: { none: { status: { in: OPEN_STATUSES } } } }, select: { id: true } });
  await refreshJobs(
    db,
    jobs.map((j) => j.id),
  );
}

/** Job counters from their operations; a job is DONE when nothing is left to run. */
export async function refreshJobs(db: PrismaClient, jobIds: string[]) {
  for (const jobId of jobIds) {
    const grouped = await db.syncOperation.groupBy({ by: ["status"], where: { jobId }, _count: { _all: true } });
    const count = (s: string) => grouped.find((g) => g.status === s)?._count._all ?? 0;
    let open = count("PENDING") + count("RUNNING");
    if (open === 0) {
      // Everything is committed now: settle the codes' statuses (and roll back what failed)
      // before the job can say it is done, whatever happened to the worker that finished last.
      const codes = await db.syncOperation.findMany({ where: { jobId, promoCodeId: { not: null } }, select: { promoCodeId: true }, distinct: ["promoCodeId"] });
      const codeIds = codes.map((c) => c.promoCodeId!);
      await recomputeCodeStatuses(db, codeIds);
      await promoteReplacements(db, codeIds);
      await settleToggledCodes(db, codeIds);
      await rollBackFailedCodes(db, codeIds, jobId);
      open = await db.syncOperation.count({ where: { jobId, status: { in: OPEN_STATUSES } } });
    }
    const total = grouped.reduce((n, g) => n + g._count._all, 0);
    await db.job.update({
      where: { id: jobId },
      data: { total, succeeded: count("SUCCEEDED"), failed: count("FAILED"), status: open ? "RUNNING" : "DONE", finishedAt: open ? null : new Date() },
    });
  }
}
