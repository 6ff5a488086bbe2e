// discounts/create, update, delete, redeemcode_added, redeemcode_removed (R37 drift): a delivery
// naming one of the app's discounts asks the drift pass to read that discount again; nothing is
// read from Shopify here (the webhook worker makes no Admin calls). Shopify may send these for the
// app's own changes too: codes the app is adding or removing are left out here, and a discount
// whose offer has sync work under way is read once that work is done (app/services/drift.server.ts).
import type { PrismaClient, WebhookDelivery } from "@prisma/client";
import { requestDriftCheck } from "~/services/drift.server";
import { topicPayloads } from "./topics.server";

export type DiscountTopic =
  | "DISCOUNTS_CREATE"
  | "DISCOUNTS_UPDATE"
  | "DISCOUNTS_DELETE"
  | "DISCOUNTS_REDEEMCODE_ADDED"
  | "DISCOUNTS_REDEEMCODE_REMOVED";

type Waker = () => void;
const wakers = new Set<Waker>();
/** The in-process drift pass registers here, to run soon after a check was asked for. */
export function onDriftCheck(waker: Waker): () => void {
  wakers.add(waker);
  return () => wakers.delete(waker);
}

export async function handleDiscountWebhook(
  db: PrismaClient,
  topic: DiscountTopic,
  delivery: WebhookDelivery,
  payload: unknown
): Promise<void> {
  const { admin_graphql_api_id: discountId } =
    topicPayloads[topic].parse(payload);
  const code =
    topic === "DISCOUNTS_REDEEMCODE_ADDED" ||
    topic === "DISCOUNTS_REDEEMCODE_REMOVED"
      ? {
          change:
            topic === "DISCOUNTS_REDEEMCODE_ADDED"
              ? ("added" as const)
              : ("removed" as const),
          code: topicPayloads[topic].parse(payload).redeem_code.code,
        }
      : undefined;
  const asked = await requestDriftCheck(db, {
    store: delivery.shop,
    discountId,
    reason: topic,
    code,
  });
  if (asked) for (const wake of wakers) wake();
}
