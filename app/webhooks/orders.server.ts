// The orders family: orders/create, orders/updated, orders/cancelled (R27, R28, R12, R40). Owns
// the order payload's shape, what of it is stored (R32: no names, emails or addresses), the batch
// work its deliveries share (one lookup of the tracked codes for a worker's batch) and the
// handlers, which record conversions through app/services/conversions.server.ts.
import { z } from "zod";
import {
  finishOrderBatch,
  flushConversions,
  prepareOrderBatch,
  recordCancellation,
  recordOrder,
  recordOrderUpdate,
  type EarlierOrderEvent,
  type OrderBatch,
} from "~/services/conversions.server";
import { topic, type DeliveryLog, type WebhookFamily } from "./family";
import { refundOrderId, refundPayload } from "./refunds.server";

const money = z.union([z.string(), z.number()]);
/** An order's refunds[] as orders/updated carries them: only what the sale needs (app/domain/orders/refunds.ts). */
const orderRefund = refundPayload.pick({ refund_line_items: true, order_adjustments: true, transactions: true, refund_shipping_lines: true });

export const orderPayload = z.object({
  id: z.union([z.number(), z.string()]),
  admin_graphql_api_id: z.string(),
  name: z.string().default(""),
  created_at: z.string(),
  updated_at: z.string().nullish(),
  currency: z.string(),
  subtotal_price: money,
  // Issue 14 §6: the subtotal after edits, returns and refunds.
  current_subtotal_price: money.nullish(),
  // Issue 14 §3: Shopify's test orders (test mode, bogus gateway).
  test: z.boolean().nullish(),
  cancelled_at: z.string().nullish(),
  // Leak watch (R39, docs/decisions/140): the customer record's created_at (first order or not)
  // and the addresses' country code only; nothing else of them is read or kept.
  customer: z.object({ id: z.union([z.number(), z.string()]), created_at: z.string().nullish() }).nullish(),
  shipping_address: z.object({ country_code: z.string().nullish() }).nullish(),
  billing_address: z.object({ country_code: z.string().nullish() }).nullish(),
  customer_locale: z.string().nullish(),
  discount_codes: z.array(z.object({ code: z.string(), amount: money.optional(), type: z.string().optional() })).default([]),
  discount_applications: z.array(z.object({ type: z.string(), code: z.string().nullish() })).default([]),
  line_items: z
    .array(
      z.object({ quantity: z.number(), price: money.nullish(), discount_allocations: z.array(z.object({ amount: money, discount_application_index: z.number() })).default([]) }),
    )
    .default([]),
  refunds: z.array(orderRefund).nullish(),
});
export type OrderPayload = z.infer<typeof orderPayload>;

/**
 * What the app keeps of an order webhook's payload: the fields conversions use (the schema above),
 * and of the customer only the id and its record's creation time, of the addresses only the
 * country code (R32, R39). Shopify's payload carries addresses, emails and names.
 */
export function slimOrderPayload(o: OrderPayload): OrderPayload {
  return {
    id: o.id,
    admin_graphql_api_id: o.admin_graphql_api_id,
    name: o.name,
    created_at: o.created_at,
    updated_at: o.updated_at ?? null,
    currency: o.currency,
    subtotal_price: o.subtotal_price,
    current_subtotal_price: o.current_subtotal_price ?? null,
    test: o.test ?? false,
    cancelled_at: o.cancelled_at ?? null,
    customer: o.customer ? { id: o.customer.id, created_at: o.customer.created_at ?? null } : null,
    shipping_address: o.shipping_address ? { country_code: o.shipping_address.country_code ?? null } : null,
    billing_address: o.billing_address ? { country_code: o.billing_address.country_code ?? null } : null,
    customer_locale: o.customer_locale ?? null,
    discount_codes: o.discount_codes,
    discount_applications: o.discount_applications.map((a) => ({ type: a.type, code: a.code ?? null })),
    line_items: o.line_items.map((li) => ({
      quantity: li.quantity,
      price: li.price ?? null,
      discount_allocations: li.discount_allocations.map((d) => ({ amount: d.amount, discount_application_index: d.discount_application_index })),
    })),
    refunds: (o.refunds ?? []).map((r) => ({
      refund_line_items: r.refund_line_items.map((li) => ({ subtotal: li.subtotal, subtotal_set: li.subtotal_set ? { shop_money: li.subtotal_set.shop_money ?? null } : null })),
      order_adjustments: r.order_adjustments.map((a) => ({
        kind: a.kind ?? null,
        amount: a.amount,
        amount_set: a.amount_set ? { shop_money: a.amount_set.shop_money ?? null } : null,
      })),
      transactions: r.transactions.map((t) => ({ kind: t.kind ?? null, status: t.status ?? null, amount: t.amount, currency: t.currency ?? null })),
      refund_shipping_lines: r.refund_shipping_lines.map((l) => ({
        amount: l.amount ?? null,
        subtotal_amount_set: l.subtotal_amount_set ? { shop_money: l.subtotal_amount_set.shop_money ?? null } : null,
      })),
    })),
  };
}

const orderTopic = (handle: (db: Parameters<typeof recordOrder>[0], store: string, order: OrderPayload, batch: OrderBatch) => Promise<unknown>) =>
  topic({
    schema: orderPayload,
    trim: slimOrderPayload,
    subjectOf: (order) => order.admin_graphql_api_id,
    handle: async ({ db }, delivery, order, batch: OrderBatch) => void (await handle(db, delivery.shop, order, batch)),
  });

/** The refunds and cancellations the queue already handled for a batch's new conversions' orders. */
export async function earlierOrderEvents(log: DeliveryLog, batch: OrderBatch): Promise<EarlierOrderEvent[]> {
  const wanted = new Set(batch.created.map((c) => `${c.store} ${c.order.admin_graphql_api_id}`));
  const earlier = wanted.size
    ? await log.about({
        shops: batch.created.map((c) => c.store),
        subjects: batch.created.map((c) => c.order.admin_graphql_api_id),
        topics: ["REFUNDS_CREATE", "ORDERS_CANCELLED"],
      })
    : [];
  return earlier.flatMap((d): EarlierOrderEvent[] => {
    if (!wanted.has(`${d.shop} ${d.subject}`)) return []; // the same order id in another store
    if (d.topic === "REFUNDS_CREATE") {
      const refund = refundPayload.parse(d.payload);
      return [{ kind: "refund", store: d.shop, orderId: refundOrderId(refund), refund }];
    }
    return [{ kind: "cancel", store: d.shop, orderId: d.subject, at: new Date(orderPayload.parse(d.payload).cancelled_at ?? d.receivedAt) }];
  });
}

export const orders: WebhookFamily<OrderBatch, "ORDERS_CREATE" | "ORDERS_UPDATED" | "ORDERS_CANCELLED"> = {
  // The batch's orders share one lookup of their codes (decision 008).
  begin: ({ db }, items) =>
    prepareOrderBatch(
      db,
      items.map(({ delivery, payload }) => ({ store: delivery.shop, order: payload as OrderPayload })),
    ),
  // Deliveries are not ordered (R32): a refund or a cancellation of a new conversion's order may
  // have been handled before the conversion existed. The queue remembers them by order; this runs
  // after the new conversions are committed, so whatever it does not see finds the conversion itself.
  end: async ({ db, log }, batch) => {
    await flushConversions(db, batch); // the batch's new conversions, written: now they are known
    const events = await earlierOrderEvents(log, batch);
    await finishOrderBatch(db, batch, events);
  },
  topics: {
    ORDERS_CREATE: orderTopic(recordOrder),
    ORDERS_UPDATED: orderTopic(recordOrderUpdate),
    ORDERS_CANCELLED: orderTopic(recordCancellation),
  },
};
