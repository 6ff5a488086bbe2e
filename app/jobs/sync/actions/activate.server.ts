// ACTIVATE_CODE (R23): makes a deactivated code work again in a store, through the mechanism its
// deactivation used (decision 011):
// - a code in a unified discount was taken out of it (Shopify has no per-redeem-code switch): it
//   is added back, exactly as a creation (createInUnifiedGroup: bulk add, adoption after a crash);
// - a code with its own discount had the discount deactivated: it is activated again, and its own
//   end date put back (Shopify's activation clears the end date).
import type { Offer } from "@prisma/client";
import { perCodeDiscountTitle } from "~/domain/codes/discount-title";
import { activateDiscount, describeUserErrors, discountInputFor, UPDATE_CODE_DISCOUNT } from "~/shopify/discounts.server";
import type { AdminClient } from "~/shopify/client.server";
import { finish } from "../settle.server";
import { createInUnifiedGroup } from "./create-unified.server";
import { createPerCodeDiscounts } from "./create-per-code.server";
import type { Claimed, Outcome, WorkerDeps } from "../types";

export async function activateCodes(deps: WorkerDeps, admin: AdminClient, store: string, offer: Offer, ops: Claimed[], percent: number | null) {
  if (offer.datesMode === "UNIFIED") return createInUnifiedGroup(deps, admin, store, offer, ops, percent);
  const missing: Claimed[] = [];
  for (const op of ops) {
    const sc = await deps.db.storeCode.findUnique({ where: { promoCodeId_store: { promoCodeId: op.promoCodeId!, store } }, include: { discountGroup: true, promoCode: true } });
    const remoteId = sc?.discountGroup?.remoteId;
    if (!sc || !remoteId) {
      missing.push(op);
      continue;
    }
    let outcome: Outcome = { ok: true };
    const activated = await activateDiscount(admin, remoteId);
    if (!activated.ok) outcome = { ok: false, message: `Shopify refused to activate the code: ${activated.message}` };
    else if (sc.promoCode.endsAt) {
      const code = sc.promoCode;
      const input = discountInputFor(
        offer,
        { title: perCodeDiscountTitle(offer, code.code), code: "", startsAt: code.startsAt, endsAt: code.endsAt },
        { includeCode: false, percent },
      );
      const { userErrors } = await admin.mutate(UPDATE_CODE_DISCOUNT, { id: remoteId, input: input as never });
      if (userErrors.length) outcome = { ok: false, message: `Shopify refused the code's dates: ${describeUserErrors(userErrors)}` };
    }
    await finish(deps, op, outcome, sc.discountGroupId ?? undefined);
  }
  // Its discount is gone from the store (deleted there): it is created again.
  if (missing.length) await createPerCodeDiscounts(deps, admin, store, offer, missing, percent);
}
