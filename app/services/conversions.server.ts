// Conversions from order webhooks (R27, R28, R12, R40). An order in a tracked store that used a
// member's code, current or past, becomes one conversion per code, however often it is delivered.
import { Prisma, type PrismaClient } from "@prisma/client";
import { z } from "zod";
import { moneyToCents, payoutCents, toUsdCents } from "~/domain/money/money";
import { usdRateFor } from "./rates.server";
import { recordAudit } from "./audit.server";

const money = z.union([z.string(), z.number()]);
const orderPayload = z.object({
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

/** Codes of offers this store takes part in (primary or synced, link live), by upper-cased code. */
async function trackedCodes(db: PrismaClient, store: string, codes: string[]) {
  const keys = [...new Set(codes.map((c) => c.trim().toUpperCase()))];
  if (!keys.length) return [];
  const found = await db.promoCode.findMany({
    where: { codeKey: { in: keys }, status: { not: "FAILED" }, offer: { OR: [{ shop: store }, { syncStores: { some: { store } } }] } },
    include: { offer: true },
  });
  const live = [];
  for (const code of found) {
    if (code.offer.shop === store) live.push(code);
    // R11: a disconnected store's orders are not tracked.
    else if ((await db.storeLink.count({ where: { primaryShop: code.offer.shop, connectedShop: store, status: "CONNECTED" } })) > 0) live.push(code);
  }
  return live;
}

/** orders/create (and orders/updated): records the order's conversions once. */
export async function recordOrder(db: PrismaClient, store: string, raw: unknown): Promise<number> {
  const order = orderPayload.parse(raw);
  const codes = await trackedCodes(db, store, order.discount_codes.map((d) => d.code));
  if (!codes.length) return 0;
  const day = order.created_at.slice(0, 10);
  const rate = await usdRateFor(db, order.currency, day);
  if (!rate) throw new Error(`no ${order.currency} rate on or before ${day}`);
  const saleCents = moneyToCents(order.subtotal_price);
  const created: typeof codes = [];
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
  if (created.length) {
    await applyEarlierAdjustments(db, store, order);
    for (const code of created) if (code.offer.usageLimit !== null) await enforceUsageLimit(db, code.id);
  }
  return created.length;
}

/**
 * Deliveries are not ordered (R32): a refund or a cancellation may have been handled before the
 * order's conversion existed (its orders/create was retried, or handled by another worker). The
 * deliveries table remembers them by order, so a new conversion takes them in at once.
 */
async function applyEarlierAdjustments(db: PrismaClient, store: string, order: OrderPayload) {
  if (order.cancelled_at) await cancelConversions(db, store, order.admin_graphql_api_id, new Date(order.cancelled_at));
  const earlier = await db.webhookDelivery.findMany({
    where: { shop: store, orderId: order.admin_graphql_api_id, topic: { in: ["REFUNDS_CREATE", "ORDERS_CANCELLED"] } },
    orderBy: { receivedAt: "asc" },
  });
  for (const d of earlier) {
    const payload = JSON.parse(d.payload) as { redacted?: boolean };
    if (payload?.redacted) continue; // customers/redact blanked it
    if (d.topic === "REFUNDS_CREATE") await recordRefund(db, store, payload);
    else await cancelConversions(db, store, order.admin_graphql_api_id, new Date(orderPayload.parse(payload).cancelled_at ?? d.receivedAt));
  }
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
export async function recordCancellation(db: PrismaClient, store: string, raw: unknown): Promise<void> {
  const order = orderPayload.parse(raw);
  // The payload is the whole order: if its orders/create has not been handled yet, count it now
  // (then cancelled) rather than lose the cancellation.
  await recordOrder(db, store, raw);
  await cancelConversions(db, store, order.admin_graphql_api_id, new Date(order.cancelled_at ?? Date.now()));
}

async function cancelConversions(db: PrismaClient, store: string, orderId: string, at: Date) {
  const conversions = await db.conversion.findMany({ where: { store, orderId } });
  for (const c of conversions) await adjust(db, c.id, "CANCEL", "cancel", 1, at);
}

const refundPayload = z.object({
  admin_graphql_api_id: z.string(),
  order_id: z.union([z.number(), z.string()]),
  created_at: z.string(),
  refund_line_items: z.array(z.object({ subtotal: money })).default([]),
});

/** refunds/create: the sale and payout are reduced in proportion to the refunded subtotal (R28, R40). */
export async function recordRefund(db: PrismaClient, store: string, raw: unknown): Promise<void> {
  const refund = refundPayload.parse(raw);
  const orderId = `gid://shopify/Order/${refund.order_id}`;
  const conversions = await db.conversion.findMany({ where: { store, orderId } });
  const refunded = refund.refund_line_items.reduce((n, li) => n + moneyToCents(li.subtotal), 0);
  for (const c of conversions) {
    if (c.saleCents <= 0 || refunded <= 0) continue;
    await adjust(db, c.id, "REFUND", refund.admin_graphql_api_id, Math.min(1, refunded / c.saleCents), new Date(refund.created_at));
  }
}

/**
 * R15: the usage limit of a member's code, where the app enforces it (decision 006): units of
 * discounted items (per item), or orders when many codes share one Shopify discount. At the limit
 * the code is deactivated in every store it lives in, through the sync engine.
 */
export async function enforceUsageLimit(db: PrismaClient, promoCodeId: string): Promise<boolean> {
  const code = await db.promoCode.findUniqueOrThrow({ where: { id: promoCodeId }, include: { offer: true, storeCodes: true } });
  const { offer } = code;
  if (offer.usageLimit === null || code.status !== "ACTIVE") return false;
  const shopifyCounts = offer.usageUnit === "PER_ORDER" && (offer.datesMode === "PER_CODE" || offer.kind === "GROUP_CODE");
  if (shopifyCounts) return false;
  const conversions = await db.conversion.findMany({ where: { promoCodeId }, include: { adjustments: { where: { kind: "CANCEL" } } } });
  const counted = conversions.filter((c) => c.adjustments.length === 0);
  const used = offer.usageUnit === "PER_ITEM" ? counted.reduce((n, c) => n + c.discountedItems, 0) : counted.length;
  if (used < offer.usageLimit) return false;
  const stores = code.storeCodes.filter((s) => s.state === "SYNCED").map((s) => s.store);
  const pending = await db.syncOperation.count({ where: { promoCodeId, action: "DEACTIVATE_CODE", status: { in: ["PENDING", "RUNNING"] } } });
  if (!stores.length || pending) return false;
  await db.$transaction(async (tx) => {
    const job = await tx.job.create({ data: { shop: offer.shop, kind: "USAGE_LIMIT", offerId: offer.id, actor: "app", status: "QUEUED", total: stores.length } });
    await tx.syncOperation.createMany({ data: stores.map((store) => ({ jobId: job.id, shop: offer.shop, store, offerId: offer.id, promoCodeId, action: "DEACTIVATE_CODE" })) });
    await recordAudit(tx, { shop: offer.shop, actor: "app", action: "code.usage_limit", subject: `code:${promoCodeId}`, stores, details: { used, limit: offer.usageLimit, unit: offer.usageUnit } });
  });
  return true;
}
