// Conversions from order webhooks (R27, R28, R12, R40). An order in a tracked store that used a
// member's code, current or past, becomes one conversion per code, however often it is delivered.
import { codesInForceAt } from "~/domain/codes/in-force";
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@prisma/client";
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
import { insertRows, rowOf, type ColumnType } from "./bulk-rows.server";
import { withOutbox } from "~/jobs/sync/outbox.server";
import { usageLimitEnforcer } from "~/domain/offers/usage-limit";
import { countryOf, isFirstOrder, regionOfLocale } from "~/domain/leaks/rules";
import { watchRecordedUses } from "./leaks.server";
// The payloads' shapes are the webhook families' (app/webhooks/); handlers pass them parsed.
import type { OrderPayload } from "~/webhooks/orders.server";
import type { RefundPayload } from "~/webhooks/refunds.server";

type TrackedCode = Prisma.PromoCodeGetPayload<{ include: { offer: true } }>;

/**
 * What a worker's batch of order deliveries shares (decision 008): the tracked codes, loaded in
 * one query for the whole batch, and the orders that got new conversions, whose earlier refunds
 * and cancellations and whose codes' usage limits are seen to once, after the batch.
 */
export interface OrderBatch {
  codes: Map<string, TrackedCode[]>; // by `${store} ${codeKey}`
  created: { store: string; order: OrderPayload; codes: TrackedCode[] }[];
  /** Conversions computed and not yet written: written together by flushConversions (one commit for the batch). */
  pending: { store: string; order: OrderPayload; code: TrackedCode; row: Prisma.ConversionCreateManyInput }[];
}

const codeKeyOf = (code: string) => code.trim().toUpperCase();
const batchKey = (store: string, codeKey: string) => `${store} ${codeKey}`;

/** Loads, for every (store, code) in the batch's orders, the codes of offers the store takes part in (primary, or synced with the link live). */
export async function prepareOrderBatch(db: PrismaClient, items: { store: string; order: OrderPayload }[]): Promise<OrderBatch> {
  const batch: OrderBatch = { codes: new Map(), created: [], pending: [] };
  const wanted = new Map<string, Set<string>>(); // code key → stores
  // R11: a store that uninstalled the app is no longer tracked; an order it placed before then still counts.
  const gone = new Map(
    (
      await db.shop.findMany({ where: { domain: { in: [...new Set(items.map((i) => i.store))] }, uninstalledAt: { not: null } }, select: { domain: true, uninstalledAt: true } })
    ).map((s) => [s.domain, s.uninstalledAt!]),
  );
  for (const { store, order } of items) {
    const uninstalledAt = gone.get(store);
    if (uninstalledAt && !(new Date(order.created_at) < uninstalledAt)) continue;
    for (const d of order.discount_codes) {
      const key = codeKeyOf(d.code);
      if (!wanted.has(key)) wanted.set(key, new Set());
      wanted.get(key)!.add(store);
    }
  }
  const keys = [...wanted.keys()];
  if (!keys.length) return batch;
  const stores = [...new Set(items.map((i) => i.store))];
  // Codes, then their offers (a batch's codes share a few): flat queries, cheaper through Prisma than one with nested includes.
  const codes = [];
  for (const part of chunk(keys)) {
    codes.push(
      ...(await db.promoCode.findMany({
        where: { codeKey: { in: part }, status: { not: "FAILED" }, offer: { OR: [{ shop: { in: stores } }, { syncStores: { some: { store: { in: stores } } } }] } },
      })),
    );
  }
  const offers = new Map(
    (
      await inChunks([...new Set(codes.map((c) => c.offerId))], (ids) => db.offer.findMany({ where: { id: { in: ids } }, include: { syncStores: { select: { store: true } } } }))
    ).map((o) => [o.id, o]),
  );
  const found = codes.map((c) => ({ ...c, offer: offers.get(c.offerId)! }));
  // R11: a connected store's orders count only while its link is live.
  const primaries = [...new Set(found.map((c) => c.offer.shop))];
  const live = new Set(
    (
      await db.storeLink.findMany({
        where: { primaryShop: { in: primaries }, connectedShop: { in: stores }, status: "CONNECTED" },
        select: { primaryShop: true, connectedShop: true },
      })
    ).map((l) => `${l.primaryShop} ${l.connectedShop}`),
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

/** A refund or a cancellation of an order, handled before the order's conversion existed (found by the webhook worker). */
export type EarlierOrderEvent = { kind: "refund"; store: string; orderId: string; refund: RefundPayload } | { kind: "cancel"; store: string; orderId: string; at: Date };

/**
 * After a batch: deliveries are not ordered (R32), so a refund or a cancellation may have been
 * handled before its order's conversion existed (its orders/create was retried, or handled by
 * another worker). The caller passes those of the batch's new conversions' orders (the webhook
 * queue remembers them by order); then the usage limits of the codes used (R15).
 */
export async function finishOrderBatch(db: PrismaClient, batch: OrderBatch, earlier: EarlierOrderEvent[]): Promise<void> {
  await flushConversions(db, batch);
  if (!batch.created.length) return;
  for (const { store, order } of batch.created) if (order.cancelled_at) await cancelConversions(db, store, order.admin_graphql_api_id, new Date(order.cancelled_at));
  for (const e of earlier) {
    if (e.kind === "refund") await recordRefund(db, e.store, e.refund);
    else await cancelConversions(db, e.store, e.orderId, e.at);
  }
  await watchRecordedUses(
    db,
    batch.created.map((c) => ({ codes: c.codes, at: new Date(c.order.created_at) })),
  );
  const limited = new Map(
    batch.created
      .flatMap((c) => c.codes)
      .filter((c) => usageLimitEnforcer(c.offer) === "APP")
      .map((c) => [c.id, c]),
  );
  for (const id of limited.keys()) await enforceUsageLimit(db, id);
}

/** The rate used for a conversion now: its own, or its latest revaluation's (R40). */
function rateInUse(
  c: { rateUnitsPerUsd: number; rateDay: string; rateSource: string },
  adjustments: { kind: string; rateUnitsPerUsd: number | null; rateDay: string | null; rateSource: string | null }[],
) {
  const revalued = adjustments
    .filter((a) => a.kind === "REVALUE" && a.rateDay && a.rateUnitsPerUsd)
    .sort((a, b) => (a.rateDay! < b.rateDay! ? -1 : 1))
    .pop();
  return revalued
    ? { unitsPerUsd: revalued.rateUnitsPerUsd!, day: revalued.rateDay!, source: revalued.rateSource ?? "" }
    : { unitsPerUsd: c.rateUnitsPerUsd, day: c.rateDay, source: c.rateSource };
}

/**
 * orders/create (and orders/updated): records the order's conversions once, each with its part of
 * the sale (app/domain/orders/attribution.ts). The rows are written by flushConversions (before
 * anything reads them, and at the end of the batch); follow-ups wait for finishOrderBatch.
 * Returns how many conversions the order makes.
 */
export async function recordOrder(db: PrismaClient, store: string, order: OrderPayload, batch: OrderBatch): Promise<number> {
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
      lines: order.line_items.map((li) => ({
        priceCents: li.price == null ? 0 : moneyToCents(li.price),
        quantity: li.quantity,
        allocations: li.discount_allocations.map((a) => ({ amountCents: moneyToCents(a.amount), applicationIndex: a.discount_application_index })),
      })),
      applications: order.discount_applications.map((a) => ({ type: a.type, code: a.code ?? null })),
      codes: order.discount_codes.map((d) => ({ code: d.code, amountCents: d.amount == null ? 0 : moneyToCents(d.amount) })),
    },
    keys,
  );
  // A code key held by several of the batch's codes (offers) shares its part equally.
  const saleOf = new Map<string, number>();
  for (const key of keys) {
    const same = codes.filter((c) => c.codeKey === key);
    splitByWeights(
      attribution.saleCents.get(key) ?? 0,
      same.map(() => 1),
    ).forEach((cents, i) => saleOf.set(same[i]!.id, cents));
  }
  for (const code of codes) {
    // Units of items this code discounted (R15 per-item usage).
    const appIndexes = order.discount_applications.map((a, i) => (a.type === "discount_code" && a.code?.toUpperCase() === code.codeKey ? i : -1)).filter((i) => i >= 0);
    const discountedItems = order.line_items.reduce((n, li) => n + (li.discount_allocations.some((d) => appIndexes.includes(d.discount_application_index)) ? li.quantity : 0), 0);
    const saleCents = saleOf.get(code.id) ?? 0;
    const saleUsdCents = toUsdCents(saleCents, rate);
    batch.pending.push({
      store,
      order,
      code,
      row: {
        id: randomUUID(),
        ...conversionOf(store, code, order, rate),
        saleCents,
        saleUsdCents,
        payoutCents: payoutCents(code.offer, saleUsdCents),
        discountedItems,
        occurredAt: new Date(order.created_at),
        createdAt: new Date(),
        attribution: attribution.method,
        orderSaleCents,
        testOrder: order.test === true,
        firstOrder: order.customer ? isFirstOrder(order.created_at, order.customer.created_at) : null,
        country: countryOf(order.shipping_address?.country_code, order.billing_address?.country_code, regionOfLocale(order.customer_locale)),
      },
    });
  }
  return codes.length;
}

const CONVERSION_COLUMNS = {
  id: "text",
  store: "text",
  shop: "text",
  offerId: "text",
  memberId: "text",
  promoCodeId: "text",
  code: "text",
  orderId: "text",
  orderName: "text",
  customerId: "text",
  currency: "text",
  saleCents: "int",
  saleUsdCents: "int",
  rateUnitsPerUsd: "float",
  rateDay: "text",
  rateSource: "text",
  rateStatus: "text",
  payoutCents: "int",
  discountedItems: "int",
  occurredAt: "timestamp",
  createdAt: "timestamp",
  attribution: "text",
  orderSaleCents: "int",
  testOrder: "bool",
  firstOrder: "bool",
  country: "text",
} satisfies Record<keyof Prisma.ConversionCreateManyInput & string, ColumnType>;

/**
 * Writes the batch's computed conversions, once per (store, order, code): an order already
 * counted (a retry, a duplicate, orders/updated after orders/create, another worker) is left as
 * it is (ON CONFLICT DO NOTHING). One statement for the batch: on SQLite a commit is an fsync,
 * so a batch costs one rather than one per order (docs/decisions/161).
 */
export async function flushConversions(db: PrismaClient, batch: OrderBatch): Promise<void> {
  if (!batch.pending.length) return;
  const pending = [...new Map(batch.pending.map((p) => [`${p.store} ${p.row.orderId} ${p.row.promoCodeId}`, p])).values()];
  batch.pending = [];
  const written = await insertRows(
    db,
    "Conversion",
    CONVERSION_COLUMNS,
    pending.map((p) => rowOf(CONVERSION_COLUMNS, p.row)),
    { conflict: ["store", "orderId", "promoCodeId"], returning: "id" },
  );
  const ids = new Set(written);
  const byOrder = new Map<string, OrderBatch["created"][number]>();
  for (const p of pending) {
    if (!ids.has(p.row.id!)) continue;
    const key = `${p.store} ${p.row.orderId}`;
    if (!byOrder.has(key)) byOrder.set(key, { store: p.store, order: p.order, codes: [] });
    byOrder.get(key)!.codes.push(p.code);
  }
  batch.created.push(...byOrder.values());
}

function trackedCodesOf(order: OrderPayload, store: string, batch: OrderBatch): TrackedCode[] {
  return [...new Map(order.discount_codes.flatMap((d) => batch.codes.get(batchKey(store, codeKeyOf(d.code))) ?? []).map((c) => [c.id, c])).values()];
}

/**
 * What a conversion of `order` with `code` in `store` records of them, and the USD rate used (R27,
 * R29, R40): the webhook path (recordOrder) and manual attribution from the order page (R41) alike.
 */
export function conversionOf(
  store: string,
  code: Pick<TrackedCode, "id" | "code" | "offerId" | "memberId"> & { offer: { shop: string } },
  order: Pick<OrderPayload, "admin_graphql_api_id" | "name" | "customer" | "currency">,
  rate: { unitsPerUsd: number; day: string; source: string; status: string },
) {
  return {
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
    rateUnitsPerUsd: rate.unitsPerUsd,
    rateDay: rate.day,
    rateSource: rate.source,
    rateStatus: rate.status,
  };
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
export async function recordOrderUpdate(db: PrismaClient, store: string, order: OrderPayload, batch: OrderBatch): Promise<void> {
  await recordOrder(db, store, order, batch);
  if (!trackedCodesOf(order, store, batch).length) return; // not an order of ours: no query
  await flushConversions(db, batch);
  await applyOrderEdit(db, store, order);
}

/**
 * Issue 14 §6: an order edit (current_subtotal_price moved other than by refunds) adjusts each of
 * the order's conversions by its part of the change, as an EDIT adjustment. Each orders/updated
 * brings the edits to what it says; an older delivery handled after a newer one changes nothing.
 */
export async function applyOrderEdit(db: PrismaClient, store: string, order: OrderPayload): Promise<void> {
  const edited = editedByCents(
    {
      saleCents: moneyToCents(order.subtotal_price),
      currentSaleCents: order.current_subtotal_price == null ? null : moneyToCents(order.current_subtotal_price),
      refunds: order.refunds ?? [],
    },
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
    await writeAdjustment(db, c.id, {
      kind: "EDIT",
      sourceId,
      occurredAt: at,
      saleCents: delta,
      saleUsdCents: usd,
      payoutCents: payout,
      reason: `subtotal now ${order.current_subtotal_price} ${order.currency}`,
    });
  }
}

/** orders/cancelled: what is left of the sale and payout goes to zero (R28). */
export async function recordCancellation(db: PrismaClient, store: string, order: OrderPayload, batch: OrderBatch): Promise<void> {
  // The payload is the whole order: if its orders/create has not been handled yet, count it now
  // (then cancelled) rather than lose the cancellation.
  await recordOrder(db, store, order, batch);
  await flushConversions(db, batch);
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
export async function recordRefund(db: PrismaClient, store: string, refund: RefundPayload): Promise<void> {
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
  const pending = await db.conversion.findMany({
    where: { rateStatus: { in: ["PROVISIONAL", "BEFORE_OLDEST"] satisfies RateStatus[] }, ...(opts.shop ? { shop: opts.shop } : {}) },
    include: { adjustments: true },
  });
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
export async function excludeConversion(
  db: PrismaClient,
  input: { shop: string; actor: string; conversionId: string; reason: string },
): Promise<{ ok: true } | { ok: false; message: string }> {
  const reason = input.reason.trim().slice(0, 500);
  if (!reason) return { ok: false, message: "Say why the order is excluded" };
  const c = await db.conversion.findFirst({ where: { id: input.conversionId, shop: input.shop }, include: { adjustments: true } });
  if (!c) return { ok: false, message: "No such conversion" };
  if (isExcluded(c.adjustments)) return { ok: false, message: "Already excluded" };
  await db.$transaction(async (tx) => {
    await writeAdjustment(tx, c.id, { kind: "EXCLUDE", sourceId: "exclude", occurredAt: new Date(), reason, ...excluded(c, c.adjustments) });
    await recordAudit(tx, {
      shop: input.shop,
      actor: input.actor,
      action: "conversion.exclude",
      subject: `conversion:${c.id}`,
      stores: [c.store],
      details: { orderId: c.orderId, orderName: c.orderName, reason },
    });
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
    await recordAudit(tx, {
      shop: offer.shop,
      actor: "app",
      action: "code.usage_limit",
      subject: `code:${promoCodeId}`,
      stores,
      details: { used, limit: offer.usageLimit, unit: offer.usageUnit },
    });
  });
  return true;
}
