// DELETE_CODE (R7 rollback, R9 store removed): takes codes out of a store. A whole discount goes
// when every code it holds there goes (per-code discounts, a store taken off an offer); otherwise
// just those redeem codes. A code already gone counts as removed.
import { deleteDiscount, deleteRedeemCodes } from "~/shopify/discounts.server";
import type { AdminClient } from "~/shopify/client.server";
import { groupBy, inChunks } from "~/services/chunks.server";
import { finishMany } from "../settle.server";
import type { Claimed, WorkerDeps } from "../types";

export async function removeCodes(deps: WorkerDeps, admin: AdminClient, store: string, ops: Claimed[]) {
  const { db } = deps;
  const storeCodes = await inChunks(ops, (part) =>
    db.storeCode.findMany({ where: { store, promoCodeId: { in: part.map((o) => o.promoCodeId!) } }, include: { discountGroup: true, promoCode: true } }),
  );
  const unknown = ops.filter((op) => !storeCodes.some((sc) => sc.promoCodeId === op.promoCodeId));
  if (unknown.length)
    await finishMany(
      deps,
      unknown.map((op) => ({ op, outcome: { ok: true } })),
    );
  for (const [groupId, codes] of groupBy(storeCodes, (sc) => sc.discountGroupId)) {
    const group = codes[0]!.discountGroup;
    const groupOps = ops.filter((op) => codes.some((c) => c.promoCodeId === op.promoCodeId));
    if (!groupId || !group?.remoteId) {
      await finishMany(
        deps,
        groupOps.map((op) => ({ op, outcome: { ok: true } })),
      );
      continue;
    }
    const remaining = await db.storeCode.count({ where: { discountGroupId: groupId, state: "SYNCED", promoCodeId: { notIn: codes.map((c) => c.promoCodeId) } } });
    const result =
      remaining === 0
        ? await deleteDiscount(admin, group.remoteId)
        : await deleteRedeemCodes(
            admin,
            group.remoteId,
            codes.map((c) => ({ code: c.promoCode.code, redeemCodeId: c.remoteCodeId })),
          );
    if (result.ok && remaining === 0) await db.discountGroup.update({ where: { id: groupId }, data: { remoteId: null } });
    await finishMany(
      deps,
      groupOps.map((op) => ({ op, outcome: result.ok ? { ok: true } : { ok: false, message: `Shopify refused to remove the code: ${result.message}` } })),
    );
  }
}
