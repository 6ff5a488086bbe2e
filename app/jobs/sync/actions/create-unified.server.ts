// CREATE_CODE with unified dates (R5, R6): all of an offer's codes live in one discount per store.
// The first free code creates the discount; the rest are bulk-added to it, 250 per call, with the
// batches in flight together (the client's bucket paces them).
// Idempotence: a creation whose outcome is unknown (crash, lost answer) may have landed. The
// discount's seed code tells whether the discount exists; retried codes are then looked up in the
// discount in pages of 250 (R34: a restart reconciles 500 codes in 2 calls, not 500).
import type { Offer } from "@prisma/client";
import type { PrismaClient } from "@prisma/client";
import { unifiedDiscountTitle } from "~/domain/codes/discount-title";
import { addRedeemCodes, createCodeDiscount, discountInputFor, findCodeOwner, findCodesInDiscount, REDEEM_CODES_PER_CALL } from "~/shopify/discounts.server";
import type { AdminClient } from "~/shopify/client.server";
import { takenMessage } from "../failures.server";
import { leaseMsOf } from "../claim.server";
import { deletedDiscountMessage, discountFoundGone } from "~/services/drift.server";
import { finish, finishMany } from "../settle.server";
import { renamable, renameTakenBulkCodes } from "../bulk-replace.server";
import { wakeSyncWorkers } from "../outbox.server";
import type { Claimed, Outcome, WorkerDeps } from "../types";

export async function createInUnifiedGroup(deps: WorkerDeps, admin: AdminClient, store: string, offer: Offer, ops: Claimed[], percent: number | null, recreate = true) {
  const { db } = deps;
  const group = await db.discountGroup.upsert({
    where: { offerId_store_key: { offerId: offer.id, store, key: "unified" } },
    create: { offerId: offer.id, store, key: "unified" },
    update: {},
  });
  let remoteId = group.remoteId;
  let todo = [...ops];

  // The seed code tells whether a creation that was cut short landed, whether or not the seed's
  // own operation is in this batch.
  if (!remoteId && group.seedPromoCodeId) {
    const seed = await db.promoCode.findUnique({ where: { id: group.seedPromoCodeId } });
    const owner = seed ? await findCodeOwner(admin, seed.code) : null;
    if (owner && owner.title === unifiedDiscountTitle(offer)) {
      remoteId = owner.discountId;
      await db.discountGroup.update({ where: { id: group.id }, data: { remoteId, lockedUntil: null } });
    }
  }
  // Retried operations may have landed before the crash: read the discount's codes in pages.
  const retried = todo.filter((op) => op.attempts > 1);
  if (remoteId && retried.length) {
    const landed = await findCodesInDiscount(
      admin,
      remoteId,
      retried.map((op) => op.promoCode!.code),
    );
    const adopted = retried.filter((op) => landed.has(op.promoCode!.code.toUpperCase()));
    todo = todo.filter((op) => !adopted.includes(op));
    await finishMany(
      deps,
      adopted.map((op) => ({ op, outcome: { ok: true, remoteCodeId: landed.get(op.promoCode!.code.toUpperCase()) ?? null }, discountGroupId: group.id })),
    );
  }

  // One worker creates the group's discount; any other waits for its id, then adds to it. The
  // lock lasts as long as an operation lease, and is released if the creation fails.
  const lockMs = leaseMsOf(deps);
  if (!remoteId && todo.length) {
    const gotLock = await lockGroupForCreation(db, group.id, lockMs);
    if (!gotLock) {
      remoteId = await waitForGroup(db, group.id, lockMs);
      if (!remoteId) throw new Error("another worker is still creating this offer's discount");
    }
  }
  try {
    remoteId = await createGroupDiscount(deps, admin, store, offer, group.id, remoteId, todo, percent);
  } catch (error) {
    await db.discountGroup.updateMany({ where: { id: group.id, remoteId: null }, data: { lockedUntil: null } });
    throw error;
  }
  if (!remoteId) {
    await db.discountGroup.update({ where: { id: group.id }, data: { lockedUntil: null } });
    return;
  }
  try {
    await addToGroup(deps, admin, store, group.id, remoteId, todo);
  } catch (error) {
    if (!(error instanceof DiscountGone) || !recreate) throw error;
    // The discount was deleted in the store's admin (R37): never "does not exist" forever. With
    // the merchant's decision pending, these codes fail saying so; otherwise the discount is
    // created again (its codes queued back) and these codes go into the new one.
    const open = await db.syncOperation.findMany({ where: { id: { in: todo.map((op) => op.id) }, status: "RUNNING", leaseOwner: todo[0]!.leaseOwner }, select: { id: true } });
    const left = todo.filter((op) => open.some((o) => o.id === op.id));
    const next = await discountFoundGone(db, { offer, store, groupId: group.id, remoteId, busyCodeIds: left.map((op) => op.promoCodeId!) });
    if (next === "ask") {
      await finishMany(
        deps,
        left.map((op) => ({ op, outcome: { ok: false, message: deletedDiscountMessage(store) } })),
      );
      return;
    }
    await createInUnifiedGroup(deps, admin, store, offer, left, percent, false);
  }
}

/** Shopify answered that the group's discount does not exist (deleted in the store's admin). */
class DiscountGone extends Error {}

/** Creates the group's discount with the first code that is free; returns its id (or null). */
async function createGroupDiscount(
  deps: WorkerDeps,
  admin: AdminClient,
  store: string,
  offer: Offer,
  groupId: string,
  remoteId: string | null,
  todo: Claimed[],
  percent: number | null,
) {
  const { db } = deps;
  while (!remoteId && todo.length) {
    const op = todo.shift()!;
    await db.discountGroup.update({ where: { id: groupId }, data: { seedPromoCodeId: op.promoCodeId } });
    const result = await createCodeDiscount(
      admin,
      discountInputFor(offer, { title: unifiedDiscountTitle(offer), code: op.promoCode!.code, startsAt: offer.startsAt, endsAt: offer.endsAt }, { percent }),
    );
    if (result.ok) {
      remoteId = result.discountId;
      await db.discountGroup.update({ where: { id: groupId }, data: { remoteId, lockedUntil: null } });
      await finish(deps, op, { ok: true, remoteCodeId: result.redeemCodeId }, groupId);
    } else if (result.taken) {
      // A creation of ours that landed unseen is found through the seed code (above), never here.
      // R19: a bulk code is renamed and queued again; the next free code seeds the discount.
      if (!(await renameBulk(deps, [op])).length) await finish(deps, op, { ok: false, message: takenMessage(op.promoCode!.code, store) });
    } else {
      // A refusal that is not about the code is about the offer: every code fails with it.
      await finishMany(
        deps,
        [op, ...todo].map((o) => ({ op: o, outcome: { ok: false, message: `Shopify refused the discount: ${result.message}` } })),
      );
      todo.length = 0;
      return null;
    }
  }
  return remoteId;
}

/** Bulk-adds the remaining codes to the group's discount, 250 per call, batches in flight together. */
async function addToGroup(deps: WorkerDeps, admin: AdminClient, store: string, groupId: string, remoteId: string, todo: Claimed[]) {
  const batches: Claimed[][] = [];
  for (let i = 0; i < todo.length; i += REDEEM_CODES_PER_CALL) batches.push(todo.slice(i, i + REDEEM_CODES_PER_CALL));
  const addBatch = async (batch: Claimed[]) => {
    const outcomes = await addRedeemCodes(
      admin,
      remoteId,
      batch.map((op) => op.promoCode!.code),
      { pollMs: deps.pollMs },
    );
    if ("error" in outcomes) {
      if (/does not exist/i.test(outcomes.error)) throw new DiscountGone(outcomes.error);
      await finishMany(
        deps,
        batch.map((op) => ({ op, outcome: { ok: false, message: `Shopify refused the codes: ${outcomes.error}` } })),
      );
      return;
    }
    const byCode = new Map(outcomes.map((o) => [o.code.toUpperCase(), o]));
    // "Taken" may mean taken by us: an earlier attempt whose answer was lost added it already.
    // Only a retried operation can have such an attempt (a first attempt sent its code just now);
    // reading the discount for the others would page through all its codes for nothing.
    const isTaken = (o: { ok: boolean; message: string | null } | undefined) => Boolean(o && !o.ok && o.message?.includes("unique"));
    const retriedCodes = new Set(batch.filter((op) => op.attempts > 1).map((op) => op.promoCode!.code.toUpperCase()));
    const taken = outcomes.filter((x) => isTaken(x) && retriedCodes.has(x.code.toUpperCase()));
    if (taken.length) {
      const ours = await findCodesInDiscount(
        admin,
        remoteId,
        taken.map((o) => o.code),
      );
      for (const o of taken)
        if (ours.has(o.code.toUpperCase())) byCode.set(o.code.toUpperCase(), { ...o, ok: true, redeemCodeId: ours.get(o.code.toUpperCase()) ?? null, message: null });
    }
    // R19: bulk codes a store already holds get fresh names and go back to the queue.
    const renamed = new Set(
      await renameBulk(
        deps,
        batch.filter((op) => isTaken(byCode.get(op.promoCode!.code.toUpperCase()))),
      ),
    );
    await finishMany(
      deps,
      batch
        .filter((op) => !renamed.has(op.id))
        .map((op) => {
          const o = byCode.get(op.promoCode!.code.toUpperCase());
          const outcome: Outcome = o?.ok
            ? { ok: true, remoteCodeId: o.redeemCodeId }
            : { ok: false, message: o?.message?.includes("unique") ? takenMessage(op.promoCode!.code, store) : (o?.message ?? "Shopify did not create the code.") };
          return { op, outcome, discountGroupId: groupId };
        }),
    );
  };
  // All batches settle before a failure is reported, so no batch is still writing while its
  // operations are rescheduled.
  const settled = await Promise.allSettled(batches.map(addBatch));
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failure) throw failure.reason;
}

async function lockGroupForCreation(db: PrismaClient, groupId: string, lockMs: number): Promise<boolean> {
  const now = new Date();
  const { count } = await db.discountGroup.updateMany({
    where: { id: groupId, remoteId: null, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
    data: { lockedUntil: new Date(now.getTime() + lockMs) },
  });
  return count === 1;
}

async function waitForGroup(db: PrismaClient, groupId: string, lockMs: number): Promise<string | null> {
  const deadline = Date.now() + lockMs;
  while (Date.now() < deadline) {
    const g = await db.discountGroup.findUnique({ where: { id: groupId } });
    if (g?.remoteId) return g.remoteId;
    if (!g?.lockedUntil || g.lockedUntil <= new Date()) return null;
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}

/** Renames the renamable bulk codes among `ops` (fenced by their claim); returns the renamed operations' ids. */
async function renameBulk(deps: WorkerDeps, ops: Claimed[]): Promise<string[]> {
  if (!ops.length) return [];
  const ok = await renamable(deps.db, ops);
  const candidates = ops.filter((op) => ok.has(op.id));
  if (!candidates.length) return [];
  const { renamed } = await deps.db.$transaction((tx) => renameTakenBulkCodes(tx, candidates, candidates[0]!.leaseOwner, deps.random));
  if (renamed.length) wakeSyncWorkers();
  return renamed.map((r) => r.opId);
}
