// Conversions from order webhooks (R27, R28, R12, R40). An order in a tracked store that used a
// member's code, current or past, becomes one conversion per code, however often it is delivered.
import { codesInForceAt } from "~/domain/codes/in-force";
import { Prisma, type PrismaClient } from "@prisma/client";
import { z } from "zod";
import { moneyToCents, payoutCents, toUsdCents } from "~/domain/money/money";
import { refundedSaleCents } from "~/domain/orders/refunds";
import { usdRateFor } from "./rates.server";
import { recordAudit } from "./audit.server";
import { chunk } from "./chunks.server";
import { withOutbox } from "~/jobs/sync/outbox.server";
import { usageLimitEnforcer } from "~/domain/offers/usage-limit";

const money = z.union([z.string(), z.number()]);
export const orderPayload = z.object({
  id: z.union([z.number(), z.string()]),
  admin_graphql_api_id: z.string(),
  name: z.string().default(""),
  created_at: z.string(),
  currency: z.string(),
  subtotal_price: money,
  cancelled_at: z.string().nullish(),
  customer: z.object({ id: z.union([z.number(), z.string()]) }).nullish(),
  discount_codes: z.array(z.object({ code: z.string(), amount: money.optional(), type: z.string().optional() })).default([]),
  discount_applications: z.array(z.object({ type: z.string(), code: z.string().nullish() })).default([]),
  line_items: z
    .array(z.object({ quantity: z.number(), discount_allocations: z.array(z.object({ amount: money, discount_application_index: z.number() })).default([]) }))
    .default([]),
});
export type OrderPayload = z.infer<typeof orderPayload>;

/**
 * What the app keeps of an order webhook's payload: the fields conversions use (the schema above),
 * and of the customer only the id (R32). Shopify's payload carries addresses, emails and names.
 */
export function slimOrderPayload(raw: unknown): unknown {
  const parsed = orderPayload.safeParse(raw);
  if (!parsed.success) return raw ?? null; // kept whole, so the handler reports why it is refused
  const o = parsed.data;
  return {
    id: o.id,
    admin_graphql_api_id: o.admin_graphql_api_id,
    name: o.name,
    created_at: o.created_at,
    currency: o.currency,
    subtotal_price: o.subtotal_price,
    cancelled_at: o.cancelled_at ?? null,
    customer: o.customer ? { id: o.customer.id } : null,
    discount_codes: o.discount_codes,
    discount_applications: o.discount_applications.map((a) => ({ type: a.type, code: a.code ?? null })),
    line_items: o.line_items.map((li) => ({ quantity: li.quantity, discount_allocations: li.discount_allocations })),
  };
}

/** The order a delivery is about (orders/*, refunds/create), as a GraphQL id; null for other topics. */
export function orderIdOfDelivery(topic: string, payload: unknown): string | null {
  const p = (payload ?? {}) as { admin_graphql_api_id?: unknown; order_id?: unknown };
  if (topic.startsWith("ORDERS_") && typeof p.admin_graphql_api_id === "string") return p.admin_graphql_api_id;
  if (topic === "REFUNDS_CREATE" && (typeof p.order_id === "number" || typeof p.order_id === "string")) return `gid://shopify/Order/${p.order_id}`;
  return null;
}

type TrackedCode = Prisma.PromoCodeGetPayload<{ include: { offer: true } }>;

/**
 * What a worker's batch of order deliveries shares (decision 008): the tracked codes, loaded in
 * one query for the whole batch, and the orders that got new conversions, whose earlier refunds
 * and cancellations and whose codes' usage limits are seen to once, after the batch.
 */
export interface OrderBatch {
  codes: Map<string, TrackedCode[]>; // by `${store} ${codeKey}`
  created: { store: string; order: OrderPayload; codes: TrackedCode[] }[];
}

const codeKeyOf = (code: string) => code.trim().toUpperCase();
const batchKey = (store: string, codeKey: string) => `${store} ${codeKey}`;

/** Loads, for every (store, code) in the batch's orders, the codes of offers the store takes part in (primary, or synced with the link live). */
export async function prepareOrderBatch(db: PrismaClient, items: { store: string; payload: unknown }[]): Promise<OrderBatch> {
  const batch: OrderBatch = { codes: new Map(), created: [] };
  const wanted = new Map<string, Set<string>>(); // code key → stores
  // R11: a store that uninstalled the app is no longer tracked; an order it placed before then still counts.
  const gone = new Map(
    (await db.shop.findMany({ where: { domain: { in: [...new Set(items.map((i) => i.store))] }, uninstalledAt: { not: null } }, select: { domain: true, uninstalledAt: true } })).map((s) => [s.domain, s.uninstalledAt!]),
  );
  for (const { store, payload } of items) {
    const parsed = orderPayload.safeParse(payload);
    if (!parsed.success) continue;
    const uninstalledAt = gone.get(store);
    if (uninstalledAt && !(new Date(parsed.data.created_at) < uninstalledAt)) continue;
    for (const d of parsed.data.discount_codes) {
      const key = codeKeyOf(d.code);
      if (!wanted.has(key)) wanted.set(key, new Set());
      wanted.get(key)!.add(store);
    }
  }
  const keys = [...wanted.keys()];
  if (!keys.length) return batch;
  const stores = [...new Set(items.map((i) => i.store))];
  const found: (TrackedCode & { offer: { syncStores: { store: string }[] } })[] = [];
  for (const part of chunk(keys)) {
    found.push(
      ...(await db.promoCode.findMany({
        where: { codeKey: { in: part }, status: { not: "FAILED" }, offer: { OR: [{ shop: { in: stores } }, { syncStores: { some: { store: { in: stores } } } }] } },
        include: { offer: { include: { syncStores: { select: { store: true } } } } },
      })),
    );
  }
  // R11: a connected store's orders count only while its link is live.
  const primaries = [...new Set(found.map((c) => c.offer.shop))];
  const live = new Set(
    (await db.storeLink.findMany({ where: { primaryShop: { in: primaries }, connectedShop: { in: stores }, status: "CONNECTED" }, select: { primaryShop: true, connectedShop: true } })).map((l) => `${l.primaryShop} ${l.connectedShop}`),
  );
  for (const code of found) {
    for (const store of wanted.get(code.codeKey) ?? []) {
      const tracked = code.offer.shop === store || (code.offer.syncStores.some((s) => s.store === store) && live.has(`${code.offer.shop} ${store}`));
      if (!tracked) continue;
      const key = batchKey(store, code.codeKey);
      if (!batch.codes.has(key)) batch.codes.set(key, []);
      batch.codes.get(key)!.push(code);
    }
  }
  return batch;
}

/**
 * After a batch: deliveries are not ordered (R32), so a refund or a cancellation may have been
 * handled before its order's conversion existed (its orders/create was retried, or handled by
 * another worker). The deliveries table remembers them by order; this runs after the new
 * conversions are committed, so whatever it does not see finds the conversion itself. Then the
 * usage limits of the codes used (R15).
 */
export async function finishOrderBatch(db: PrismaClient, batch: OrderBatch): Promise<void> {
  if (!batch.created.length) return;
  for (const { store, order } of batch.created) if (order.cancelled_at) await cancelConversions(db, store, order.admin_graphql_api_id, new Date(order.cancelled_at));
  const orders = new Map(batch.created.map((c) => [`${c.store} ${c.order.admin_graphql_api_id}`, c]));
  const earlier = [];
  for (const part of chunk([...new Set(batch.created.map((c) => c.order.admin_graphql_api_id))])) {
    const where = { shop: { in: [...new Set(batch.created.map((c) => c.store))] }, orderId: { in: part }, topic: { in: ["REFUNDS_CREATE", "ORDERS_CANCELLED"] } };
    earlier.push(...(await db.webhookDelivery.findMany({ where, orderBy: { receivedAt: "asc" } })));
  }
  for (const d of earlier) {
    if (!orders.has(`${d.shop} ${d.orderId}`)) continue; // same order id in another store
    const payload = JSON.parse(d.payload) as { redacted?: boolean };
    if (payload?.redacted) continue; // customers/redact blanked it
    if (d.topic === "REFUNDS_CREATE") await recordRefund(db, d.shop, payload);
    else await cancelConversions(db, d.shop, d.orderId!, new Date(orderPayload.parse(payload).cancelled_at ?? d.receivedAt));
  }
  const limited = new Map(batch.created.flatMap((c) => c.codes).filter((c) => usageLimitEnforcer(c.offer) === "APP").map((c) => [c.id, c]));
  for (const id of limited.keys()) await enforceUsageLimit(db, id);
}

/**
 * orders/create (and orders/updated): records the order's conversions once. Within a worker's
 * batch, follow-ups wait for finishOrderBatch; called alone, it is a batch of one.
 */
export async function recordOrder(db: PrismaClient, store: string, raw: unknown, batch?: OrderBatch): Promise<number> {
  if (!batch) {
    const own = await prepareOrderBatch(db, [{ store, payload: raw }]);
    const n = await recordOrder(db, store, raw, own);
    await finishOrderBatch(db, own);
    return n;
  }
  const order = orderPayload.parse(raw);
  const codes = codesInForceAt([...new Map(order.discount_codes.flatMap((d) => batch.codes.get(batchKey(store, codeKeyOf(d.code))) ?? []).map((c) => [c.id, c])).values()], new Date(order.created_at));
  if (!codes.length) return 0;
  const day = order.created_at.slice(0, 10);
  const rate = await usdRateFor(db, order.currency, day);
  if (!rate) throw new Error(`no ${order.currency} rate on or before ${day}`);
  const saleCents = moneyToCents(order.subtotal_price);
  const created: TrackedCode[] = [];
  for (const code of codes) {
    // Units of items this code discounted (R15 per-item usage).
    const appIndexes = order.discount_applications.map((a, i) => (a.type === "discount_code" && a.code?.toUpperCase() === code.codeKey ? i : -1)).filter((i) => i >= 0);
    const discountedItems = order.line_items.reduce((n, li) => n + (li.discount_allocations.some((d) => appIndexes.includes(d.discount_application_index)) ? li.quantity : 0), 0);
    const saleUsdCents = toUsdCents(saleCents, rate);
    try {
      await db.conversion.create({
        data: {
          store,
          shop: code.offer.shop,
          offerId: code.offerId,
          memberId: code.memberId,
          promoCodeId: code.id,
          code: code.code,
          orderId: order.admin_graphql_api_id,
          orderName: order.name,
          customerId: order.customer ? String(order.customer.id) : null,
          currency: order.currency,
          saleCents,
          saleUsdCents,
          rateUnitsPerUsd: rate.unitsPerUsd,
          rateDay: rate.day,
          rateSource: rate.source,
          payoutCents: payoutCents(code.offer, saleUsdCents),
          discountedItems,
          occurredAt: new Date(order.created_at),
        },
      });
      created.push(code);
    } catch (error) {
      // Already counted (a retry, a duplicate, or orders/updated after orders/create).
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    }
  }
  if (created.length) batch.created.push({ store, order, codes: created });
  return created.length;
}

async function adjust(db: PrismaClient, conversionId: string, kind: "REFUND" | "CANCEL", sourceId: string, fraction: number, at: Date) {
  const c = await db.conversion.findUniqueOrThrow({ where: { id: conversionId }, include: { adjustments: true } });
  const left = (k: "saleCents" | "saleUsdCents" | "payoutCents") => c[k] + c.adjustments.reduce((n, a) => n + a[k], 0);
  const take = (k: "saleCents" | "saleUsdCents" | "payoutCents") => -Math.min(left(k), Math.round(c[k] * fraction));
  try {
    await db.conversionAdjustment.create({
      data: { conversionId, kind, sourceId, saleCents: take("saleCents"), saleUsdCents: take("saleUsdCents"), payoutCents: take("payoutCents"), occurredAt: at },
    });
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
  }
}

/** orders/cancelled: what is left of the sale and payout goes to zero (R28). */
export async function recordCancellation(db: PrismaClient, store: string, raw: unknown, batch?: OrderBatch): Promise<void> {
  const order = orderPayload.parse(raw);
  // The payload is the whole order: if its orders/create has not been handled yet, count it now
  // (then cancelled) rather than lose the cancellation.
  await recordOrder(db, store, raw, batch);
  await cancelConversions(db, store, order.admin_graphql_api_id, new Date(order.cancelled_at ?? Date.now()));
}

async function cancelConversions(db: PrismaClient, store: string, orderId: string, at: Date) {
  const conversions = await db.conversion.findMany({ where: { store, orderId } });
  for (const c of conversions) await adjust(db, c.id, "CANCEL", "cancel", 1, at);
}

const moneySet = z.object({ shop_money: z.object({ amount: money, currency_code: z.string().nullish() }).nullish() }).passthrough();
export const refundPayload = z.object({
  admin_graphql_api_id: z.string(),
  order_id: z.union([z.number(), z.string()]),
  created_at: z.string(),
  refund_line_items: z.array(z.object({ subtotal: money, subtotal_set: moneySet.nullish() })).default([]),
  order_adjustments: z.array(z.object({ kind: z.string().nullish(), amount: money, amount_set: moneySet.nullish() })).default([]),
  transactions: z.array(z.object({ kind: z.string().nullish(), status: z.string().nullish(), amount: money, currency: z.string().nullish() })).default([]),
  refund_shipping_lines: z.array(z.object({ subtotal_amount_set: moneySet.nullish(), amount: money.nullish() })).default([]),
});

/**
 * refunds/create: the sale and payout are reduced in proportion to the sale refunded (R28, R40):
 * the refunded lines' subtotals, or for an amount-only refund (no lines) its amount
 * (app/domain/orders/refunds.ts). The order is found by order_id, which may exceed 2^53: the
 * payload was parsed keeping such ids as digit strings (app/domain/webhooks/payload-json.ts).
 */
export async function recordRefund(db: PrismaClient, store: string, raw: unknown): Promise<void> {
  const refund = refundPayload.parse(raw);
  const orderId = `gid://shopify/Order/${String(refund.order_id)}`;
  const conversions = await db.conversion.findMany({ where: { store, orderId } });
  for (const c of conversions) {
    const refunded = refundedSaleCents(refund, c.currency);
    if (c.saleCents <= 0 || refunded <= 0) continue;
    await adjust(db, c.id, "REFUND", refund.admin_graphql_api_id, Math.min(1, refunded / c.saleCents), new Date(refund.created_at));
  }
}

/**
 * R15: the usage limit of a member's code where the app enforces it: units of discounted items
 * (per item). A per-order limit is Shopify's: set on the discount, counted per redeem code and
 * enforced at checkout in every store (docs/decisions/040, superseding 006). At the limit the code
 * is deactivated in every store it lives in, through the sync engine.
 */
export async function enforceUsageLimit(db: PrismaClient, promoCodeId: string): Promise<boolean> {
  const code = await db.promoCode.findUniqueOrThrow({ where: { id: promoCodeId }, include: { offer: true, storeCodes: true } });
  const { offer } = code;
  if (usageLimitEnforcer(offer) !== "APP" || code.status !== "ACTIVE") return false;
  const conversions = await db.conversion.findMany({ where: { promoCodeId }, include: { adjustments: { where: { kind: "CANCEL" } } } });
  const counted = conversions.filter((c) => c.adjustments.length === 0);
  const used = counted.reduce((n, c) => n + c.discountedItems, 0);
  if (used < (offer.usageLimit ?? Infinity)) return false;
  const stores = code.storeCodes.filter((s) => s.state === "SYNCED").map((s) => s.store);
  const pending = await db.syncOperation.count({ where: { promoCodeId, action: "DEACTIVATE_CODE", status: { in: ["PENDING", "RUNNING"] } } });
  if (!stores.length || pending) return false;
  await withOutbox(db, async (outbox) => {
    const { tx } = outbox;
    const jobId = await outbox.createJob({ shop: offer.shop, kind: "USAGE_LIMIT", offerId: offer.id, actor: "app" });
    await outbox.enqueue({ jobId, shop: offer.shop, offerId: offer.id, operations: stores.map((store) => ({ store, action: "DEACTIVATE_CODE", promoCodeId })) });
    await recordAudit(tx, { shop: offer.shop, actor: "app", action: "code.usage_limit", subject: `code:${promoCodeId}`, stores, details: { used, limit: offer.usageLimit, unit: offer.usageUnit } });
  });
  return true;
}
