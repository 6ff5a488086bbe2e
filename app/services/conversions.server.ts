// Conversions from order webhooks (R27, R28, R12, R40). An order in a tracked store that used a
// member's code, current or past, becomes one conversion per code, however often it is delivered.
import { codesInForceAt } from "~/domain/codes/in-force";
import { Prisma, type PrismaClient } from "@prisma/client";
import { z } from "zod";
import { isBetterRate, moneyToCents, payoutCents, toUsdCents, type RateStatus } from "~/domain/money/money";
import { attributeSale, splitByWeights } from "~/domain/orders/attribution";
import {
  allLeft,
  conversionShare,
  countedSale,
  editedByCents,
  excluded,
  isCancelled,
  isExcluded,
  netOf,
  percentPayoutDelta,
  refundFraction,
  shareTaken,
  type AdjustmentKind,
  type Counted,
} from "~/domain/orders/adjustments";
import { rateStaleDays, usdRateFor } from "./rates.server";
import { recordAudit } from "./audit.server";
import { chunk, inChunks } from "./chunks.server";
import { withOutbox } from "~/jobs/sync/outbox.server";
import { usageLimitEnforcer } from "~/domain/offers/usage-limit";
import { countryOf, isFirstOrder, regionOfLocale } from "~/domain/leaks/rules";
import { watchRecordedUses } from "./leaks.server";

const money = z.union([z.string(), z.number()]);
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
    .array(z.object({ quantity: z.number(), price: money.nullish(), discount_allocations: z.array(z.object({ amount: money, discount_application_index: z.number() })).default([]) }))
    .default([]),
  refunds: z.array(orderRefund).nullish(),
});
export type OrderPayload = z.infer<typeof orderPayload>;

/**
 * What the app keeps of an order webhook's payload: the fields conversions use (the schema above),
 * and of the customer only the id and its record's creation time, of the addresses only the
 * country code (R32, R39). Shopify's payload carries addresses, emails and names.
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
    line_items: o.line_items.map((li) => ({ quantity: li.quantity, price: li.price ?? null, discount_allocations: li.discount_allocations.map((d) => ({ amount: d.amount, discount_application_index: d.discount_application_index })) })),
    refunds: (o.refunds ?? []).map((r) => ({
      refund_line_items: r.refund_line_items.map((li) => ({ subtotal: li.subtotal, subtotal_set: li.subtotal_set ? { shop_money: li.subtotal_set.shop_money ?? null } : null })),
      order_adjustments: r.order_adjustments.map((a) => ({ kind: a.kind ?? null, amount: a.amount, amount_set: a.amount_set ? { shop_money: a.amount_set.shop_money ?? null } : null })),
      transactions: r.transactions.map((t) => ({ kind: t.kind ?? null, status: t.status ?? null, amount: t.amount, currency: t.currency ?? null })),
      refund_shipping_lines: r.refund_shipping_lines.map((l) => ({ amount: l.amount ?? null, subtotal_amount_set: l.subtotal_amount_set ? { shop_money: l.subtotal_amount_set.shop_money ?? null } : null })),
    })),
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
  await watchRecordedUses(db, batch.created.map((c) => ({ codes: c.codes, at: new Date(c.order.created_at) })));
  const limited = new Map(batch.created.flatMap((c) => c.codes).filter((c) => usageLimitEnforcer(c.offer) === "APP").map((c) => [c.id, c]));
  for (const id of limited.keys()) await enforceUsageLimit(db, id);
}

/** The rate used for a conversion now: its own, or its latest revaluation's (R40). */
function rateInUse(c: { rateUnitsPerUsd: number; rateDay: string; rateSource: string }, adjustments: { kind: string; rateUnitsPerUsd: number | null; rateDay: string | null; rateSource: string | null }[]) {
  const revalued = adjustments.filter((a) => a.kind === "REVALUE" && a.rateDay && a.rateUnitsPerUsd).sort((a, b) => (a.rateDay! < b.rateDay! ? -1 : 1)).pop();
  return revalued ? { unitsPerUsd: revalued.rateUnitsPerUsd!, day: revalued.rateDay!, source: revalued.rateSource ?? "" } : { unitsPerUsd: c.rateUnitsPerUsd, day: c.rateDay, source: c.rateSource };
}

/**
 * orders/create (and orders/updated): records the order's conversions once, each with its part of
 * the sale (app/domain/orders/attribution.ts). Within a worker's batch, follow-ups wait for
 * finishOrderBatch; called alone, it is a batch of one.
 */
export async function recordOrder(db: PrismaClient, store: string, raw: unknown, batch?: OrderBatch): Promise<number> {
  if (!batch) {
    const own = await prepareOrderBatch(db, [{ store, payload: raw }]);
    const n = await recordOrder(db, store, raw, own);
    await finishOrderBatch(db, own);
    return n;
  }
  const order = orderPayload.parse(raw);
  const codes = codesInForceAt(trackedCodesOf(order, store, batch), new Date(order.created_at));
  if (!codes.length) return 0;
  const day = order.created_at.slice(0, 10);
  // R40: never fails for want of a rate; how good the rate is, is recorded (rateStatus).
  const rate = await usdRateFor(db, order.currency, day, rateStaleDays());
  if (!rate) throw new Error(`no ${order.currency} rate stored at all (the rates job imports the bundled table)`);
  const orderSaleCents = moneyToCents(order.subtotal_price);
  const keys = [...new Set(codes.map((c) => c.codeKey))];
  const attribution = attributeSale(
    {
      saleCents: orderSaleCents,
      lines: order.line_items.map((li) => ({ priceCents: li.price == null ? 0 : moneyToCents(li.price), quantity: li.quantity, allocations: li.discount_allocations.map((a) => ({ amountCents: moneyToCents(a.amount), applicationIndex: a.discount_application_index })) })),
      applications: order.discount_applications.map((a) => ({ type: a.type, code: a.code ?? null })),
      codes: order.discount_codes.map((d) => ({ code: d.code, amountCents: d.amount == null ? 0 : moneyToCents(d.amount) })),
    },
    keys,
  );
  // A code key held by several of the batch's codes (offers) shares its part equally.
  const saleOf = new Map<string, number>();
  for (const key of keys) {
    const same = codes.filter((c) => c.codeKey === key);
    splitByWeights(attribution.saleCents.get(key) ?? 0, same.map(() => 1)).forEach((cents, i) => saleOf.set(same[i]!.id, cents));
  }
  const created: TrackedCode[] = [];
  for (const code of codes) {
    // Units of items this code discounted (R15 per-item usage).
    const appIndexes = order.discount_applications.map((a, i) => (a.type === "discount_code" && a.code?.toUpperCase() === code.codeKey ? i : -1)).filter((i) => i >= 0);
    const discountedItems = order.line_items.reduce((n, li) => n + (li.discount_allocations.some((d) => appIndexes.includes(d.discount_application_index)) ? li.quantity : 0), 0);
    const saleCents = saleOf.get(code.id) ?? 0;
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
          rateStatus: rate.status,
          payoutCents: payoutCents(code.offer, saleUsdCents),
          discountedItems,
          occurredAt: new Date(order.created_at),
          attribution: attribution.method,
          orderSaleCents,
          testOrder: order.test === true,
          firstOrder: order.customer ? isFirstOrder(order.created_at, order.customer.created_at) : null,
          country: countryOf(order.shipping_address?.country_code, order.billing_address?.country_code, regionOfLocale(order.customer_locale)),
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

function trackedCodesOf(order: OrderPayload, store: string, batch: OrderBatch): TrackedCode[] {
  return [...new Map(order.discount_codes.flatMap((d) => batch.codes.get(batchKey(store, codeKeyOf(d.code))) ?? []).map((c) => [c.id, c])).values()];
}

type AdjustmentData = { kind: AdjustmentKind; sourceId: string; occurredAt: Date; reason?: string | null; rate?: { unitsPerUsd: number; day: string; source: string } } & Counted;

/** Writes one adjustment, once per (conversion, source): a retried delivery changes nothing. */
async function writeAdjustment(db: PrismaClient | Prisma.TransactionClient, conversionId: string, a: AdjustmentData): Promise<boolean> {
  try {
    await db.conversionAdjustment.create({
      data: {
        conversionId,
        kind: a.kind,
        sourceId: a.sourceId,
        saleCents: a.saleCents,
        saleUsdCents: a.saleUsdCents,
        payoutCents: a.payoutCents,
        occurredAt: a.occurredAt,
        reason: a.reason ?? null,
        rateUnitsPerUsd: a.rate?.unitsPerUsd ?? null,
        rateDay: a.rate?.day ?? null,
        rateSource: a.rate?.source ?? null,
      },
    });
    return true;
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    return false;
  }
}

/** orders/updated: counts the order if it was not (as orders/create), then applies an edit (issue 14 §6). */
export async function recordOrderUpdate(db: PrismaClient, store: string, raw: unknown, batch?: OrderBatch): Promise<void> {
  await recordOrder(db, store, raw, batch);
  const order = orderPayload.parse(raw);
  if (batch && !trackedCodesOf(order, store, batch).length) return; // not an order of ours: no query
  await applyOrderEdit(db, store, order);
}

/**
 * Issue 14 §6: an order edit (current_subtotal_price moved other than by refunds) adjusts each of
 * the order's conversions by its part of the change, as an EDIT adjustment. Each orders/updated
 * brings the edits to what it says; an older delivery handled after a newer one changes nothing.
 */
export async function applyOrderEdit(db: PrismaClient, store: string, order: OrderPayload): Promise<void> {
  const edited = editedByCents(
    { saleCents: moneyToCents(order.subtotal_price), currentSaleCents: order.current_subtotal_price == null ? null : moneyToCents(order.current_subtotal_price), refunds: order.refunds ?? [] },
    order.currency,
  );
  if (edited === null) return;
  const conversions = await db.conversion.findMany({ where: { store, orderId: order.admin_graphql_api_id }, include: { adjustments: true } });
  if (!conversions.length) return;
  const at = order.updated_at ? new Date(order.updated_at) : new Date();
  const sourceId = `edit:${at.toISOString()}`;
  const changes = conversions.flatMap((c) => {
    const edits = c.adjustments.filter((a) => a.kind === "EDIT");
    if (edits.some((a) => a.sourceId >= sourceId) || isCancelled(c.adjustments)) return [];
    const target = Math.round(edited * conversionShare({ saleCents: countedSale(c, c.adjustments), orderSaleCents: c.orderSaleCents }));
    const delta = Math.max(target - edits.reduce((n, a) => n + a.saleCents, 0), -netOf(c, c.adjustments, "saleCents"));
    return delta === 0 ? [] : [{ c, delta }];
  });
  if (!changes.length) return; // most orders/updated are not edits: no more queries
  const offers = new Map((await db.offer.findMany({ where: { id: { in: [...new Set(changes.map(({ c }) => c.offerId))] } } })).map((o) => [o.id, o]));
  for (const { c, delta } of changes) {
    const usd = toUsdCents(delta, rateInUse(c, c.adjustments));
    const offer = offers.get(c.offerId);
    const payout = offer && !isExcluded(c.adjustments) ? Math.max(percentPayoutDelta(offer, usd), -netOf(c, c.adjustments, "payoutCents")) : 0;
    await writeAdjustment(db, c.id, { kind: "EDIT", sourceId, occurredAt: at, saleCents: delta, saleUsdCents: usd, payoutCents: payout, reason: `subtotal now ${order.current_subtotal_price} ${order.currency}` });
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
  const conversions = await db.conversion.findMany({ where: { store, orderId }, include: { adjustments: true } });
  for (const c of conversions) await writeAdjustment(db, c.id, { kind: "CANCEL", sourceId: "cancel", occurredAt: at, ...allLeft(c, c.adjustments) });
}

/**
 * refunds/create: every conversion of the order loses the share of the order's sale refunded
 * (R28, R40; app/domain/orders/adjustments.ts): the refunded lines' subtotals, or for an
 * amount-only refund (no lines) its amount (app/domain/orders/refunds.ts). The order is found by
 * order_id, which may exceed 2^53: the payload was parsed keeping such ids as digit strings
 * (app/domain/webhooks/payload-json.ts).
 */
export async function recordRefund(db: PrismaClient, store: string, raw: unknown): Promise<void> {
  const refund = refundPayload.parse(raw);
  const orderId = `gid://shopify/Order/${String(refund.order_id)}`;
  const conversions = await db.conversion.findMany({ where: { store, orderId }, include: { adjustments: true } });
  for (const c of conversions) {
    const orderSale = c.orderSaleCents ?? c.saleCents;
    const fraction = refundFraction(refund, c.currency, orderSale);
    if (fraction <= 0) continue;
    await writeAdjustment(db, c.id, { kind: "REFUND", sourceId: refund.admin_graphql_api_id, occurredAt: new Date(refund.created_at), ...shareTaken(c, c.adjustments, fraction) });
  }
}

/**
 * R40 (issue 14 §5): conversions valued at a provisional rate (older than RATE_STALE_DAYS, or the
 * oldest stored for an order older than every rate) are revalued when a better rate for the
 * order's day is stored: a REVALUE adjustment carries the difference and the rate now used; the
 * conversion's own amounts stay as first reported. Returns how many were revalued.
 */
export async function revalueConversions(db: PrismaClient, opts: { shop?: string } = {}): Promise<number> {
  const pending = await db.conversion.findMany({ where: { rateStatus: { in: ["PROVISIONAL", "BEFORE_OLDEST"] satisfies RateStatus[] }, ...(opts.shop ? { shop: opts.shop } : {}) }, include: { adjustments: true } });
  const offers = new Map((await inChunks([...new Set(pending.map((c) => c.offerId))], (ids) => db.offer.findMany({ where: { id: { in: ids } } }))).map((o) => [o.id, o]));
  let revalued = 0;
  const best = new Map<string, Awaited<ReturnType<typeof usdRateFor>>>(); // one lookup per currency and day
  for (const c of pending) {
    const day = c.occurredAt.toISOString().slice(0, 10);
    const key = `${c.currency} ${day}`;
    if (!best.has(key)) best.set(key, await usdRateFor(db, c.currency, day, rateStaleDays()));
    const rate = best.get(key) ?? null;
    const used = rateInUse(c, c.adjustments);
    if (!rate || !isBetterRate(day, used.day, rate.day)) continue;
    const usd = toUsdCents(netOf(c, c.adjustments, "saleCents"), rate) - netOf(c, c.adjustments, "saleUsdCents");
    const offer = offers.get(c.offerId);
    const payout = offer && !isExcluded(c.adjustments) ? Math.max(percentPayoutDelta(offer, usd), -netOf(c, c.adjustments, "payoutCents")) : 0;
    await db.$transaction(async (tx) => {
      await writeAdjustment(tx, c.id, {
        kind: "REVALUE",
        sourceId: `rate:${rate.day}:${rate.source}`,
        occurredAt: new Date(),
        saleCents: 0,
        saleUsdCents: usd,
        payoutCents: payout,
        rate,
        reason: `${c.currency} rate of ${rate.day} (${rate.source}) instead of ${used.day}`,
      });
      await tx.conversion.update({ where: { id: c.id }, data: { rateStatus: rate.status } });
    });
    revalued++;
  }
  return revalued;
}

/** R41/R40: the merchant excludes an order's conversion from payouts, with a reason; audited. */
export async function excludeConversion(db: PrismaClient, input: { shop: string; actor: string; conversionId: string; reason: string }): Promise<{ ok: true } | { ok: false; message: string }> {
  const reason = input.reason.trim().slice(0, 500);
  if (!reason) return { ok: false, message: "Say why the order is excluded" };
  const c = await db.conversion.findFirst({ where: { id: input.conversionId, shop: input.shop }, include: { adjustments: true } });
  if (!c) return { ok: false, message: "No such conversion" };
  if (isExcluded(c.adjustments)) return { ok: false, message: "Already excluded" };
  await db.$transaction(async (tx) => {
    await writeAdjustment(tx, c.id, { kind: "EXCLUDE", sourceId: "exclude", occurredAt: new Date(), reason, ...excluded(c, c.adjustments) });
    await recordAudit(tx, { shop: input.shop, actor: input.actor, action: "conversion.exclude", subject: `conversion:${c.id}`, stores: [c.store], details: { orderId: c.orderId, orderName: c.orderName, reason } });
  });
  return { ok: true };
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
