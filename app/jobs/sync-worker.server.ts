// The sync worker (R34): applies stored (code, store, action) operations. Operations are claimed
// under a lease with a unique claim token (an atomic conditional update, safe with several
// workers on PostgreSQL); a crashed worker's operations become claimable when the lease ends.
// Applying an operation again has no further effect: a retried create first asks the store
// whether the code is already there.
import { randomUUID } from "node:crypto";
import type { Offer, Prisma, PrismaClient, PromoCode, SyncOperation } from "@prisma/client";
import { MerchantMustOpenAppError, ShopifyAuthError, ShopifyGraphqlError, type AdminClient } from "~/shopify/client.server";
import {
  addRedeemCodes,
  codeExists,
  createCodeDiscount,
  deactivateDiscount,
  deleteDiscount,
  deleteRedeemCodes,
  describeUserErrors,
  discountInputFor,
  findCodeOwner,
  REDEEM_CODES_PER_CALL,
  UPDATE_CODE_DISCOUNT,
} from "~/shopify/discounts.server";
import { eachChunk, inChunks } from "~/services/chunks.server";
import { hasGrant, percentFor } from "~/services/stores.server";

export interface WorkerDeps {
  db: PrismaClient;
  /** The Admin client for a store (its offline session), or an error when it has none. */
  adminFor: (store: string) => Promise<AdminClient>;
  workerId?: string;
  leaseMs?: number;
  batchSize?: number;
  maxAttempts?: number;
  /** Concurrent creates per store for per-code discounts (the bucket paces them anyway). */
  concurrency?: number;
  pollMs?: number;
  /** One call at a time, store after store (the baseline the sync bench compares with). */
  serial?: boolean;
}

type Outcome = { ok: true; remoteCodeId?: string | null } | { ok: false; message: string; retry?: boolean };
type Claimed = SyncOperation & { promoCode: PromoCode | null };

const claimable = (now: Date) => ({
  OR: [
    { status: "PENDING", OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] },
    { status: "RUNNING", leaseUntil: { lte: now } },
  ],
});

async function claim(deps: WorkerDeps, limit: number): Promise<Claimed[]> {
  const { db } = deps;
  const now = new Date();
  const candidates = await db.syncOperation.findMany({ where: claimable(now), orderBy: { createdAt: "asc" }, take: limit, select: { id: true } });
  if (candidates.length === 0) return [];
  const token = `${deps.workerId ?? "worker"}:${randomUUID()}`;
  await eachChunk(candidates, (part) =>
    db.syncOperation.updateMany({
      where: { id: { in: part.map((c) => c.id) }, ...claimable(now) },
      data: { status: "RUNNING", leaseOwner: token, leaseUntil: new Date(Date.now() + (deps.leaseMs ?? 120_000)), attempts: { increment: 1 } },
    }),
  );
  return db.syncOperation.findMany({ where: { leaseOwner: token, status: "RUNNING" }, include: { promoCode: true }, orderBy: { createdAt: "asc" } });
}

/** Runs operations until none is claimable. Returns how many were finished (either way). */
export async function runPendingOperations(deps: WorkerDeps): Promise<number> {
  let finished = 0;
  for (;;) {
    const ops = await claim(deps, deps.batchSize ?? 1000);
    if (ops.length === 0) {
      await reconcileFinishedJobs(deps.db);
      return finished;
    }
    const byStore = new Map<string, Claimed[]>();
    for (const op of ops) byStore.set(op.store, [...(byStore.get(op.store) ?? []), op]);
    // Stores are worked in parallel: each has its own cost bucket.
    const counts: number[] = [];
    if (deps.serial) for (const [store, storeOps] of byStore) counts.push(await runStore(deps, store, storeOps));
    else counts.push(...(await Promise.all([...byStore].map(([store, storeOps]) => runStore(deps, store, storeOps)))));
    finished += counts.reduce((a, b) => a + b, 0);
    await refreshJobs(deps.db, [...new Set(ops.map((o) => o.jobId).filter((id): id is string => Boolean(id)))]);
  }
}

async function runStore(deps: WorkerDeps, store: string, ops: Claimed[]): Promise<number> {
  let admin: AdminClient;
  try {
    admin = await deps.adminFor(store);
  } catch (error) {
    await finishMany(deps, ops.map((op) => ({ op, outcome: { ok: false, message: `The app has no access to ${store}: ${(error as Error).message}` } })));
    return ops.length;
  }
  const offers = new Map<string, Offer | null>();
  const byOffer = new Map<string, Claimed[]>();
  for (const op of ops) byOffer.set(op.offerId, [...(byOffer.get(op.offerId) ?? []), op]);
  for (const [offerId, offerOps] of byOffer) {
    if (!offers.has(offerId)) offers.set(offerId, await deps.db.offer.findUnique({ where: { id: offerId } }));
    const offer = offers.get(offerId);
    if (!offer) {
      await finishMany(deps, offerOps.map((op) => ({ op, outcome: { ok: false, message: "The offer no longer exists." } })));
      continue;
    }
    // R1a: another store's session is used only while its admin's grant stands.
    if (!(await hasGrant(deps.db, offer.shop, store))) {
      await finishMany(deps, offerOps.map((op) => ({ op, outcome: { ok: false, message: `${store} is no longer connected to ${offer.shop}: nothing was done there.` } })));
      continue;
    }
    const checks = offerOps.filter((op) => op.action === "CHECK_CODE");
    const creates = offerOps.filter((op) => op.action === "CREATE_CODE");
    const updates = offerOps.filter((op) => op.action === "UPDATE_DISCOUNT");
    const deletes = offerOps.filter((op) => op.action === "DELETE_CODE");
    const deactivations = offerOps.filter((op) => op.action === "DEACTIVATE_CODE");
    const percent = await percentFor(deps.db, offer, store);
    try {
      if (checks.length) await checkEverywhere(deps, offer, checks);
      if (deletes.length) await deleteCodes(deps, admin, store, deletes);
      if (deactivations.length) await deactivateCodes(deps, admin, store, deactivations);
      if (creates.length) {
        if (offer.datesMode === "UNIFIED") await createInUnifiedGroup(deps, admin, store, offer, creates, percent);
        else await createPerCodeDiscounts(deps, admin, store, offer, creates, percent);
      }
      for (const op of updates) await finish(deps, op, await updateDiscount(deps, admin, offer, op, percent));
    } catch (error) {
      // Whatever this batch had not finished gets the failure (retried when transient).
      const outcome = failureOf(error, store);
      const open = await inChunks(offerOps, (part) => deps.db.syncOperation.findMany({ where: { id: { in: part.map((o) => o.id) }, status: "RUNNING" }, select: { id: true } }));
      const openIds = new Set(open.map((o) => o.id));
      await finishMany(deps, offerOps.filter((op) => openIds.has(op.id)).map((op) => ({ op, outcome })));
    }
  }
  return ops.length;
}

class NotConnectedError extends Error {
  constructor(readonly store: string, primary: string) {
    super(`${store} is no longer connected to ${primary}, so the code was created in no store.`);
  }
}

function failureOf(error: unknown, store: string): Outcome {
  if (error instanceof NotConnectedError) return { ok: false, message: error.message };
  if (error instanceof MerchantMustOpenAppError) return { ok: false, message: error.message };
  if (error instanceof ShopifyAuthError) return { ok: false, message: `The app is no longer installed on ${store}.` };
  if (error instanceof ShopifyGraphqlError) return { ok: false, message: `Shopify refused the request: ${error.errors.map((e) => e.message).join("; ")}` };
  return { ok: false, retry: true, message: `Shopify did not answer (${(error as Error).message ?? String(error)}).` };
}

const takenMessage = (code: string, store: string) => `"${code}" already exists in ${store}. Pick another code for this member.`;

/**
 * R7, before any write: a synced code is looked up in every store it is meant for. Free
 * everywhere: its CREATE_CODE operations are queued, one per store, with the check's outcome.
 * Held anywhere: it is created nowhere, and the merchant is told which store holds it.
 */
async function checkEverywhere(deps: WorkerDeps, offer: Offer, ops: Claimed[]) {
  const { db } = deps;
  const storeCodes = await inChunks(ops, (part) => db.storeCode.findMany({ where: { promoCodeId: { in: part.map((o) => o.promoCodeId!) } } }));
  const stores = [...new Set(storeCodes.map((sc) => sc.store))];
  const links = await db.storeLink.findMany({ where: { primaryShop: offer.shop, connectedShop: { in: stores } } });
  const labelOf = (store: string) => links.find((l) => l.connectedShop === store)?.label || store;
  const heldIn = new Map<string, string[]>();
  const targets = new Set(storeCodes.map((sc) => `${sc.promoCodeId}|${sc.store}`));
  const checkStore = async (store: string) => {
      if (!(await hasGrant(db, offer.shop, store))) throw new NotConnectedError(store, offer.shop);
      const admin = await deps.adminFor(store);
      const queue = ops.filter((op) => targets.has(`${op.promoCodeId}|${store}`));
      await Promise.all(
        Array.from({ length: Math.min(deps.serial ? 1 : (deps.concurrency ?? 8), queue.length) }, async () => {
          for (let op = queue.shift(); op; op = queue.shift()) {
            if (await codeExists(admin, op.promoCode!.code)) heldIn.set(op.id, [...(heldIn.get(op.id) ?? []), labelOf(store)]);
          }
        }),
      );
  };
  if (deps.serial) for (const store of stores) await checkStore(store);
  else await Promise.all(stores.map(checkStore));
  const token = ops[0]!.leaseOwner;
  const done = `${token}:done`;
  await db.$transaction(async (tx) => {
    // Fenced like every outcome: only operations this claim still holds are finished here.
    await eachChunk(ops, (part) =>
      tx.syncOperation.updateMany({ where: { id: { in: part.map((o) => o.id) }, leaseOwner: token, status: "RUNNING" }, data: { leaseOwner: done } }),
    );
    const mine = new Set((await inChunks(ops, (part) => tx.syncOperation.findMany({ where: { id: { in: part.map((o) => o.id) }, leaseOwner: done }, select: { id: true } }))).map((o) => o.id));
    const free = ops.filter((op) => mine.has(op.id) && !heldIn.has(op.id));
    await eachChunk(free, (part) => tx.syncOperation.updateMany({ where: { id: { in: part.map((o) => o.id) } }, data: { status: "SUCCEEDED", error: null, leaseUntil: null } }));
    const creates = free.flatMap((op) =>
      storeCodes.filter((sc) => sc.promoCodeId === op.promoCodeId).map((sc) => ({ jobId: op.jobId, shop: op.shop, store: sc.store, offerId: op.offerId, promoCodeId: op.promoCodeId, action: "CREATE_CODE" })),
    );
    await eachChunk(creates, (part) => tx.syncOperation.createMany({ data: part }), 80);
    for (const op of ops.filter((o) => mine.has(o.id) && heldIn.has(o.id))) {
      const message = `"${op.promoCode!.code}" already exists in ${heldIn.get(op.id)!.join(", ")}, so it was created in no store. Pick another code for this member.`;
      await tx.syncOperation.update({ where: { id: op.id }, data: { status: "FAILED", error: message, leaseUntil: null } });
      await tx.storeCode.updateMany({ where: { promoCodeId: op.promoCodeId! }, data: { state: "FAILED", error: message } });
      await tx.promoCode.update({ where: { id: op.promoCodeId! }, data: { status: "FAILED" } });
    }
  });
}

/**
 * Removes codes from a store: a whole discount when every code it holds there goes (R9, a store
 * taken off an offer; per-code discounts), else just those redeem codes. Gone already is done.
 */
async function deleteCodes(deps: WorkerDeps, admin: AdminClient, store: string, ops: Claimed[]) {
  const { db } = deps;
  const storeCodes = await inChunks(ops, (part) => db.storeCode.findMany({ where: { store, promoCodeId: { in: part.map((o) => o.promoCodeId!) } }, include: { discountGroup: true, promoCode: true } }));
  const byGroup = new Map<string | null, typeof storeCodes>();
  for (const sc of storeCodes) byGroup.set(sc.discountGroupId, [...(byGroup.get(sc.discountGroupId) ?? []), sc]);
  for (const [groupId, codes] of byGroup) {
    const group = codes[0]!.discountGroup;
    const groupOps = ops.filter((op) => codes.some((c) => c.promoCodeId === op.promoCodeId));
    if (!groupId || !group?.remoteId) {
      await finishMany(deps, groupOps.map((op) => ({ op, outcome: { ok: true } })));
      continue;
    }
    const remaining = await db.storeCode.count({ where: { discountGroupId: groupId, state: "SYNCED", promoCodeId: { notIn: codes.map((c) => c.promoCodeId) } } });
    const result =
      remaining === 0
        ? await deleteDiscount(admin, group.remoteId)
        : await deleteRedeemCodes(admin, group.remoteId, codes.map((c) => ({ code: c.promoCode.code, redeemCodeId: c.remoteCodeId })));
    if (result.ok && remaining === 0) await db.discountGroup.update({ where: { id: groupId }, data: { remoteId: null } });
    await finishMany(deps, groupOps.map((op) => ({ op, outcome: result.ok ? { ok: true } : { ok: false, message: `Shopify refused to remove the code: ${result.message}` } })));
  }
}

/**
 * Stops codes working in a store (R15 at the usage limit, R24): a code sharing a unified discount
 * is removed from it (Shopify has no per-code switch); a code with its own discount has it
 * deactivated. Past conversions keep their code.
 */
async function deactivateCodes(deps: WorkerDeps, admin: AdminClient, store: string, ops: Claimed[]) {
  const { db } = deps;
  for (const op of ops) {
    const sc = await db.storeCode.findUnique({ where: { promoCodeId_store: { promoCodeId: op.promoCodeId!, store } }, include: { discountGroup: true, promoCode: true } });
    const group = sc?.discountGroup;
    let outcome: Outcome = { ok: true };
    if (sc && group?.remoteId) {
      const result = group.key === "unified" ? await deleteRedeemCodes(admin, group.remoteId, [{ code: sc.promoCode.code, redeemCodeId: sc.remoteCodeId }]) : await deactivateDiscount(admin, group.remoteId);
      if (!result.ok) outcome = { ok: false, message: `Shopify refused to deactivate the code: ${result.message}` };
    }
    await finish(deps, op, outcome);
  }
}

async function createInUnifiedGroup(deps: WorkerDeps, admin: AdminClient, store: string, offer: Offer, ops: Claimed[], percent: number | null) {
  const { db } = deps;
  const group = await db.discountGroup.upsert({
    where: { offerId_store_key: { offerId: offer.id, store, key: "unified" } },
    create: { offerId: offer.id, store, key: "unified" },
    update: {},
  });
  let remoteId = group.remoteId;
  let todo = [...ops];

  // A creation whose outcome is unknown (crash, lost answer) may have landed: its seed code tells,
  // whether or not the seed's own operation is in this batch.
  if (!remoteId && group.seedPromoCodeId) {
    const seed = await db.promoCode.findUnique({ where: { id: group.seedPromoCodeId } });
    const owner = seed ? await findCodeOwner(admin, seed.code) : null;
    if (owner && owner.title === offer.groupName) {
      remoteId = owner.discountId;
      await db.discountGroup.update({ where: { id: group.id }, data: { remoteId, lockedUntil: null } });
    }
  }
  // A retried operation may have landed before the crash: ask the store first (idempotence).
  const retried = todo.filter((op) => op.attempts > 1);
  for (const op of retried) {
    const owner = await findCodeOwner(admin, op.promoCode!.code);
    if (!owner) continue;
    todo = todo.filter((o) => o !== op);
    if (!remoteId && group.seedPromoCodeId === op.promoCodeId && owner.title === offer.groupName) {
      // The group's discount was created with this code, and the crash came before we saved it.
      remoteId = owner.discountId;
      await db.discountGroup.update({ where: { id: group.id }, data: { remoteId } });
    }
    if (remoteId && owner.discountId === remoteId) await finish(deps, op, { ok: true, remoteCodeId: owner.redeemCodeId }, group.id);
    else await finish(deps, op, { ok: false, message: takenMessage(op.promoCode!.code, store) });
  }

  // One worker creates the group's discount; any other waits for its id, then adds to it. The
  // lock lasts as long as an operation lease, and is released if the creation fails.
  const lockMs = deps.leaseMs ?? 120_000;
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
  await addToGroup(deps, admin, store, group.id, remoteId, todo);
}

/** Creates the group's discount with the first code that is free; returns its id (or null). */
async function createGroupDiscount(deps: WorkerDeps, admin: AdminClient, store: string, offer: Offer, groupId: string, remoteId: string | null, todo: Claimed[], percent: number | null) {
  const { db } = deps;
  while (!remoteId && todo.length) {
    const op = todo.shift()!;
    await db.discountGroup.update({ where: { id: groupId }, data: { seedPromoCodeId: op.promoCodeId } });
    const result = await createCodeDiscount(admin, discountInputFor(offer, { title: offer.groupName, code: op.promoCode!.code, startsAt: offer.startsAt, endsAt: offer.endsAt }, { percent }));
    if (result.ok) {
      remoteId = result.discountId;
      await db.discountGroup.update({ where: { id: groupId }, data: { remoteId, lockedUntil: null } });
      await finish(deps, op, { ok: true, remoteCodeId: result.redeemCodeId }, groupId);
    } else if (result.taken) {
      await finish(deps, op, { ok: false, message: takenMessage(op.promoCode!.code, store) });
    } else {
      // A refusal that is not about the code is about the offer: every code fails with it.
      await finishMany(deps, [op, ...todo].map((o) => ({ op: o, outcome: { ok: false, message: `Shopify refused the discount: ${result.message}` } })));
      todo.length = 0;
      return null;
    }
  }
  return remoteId;
}

/** Bulk-adds the remaining codes to the group's discount, 250 per call, batches in flight together. */
async function addToGroup(deps: WorkerDeps, admin: AdminClient, store: string, groupId: string, remoteId: string, todo: Claimed[]) {
  const group = { id: groupId };
  const batches: Claimed[][] = [];
  for (let i = 0; i < todo.length; i += REDEEM_CODES_PER_CALL) batches.push(todo.slice(i, i + REDEEM_CODES_PER_CALL));
  // Batches go out together; the client's bucket paces them. All settle before a failure is
  // reported, so no batch is still writing while its operations are rescheduled.
  const addBatch = async (batch: Claimed[]) => {
      const outcomes = await addRedeemCodes(admin, remoteId!, batch.map((op) => op.promoCode!.code), { pollMs: deps.pollMs });
      if ("error" in outcomes) {
        await finishMany(deps, batch.map((op) => ({ op, outcome: { ok: false, message: `Shopify refused the codes: ${outcomes.error}` } })));
        return;
      }
      const byCode = new Map(outcomes.map((o) => [o.code.toUpperCase(), o]));
      // "Taken" may mean taken by us: an earlier attempt whose answer was lost added it already.
      for (const o of outcomes.filter((x) => !x.ok && x.message?.includes("unique"))) {
        const owner = await findCodeOwner(admin, o.code);
        if (owner?.discountId === remoteId) byCode.set(o.code.toUpperCase(), { ...o, ok: true, redeemCodeId: owner.redeemCodeId, message: null });
      }
      await finishMany(
        deps,
        batch.map((op) => {
          const o = byCode.get(op.promoCode!.code.toUpperCase());
          const outcome: Outcome = o?.ok
            ? { ok: true, remoteCodeId: o.redeemCodeId }
            : { ok: false, message: o?.message?.includes("unique") ? takenMessage(op.promoCode!.code, store) : o?.message ?? "Shopify did not create the code." };
          return { op, outcome, discountGroupId: group.id };
        }),
      );
  };
  const settled: PromiseSettledResult<void>[] = [];
  if (deps.serial) for (const batch of batches) settled.push(...(await Promise.allSettled([addBatch(batch)])));
  else settled.push(...(await Promise.allSettled(batches.map(addBatch))));
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failure) throw failure.reason;
}

const perCodeTitle = (offer: Offer, code: string) => `${offer.groupName} · ${code}`;

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

async function createPerCodeDiscounts(deps: WorkerDeps, admin: AdminClient, store: string, offer: Offer, ops: Claimed[], percent: number | null) {
  const { db } = deps;
  const queue = [...ops];
  const workers = Array.from({ length: Math.min(deps.concurrency ?? 8, queue.length) }, async () => {
    for (let op = queue.shift(); op; op = queue.shift()) {
      const code = op.promoCode!;
      try {
        const group = await db.discountGroup.upsert({
          where: { offerId_store_key: { offerId: offer.id, store, key: code.id } },
          create: { offerId: offer.id, store, key: code.id },
          update: {},
        });
        if (group.remoteId) {
          await finish(deps, op, { ok: true }, group.id);
          continue;
        }
        if (op.attempts > 1) {
          const owner = await findCodeOwner(admin, code.code);
          if (owner) {
            // Landed before a crash or a lost answer: adopt it only if it is this code's own discount.
            const ours = owner.title === perCodeTitle(offer, code.code) && (await db.discountGroup.count({ where: { remoteId: owner.discountId } })) === 0;
            if (ours) {
              await db.discountGroup.update({ where: { id: group.id }, data: { remoteId: owner.discountId } });
              await finish(deps, op, { ok: true, remoteCodeId: owner.redeemCodeId }, group.id);
            } else await finish(deps, op, { ok: false, message: takenMessage(code.code, store) });
            continue;
          }
        }
        const result = await createCodeDiscount(admin, discountInputFor(offer, { title: perCodeTitle(offer, code.code), code: code.code, startsAt: code.startsAt, endsAt: code.endsAt }, { percent }));
        if (result.ok) {
          await db.discountGroup.update({ where: { id: group.id }, data: { remoteId: result.discountId } });
          await finish(deps, op, { ok: true, remoteCodeId: result.redeemCodeId }, group.id);
        } else await finish(deps, op, { ok: false, message: result.taken ? takenMessage(code.code, store) : `Shopify refused the discount: ${result.message}` });
      } catch (error) {
        await finish(deps, op, failureOf(error, store));
      }
    }
  });
  await Promise.all(workers);
}

async function updateDiscount(deps: WorkerDeps, admin: AdminClient, offer: Offer, op: Claimed, percent: number | null): Promise<Outcome> {
  const groups = await deps.db.discountGroup.findMany({ where: { offerId: offer.id, store: op.store, remoteId: { not: null } } });
  for (const group of groups) {
    const code = group.key === "unified" ? null : await deps.db.promoCode.findUnique({ where: { id: group.key } });
    const input = discountInputFor(
      offer,
      { title: code ? `${offer.groupName} · ${code.code}` : offer.groupName, code: "", startsAt: code?.startsAt ?? offer.startsAt, endsAt: code ? code.endsAt : offer.endsAt },
      { includeCode: false, percent },
    );
    const { userErrors } = await admin.mutate(UPDATE_CODE_DISCOUNT, { id: group.remoteId!, input: input as never });
    if (userErrors.length) return { ok: false, message: `Shopify refused the update: ${describeUserErrors(userErrors)}` };
  }
  return { ok: true };
}

/** Records an operation's outcome, and the code's state in that store. */
function finish(deps: WorkerDeps, op: Claimed, outcome: Outcome, discountGroupId?: string) {
  return finishMany(deps, [{ op, outcome, discountGroupId }]);
}

interface Finished {
  op: Claimed;
  outcome: Outcome;
  discountGroupId?: string;
}

/**
 * Records many outcomes in one transaction (a bulk add finishes up to 250 at once): operations,
 * each code's state in the store, and the code's overall status across its stores.
 */
async function finishMany(deps: WorkerDeps, entries: Finished[]) {
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
  const final = await db.$transaction(async (tx) => {
    for (const ok of [true, false]) {
      const group = candidates.filter((e) => e.outcome.ok === ok);
      if (ok)
        await eachChunk(group, (part) =>
          tx.syncOperation.updateMany({ where: { id: { in: part.map((e) => e.op.id) }, leaseOwner: token, status: "RUNNING" }, data: { status: "SUCCEEDED", error: null, leaseOwner: done, leaseUntil: null } }),
        );
      else
        for (const { op, outcome } of group)
          await tx.syncOperation.updateMany({ where: { id: op.id, leaseOwner: token, status: "RUNNING" }, data: { status: "FAILED", error: outcome.ok ? null : outcome.message, leaseOwner: done, leaseUntil: null } });
    }
    const mine = new Set((await inChunks(candidates, (part) => tx.syncOperation.findMany({ where: { id: { in: part.map((e) => e.op.id) }, leaseOwner: done }, select: { id: true } }))).map((o) => o.id));
    const final = candidates.filter((e) => mine.has(e.op.id));

    const deactivated = final.filter((e) => e.op.action === "DEACTIVATE_CODE" && e.outcome.ok && e.op.promoCodeId);
    for (const e of deactivated) await tx.storeCode.updateMany({ where: { promoCodeId: e.op.promoCodeId!, store: e.op.store }, data: { state: "DEACTIVATED", error: null } });
    for (const id of new Set(deactivated.map((e) => e.op.promoCodeId!)))
      await tx.promoCode.updateMany({ where: { id, storeCodes: { every: { state: "DEACTIVATED" } } }, data: { status: "DEACTIVATED" } });
    // A code removed from a store no longer has a state there.
    const removed = final.filter((e) => e.op.action === "DELETE_CODE" && e.outcome.ok && e.op.promoCodeId);
    for (const e of removed) await tx.storeCode.deleteMany({ where: { promoCodeId: e.op.promoCodeId!, store: e.op.store } });

    const creates = final.filter((e) => e.op.action === "CREATE_CODE" && e.op.promoCodeId);
    if (!creates.length) return final;
    // Successes without a redeem-code id (bulk adds that all went through) share one update.
    const plain = creates.filter((e) => e.outcome.ok && !(e.outcome as { remoteCodeId?: string | null }).remoteCodeId);
    const byGroup = new Map<string | undefined, Finished[]>();
    for (const e of plain) byGroup.set(e.discountGroupId, [...(byGroup.get(e.discountGroupId) ?? []), e]);
    for (const [groupId, group] of byGroup) {
      for (const store of new Set(group.map((e) => e.op.store)))
        await eachChunk(group.filter((e) => e.op.store === store), (part) =>
          tx.storeCode.updateMany({ where: { store, promoCodeId: { in: part.map((e) => e.op.promoCodeId!) } }, data: { state: "SYNCED", error: null, discountGroupId: groupId ?? null } }),
        );
    }
    for (const e of creates.filter((x) => !plain.includes(x))) {
      await tx.storeCode.update({
        where: { promoCodeId_store: { promoCodeId: e.op.promoCodeId!, store: e.op.store } },
        data: e.outcome.ok
          ? { state: "SYNCED", error: null, discountGroupId: e.discountGroupId ?? null, remoteCodeId: e.outcome.remoteCodeId ?? null }
          : { state: "FAILED", error: e.outcome.message },
      });
    }
    return final;
  });
  // A code's overall status is computed after the outcomes are committed: workers finishing
  // other stores of the same code concurrently see each other's results, and the last one sees all.
  const creates = final.filter((e) => e.op.action === "CREATE_CODE" && e.op.promoCodeId);
  if (!creates.length) return;
  const codeIds = [...new Set(creates.map((e) => e.op.promoCodeId!))];
  await recomputeCodeStatuses(db, codeIds);
  await db.$transaction((tx) => rollBackFailedCodes(tx, codeIds, creates[0]!.op.jobId));
}

/**
 * R7: a code that failed for good in one store must not stay half-synced. Wherever it was
 * created, a DELETE_CODE operation removes it again (once per store).
 */
async function rollBackFailedCodes(tx: Prisma.TransactionClient, codeIds: string[], jobId: string | null) {
  const leftovers = await inChunks(codeIds, (part) =>
    tx.storeCode.findMany({ where: { promoCodeId: { in: part }, state: "SYNCED", promoCode: { status: "FAILED" } }, select: { promoCodeId: true, store: true, promoCode: { select: { shop: true, offerId: true } } } }),
  );
  for (const sc of leftovers) {
    const queued = await tx.syncOperation.count({ where: { promoCodeId: sc.promoCodeId, store: sc.store, action: "DELETE_CODE", status: { in: ["PENDING", "RUNNING"] } } });
    if (queued) continue;
    await tx.syncOperation.create({ data: { jobId, shop: sc.promoCode.shop, store: sc.store, offerId: sc.promoCode.offerId, promoCodeId: sc.promoCodeId, action: "DELETE_CODE" } });
    await tx.storeCode.update({ where: { promoCodeId_store: { promoCodeId: sc.promoCodeId, store: sc.store } }, data: { state: "PENDING", error: "Being removed: the code failed in another store." } });
  }
}

/**
 * A worker killed between committing outcomes and the follow-up (code statuses, rollbacks, job
 * counters) leaves a job with nothing left to run but not marked done: whoever is idle finishes it.
 */
export async function reconcileFinishedJobs(db: PrismaClient) {
  const jobs = await db.job.findMany({ where: { status: { not: "DONE" }, operations: { none: { status: { in: ["PENDING", "RUNNING"] } } } }, select: { id: true } });
  await refreshJobs(db, jobs.map((j) => j.id));
}

/** Each code's overall status from its stores: ACTIVE in every store, FAILED if any refused it. */
async function recomputeCodeStatuses(db: PrismaClient, codeIds: string[]) {
  await eachChunk(codeIds, async (part) => {
    await db.promoCode.updateMany({ where: { id: { in: part }, storeCodes: { some: { state: "FAILED" } } }, data: { status: "FAILED" } });
    await db.promoCode.updateMany({ where: { id: { in: part }, status: { not: "FAILED" }, storeCodes: { every: { state: "SYNCED" } } }, data: { status: "ACTIVE" } });
  });
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
      await db.$transaction((tx) => rollBackFailedCodes(tx, codeIds, jobId));
      open = await db.syncOperation.count({ where: { jobId, status: { in: ["PENDING", "RUNNING"] } } });
    }
    const total = grouped.reduce((n, g) => n + g._count._all, 0);
    await db.job.update({
      where: { id: jobId },
      data: { total, succeeded: count("SUCCEEDED"), failed: count("FAILED"), status: open ? "RUNNING" : "DONE", finishedAt: open ? null : new Date() },
    });
  }
}
