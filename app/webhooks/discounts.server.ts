// The discounts family: discounts/create, update, delete, redeemcode_added, redeemcode_removed
// (R37 drift). A delivery naming one of the app's discounts asks the drift pass to read that
// discount again; nothing is read from Shopify here (the webhook worker makes no Admin calls).
// Shopify may send these for the app's own changes too: codes the app is adding or removing are
// left out, and a discount whose offer has sync work under way is read once that work is done
// (app/services/drift.server.ts).
import { z } from "zod";
import { requestDriftCheck } from "~/services/drift.server";
import { family, topic, type Delivery, type HandlerContext } from "./family";

/** discounts/*: the discount's GraphQL id names it; the rest varies by topic (Shopify's examples). */
const discountPayload = z.object({ admin_graphql_api_id: z.string().min(1) }).passthrough();
const redeemCodePayload = discountPayload.extend({ redeem_code: z.object({ id: z.string(), code: z.string() }).passthrough() }).passthrough();

type Waker = () => void;
const wakers = new Set<Waker>();
/** The in-process drift pass registers here, to run soon after a check was asked for. */
export function onDriftCheck(waker: Waker): () => void {
  wakers.add(waker);
  return () => wakers.delete(waker);
}

async function askForCheck({ db }: HandlerContext, delivery: Delivery, discountId: string, code?: { change: "added" | "removed"; code: string }) {
  const asked = await requestDriftCheck(db, { store: delivery.shop, discountId, reason: delivery.topic, code });
  if (asked) for (const wake of wakers) wake();
}

const discountChanged = topic({ schema: discountPayload, handle: (ctx, delivery, p) => askForCheck(ctx, delivery, p.admin_graphql_api_id) });

export const discounts = family({
  DISCOUNTS_CREATE: discountChanged,
  DISCOUNTS_UPDATE: discountChanged,
  DISCOUNTS_DELETE: discountChanged,
  DISCOUNTS_REDEEMCODE_ADDED: topic({
    schema: redeemCodePayload,
    handle: (ctx, delivery, p) => askForCheck(ctx, delivery, p.admin_graphql_api_id, { change: "added", code: p.redeem_code.code }),
  }),
  DISCOUNTS_REDEEMCODE_REMOVED: topic({
    schema: redeemCodePayload,
    handle: (ctx, delivery, p) => askForCheck(ctx, delivery, p.admin_graphql_api_id, { change: "removed", code: p.redeem_code.code }),
  }),
});
