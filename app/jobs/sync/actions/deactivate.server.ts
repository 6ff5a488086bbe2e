// DEACTIVATE_CODE (R15 at the usage limit, R24): stops a code working in a store. A code sharing
// a unified discount is removed from it (Shopify has no per-code switch); a code with its own
// discount has it deactivated. Past conversions keep their code.
import { deactivateDiscount, deleteRedeemCodes } from "~/shopify/discounts.server";
import type { AdminClient } from "~/shopify/client.server";
import { finish } from "../settle.server";
import type { Claimed, Outcome, WorkerDeps } from "../types";

export async function deactivateCodes(deps: WorkerDeps, admin: AdminClient, store: string, ops: Claimed[]) {
  for (const op of ops) {
    const sc = await deps.db.storeCode.findUnique({ where: { promoCodeId_store: { promoCodeId: op.promoCodeId!, store } }, include: { discountGroup: true, promoCode: true } });
    const group = sc?.discountGroup;
    let outcome: Outcome = { ok: true };
    if (sc && group?.remoteId) {
      const result = group.key === "unified" ? await deleteRedeemCodes(admin, group.remoteId, [{ code: sc.promoCode.code, redeemCodeId: sc.remoteCodeId }]) : await deactivateDiscount(admin, group.remoteId);
      if (!result.ok) outcome = { ok: false, message: `Shopify refused to deactivate the code: ${result.message}` };
    }
    await finish(deps, op, outcome);
  }
}
