// CHECK_CODE (R7, R8, R9): before any write, a code is looked up in every store where it is still
// to be created (its PENDING store states: every store for a new code, only the added stores when
// a store joins an offer whose code is already live).
// - Free everywhere: CREATE_CODE operations are queued, one per store, in the same job.
// - Held somewhere and the code is new: it is created nowhere, and the merchant is told which
//   store holds it.
// - Held somewhere and the code is already live elsewhere: it is created in the stores where it is
//   free and not in the store that holds it; the live code is left alone (never rolled back), and
//   that store shows the member's code as failed there, to rename or retry.
// - A refresh's new code (refresh.server.ts) is checked the same way, except where the member's own
//   code holds its name (R21); what follows a passed check there is the old code's removal.
import type { Offer } from "@prisma/client";
import { codesExist } from "~/shopify/discounts.server";
import { eachChunk, groupBy, inChunks } from "~/services/chunks.server";
import { hasGrant } from "~/services/stores.server";
import { outboxIn, wakeSyncWorkers } from "../outbox.server";
import { renamable, renameTakenBulkCodes } from "../bulk-replace.server";
import type { Claimed, WorkerDeps } from "../types";
import type { OperationInput } from "../outbox.server";
import { NotConnectedError } from "../failures.server";
import { firstStepIn, heldByOwnCode, replacementsOf } from "../refresh.server";

export async function checkCodes(deps: WorkerDeps, offer: Offer, ops: Claimed[]) {
  const { db } = deps;
  const targets = await inChunks(ops, (part) => db.storeCode.findMany({ where: { promoCodeId: { in: part.map((o) => o.promoCodeId!) }, state: "PENDING" } }));
  const stores = [...new Set(targets.map((sc) => sc.store))];
  const links = await db.storeLink.findMany({ where: { primaryShop: offer.shop, connectedShop: { in: stores } } });
  const labelOf = (store: string) => (store === offer.shop ? store : links.find((l) => l.connectedShop === store)?.label || store);
  /** Operation id → the stores that hold its code already. */
  const heldIn = new Map<string, string[]>();
  const isTarget = new Set(targets.map((t) => `${t.promoCodeId}|${t.store}`));
  const replaces = await replacementsOf(
    db,
    ops.map((op) => op.promoCode!),
  );
  const checkStore = async (store: string) => {
    if (!(await hasGrant(db, offer.shop, store))) throw new NotConnectedError(store, offer.shop);
    const admin = await deps.adminFor(store);
    // As many codes per query as the single-query maximum allows (1,000 at one point each), the
    // batches in flight together as far as the store's bucket allows (codesExist).
    const mine = ops.filter((op) => isTarget.has(`${op.promoCodeId}|${store}`) && !heldByOwnCode(replaces.get(op.promoCodeId!), store));
    const held = await codesExist(admin, [...new Set(mine.map((op) => op.promoCode!.code))], { concurrency: deps.concurrency ?? 8 });
    for (const op of mine) if (held.has(op.promoCode!.code)) heldIn.set(op.id, [...(heldIn.get(op.id) ?? []), store]);
  };
  await Promise.all(stores.map(checkStore));

  const token = ops[0]!.leaseOwner;
  const done = `${token}:done`;
  // R19: a bulk code held in a store is replaced by a fresh one and checked again, not failed.
  const toRename = await renamable(
    db,
    ops.filter((op) => heldIn.has(op.id)),
  );
  let renamedAny = false;
  await db.$transaction(async (tx) => {
    const outbox = outboxIn(tx);
    // Fenced like every outcome: only operations this claim still holds are finished here.
    await eachChunk(ops, (part) => tx.syncOperation.updateMany({ where: { id: { in: part.map((o) => o.id) }, leaseOwner: token, status: "RUNNING" }, data: { leaseOwner: done } }));
    const mine = new Set(
      (await inChunks(ops, (part) => tx.syncOperation.findMany({ where: { id: { in: part.map((o) => o.id) }, leaseOwner: done }, select: { id: true } }))).map((o) => o.id),
    );
    const creates = new Map<string | null, OperationInput[]>();
    const queue = (op: Claimed, store: string) => creates.set(op.jobId, [...(creates.get(op.jobId) ?? []), firstStepIn(op, replaces.get(op.promoCodeId!), store)]);
    const free: string[] = [];
    const renaming: Claimed[] = [];
    const failNew = async (op: Claimed, where: string) => {
      const code = op.promoCode!;
      const message = `"${code.code}" already exists in ${where}, so it was created in no store. Pick another code for this member.`;
      await tx.syncOperation.update({ where: { id: op.id }, data: { status: "FAILED", error: message, leaseUntil: null } });
      await tx.storeCode.updateMany({ where: { promoCodeId: code.id }, data: { state: "FAILED", error: message } });
      await tx.promoCode.update({ where: { id: code.id }, data: { status: "FAILED" } });
    };
    const targetsOf = groupBy(targets, (t) => t.promoCodeId);
    for (const op of ops.filter((o) => mine.has(o.id))) {
      const code = op.promoCode!;
      const held = heldIn.get(op.id) ?? [];
      const codeTargets = targetsOf.get(op.promoCodeId!) ?? [];
      if (!held.length) {
        free.push(op.id);
        for (const t of codeTargets) queue(op, t.store);
        continue;
      }
      const where = held.map(labelOf).join(", ");
      if (toRename.has(op.id)) {
        renaming.push(op);
        continue;
      }
      if (code.status === "PENDING") {
        await failNew(op, where);
        continue;
      }
      // Live already: create where free, report the stores that hold it.
      const message = `"${code.code}" is already used by another discount in ${where}, so it was not created there. Rename this member's code, or retry once the other discount is gone.`;
      for (const t of codeTargets) if (!held.includes(t.store)) queue(op, t.store);
      await tx.storeCode.updateMany({ where: { promoCodeId: code.id, store: { in: held } }, data: { state: "FAILED", error: message } });
      await tx.syncOperation.update({ where: { id: op.id }, data: { status: "FAILED", error: message, leaseUntil: null } });
    }
    if (renaming.length) {
      const { renamed, refused } = await renameTakenBulkCodes(tx, renaming, done, deps.random);
      renamedAny = renamed.length > 0;
      for (const op of refused) await failNew(op, (heldIn.get(op.id) ?? []).map(labelOf).join(", "));
    }
    await eachChunk(free, (part) => tx.syncOperation.updateMany({ where: { id: { in: part } }, data: { status: "SUCCEEDED", error: null, leaseUntil: null } }));
    for (const [jobId, operations] of creates) await outbox.enqueue({ jobId, shop: offer.shop, offerId: offer.id, operations });
  });
  if (renamedAny) wakeSyncWorkers();
}
