// UPDATE_DISCOUNT (R10, R14): pushes the offer's settings to every discount it has in a store.
import type { Offer } from "@prisma/client";
import { perCodeDiscountTitle, unifiedDiscountTitle } from "~/domain/codes/discount-title";
import { describeUserErrors, discountInputFor, UPDATE_CODE_DISCOUNT } from "~/shopify/discounts.server";
import type { AdminClient } from "~/shopify/client.server";
import { finish } from "../settle.server";
import type { Claimed, Outcome, WorkerDeps } from "../types";

export async function updateDiscounts(deps: WorkerDeps, admin: AdminClient, offer: Offer, ops: Claimed[], percent: number | null) {
  for (const op of ops) await finish(deps, op, await updateOne(deps, admin, offer, op, percent));
}

async function updateOne(deps: WorkerDeps, admin: AdminClient, offer: Offer, op: Claimed, percent: number | null): Promise<Outcome> {
  const groups = await deps.db.discountGroup.findMany({ where: { offerId: offer.id, store: op.store, remoteId: { not: null } } });
  for (const group of groups) {
    const code = group.key === "unified" ? null : await deps.db.promoCode.findUnique({ where: { id: group.key } });
    const input = discountInputFor(
      offer,
      {
        title: code ? perCodeDiscountTitle(offer, code.code) : unifiedDiscountTitle(offer),
        code: "",
        startsAt: code?.startsAt ?? offer.startsAt,
        endsAt: code ? code.endsAt : offer.endsAt,
      },
      { includeCode: false, percent },
    );
    const { userErrors } = await admin.mutate(UPDATE_CODE_DISCOUNT, { id: group.remoteId!, input: input as never });
    if (userErrors.length) return { ok: false, message: `Shopify refused the update: ${describeUserErrors(userErrors)}` };
  }
  return { ok: true };
}
