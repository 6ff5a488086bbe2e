// The refunds family: refunds/create (R28, R40). Its payload's shape, what of it is stored, the
// order it is about (a refund handled before its order's conversion is applied when the order's
// orders/create is handled, app/webhooks/orders.server.ts) and its handler.
import { z } from "zod";
import { recordRefund } from "~/services/conversions.server";
import { family, topic } from "./family";

const money = z.union([z.string(), z.number()]);
export const moneySet = z.object({ shop_money: z.object({ amount: money, currency_code: z.string().nullish() }).nullish() }).passthrough();

export const refundPayload = z.object({
  admin_graphql_api_id: z.string(),
  // May exceed 2^53: kept as a digit string then (app/domain/webhooks/payload-json.ts).
  order_id: z.union([z.number(), z.string()]),
  created_at: z.string(),
  refund_line_items: z.array(z.object({ subtotal: money, subtotal_set: moneySet.nullish() })).default([]),
  order_adjustments: z.array(z.object({ kind: z.string().nullish(), amount: money, amount_set: moneySet.nullish() })).default([]),
  transactions: z.array(z.object({ kind: z.string().nullish(), status: z.string().nullish(), amount: money, currency: z.string().nullish() })).default([]),
  refund_shipping_lines: z.array(z.object({ subtotal_amount_set: moneySet.nullish(), amount: money.nullish() })).default([]),
});
export type RefundPayload = z.infer<typeof refundPayload>;

/** The order a refund is about, as a GraphQL id. */
export const refundOrderId = (refund: Pick<RefundPayload, "order_id">) => `gid://shopify/Order/${String(refund.order_id)}`;

export const refunds = family({
  REFUNDS_CREATE: topic({
    schema: refundPayload,
    subjectOf: refundOrderId,
    handle: ({ db }, delivery, refund) => recordRefund(db, delivery.shop, refund),
  }),
});
