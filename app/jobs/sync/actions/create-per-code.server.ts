// CREATE_CODE with per-code dates (R5): each code gets its own discount in each store, created a
// few at a time (the client's bucket paces them). A retried creation first asks the store whether
// the code's own discount landed already, and adopts it only when its title is this code's.
import type { Offer } from "@prisma/client";
import { perCodeDiscountTitle } from "~/domain/codes/discount-title";
import { createCodeDiscount, discountInputFor, findCodeOwner } from "~/shopify/discounts.server";
import type { AdminClient } from "~/shopify/client.server";
import { failureOf, takenMessage } from "../failures.server";
import { finish } from "../settle.server";
import type { Claimed, WorkerDeps } from "../types";

export async function createPerCodeDiscounts(deps: WorkerDeps, admin: AdminClient, store: string, offer: Offer, ops: Claimed[], percent: number | null) {
  const { db } = deps;
  const queue = [...ops];
  const workers = Array.from({ length: Math.min(deps.concurrency ?? 8, queue.length) }, async () => {
    for (let op = queue.shift(); op; op = queue.shift()) {
      const code = op.promoCode!;
      const title = perCodeDiscountTitle(offer, code.code);
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
            const ours = owner.title === title && (await db.discountGroup.count({ where: { remoteId: owner.discountId } })) === 0;
            if (ours) {
              await db.discountGroup.update({ where: { id: group.id }, data: { remoteId: owner.discountId } });
              // The redeem code's id is not looked up here (a delete finds it when it needs it).
              await finish(deps, op, { ok: true, remoteCodeId: null }, group.id);
            } else await finish(deps, op, { ok: false, message: takenMessage(code.code, store) });
            continue;
          }
        }
        const result = await createCodeDiscount(admin, discountInputFor(offer, { title, code: code.code, startsAt: code.startsAt, endsAt: code.endsAt }, { percent }));
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
