// The order page's admin extensions (R41, issue 19): what the "Creator Codes" block shows for an
// order, and the "Creator attribution" action's two writes: exclude the order from payouts (with a
// reason) and attribute an order that used no tracked code to a member of an offer. Both are
// adjustments beside the conversion, audited, never a rewritten row (R40, docs/decisions/120).
//
// `store` is always the store whose admin shows the order (the session token's shop): only its
// orders are read. A conversion is the primary store's (`shop`); a connected store's admin sees
// its orders' conversions read-only (R42): changes are the primary store's.
import { Prisma, type PrismaClient } from "@prisma/client";
import { moneyToCents, payoutCents, toUsdCents } from "~/domain/money/money";
import { isAttributed, netOf } from "~/domain/orders/adjustments";
import { conversionStatusOf, type ConversionStatus } from "~/domain/orders/status";
import { recordAudit } from "./audit.server";
import { applyOrderEdit, conversionOf, excludeConversion, finishOrderBatch, type OrderBatch } from "./conversions.server";
import { earlierOrderEvents, orderPayload, type OrderPayload } from "~/webhooks/orders.server";
import { deliveriesAbout } from "~/webhooks/inbox.server";
import { rateStaleDays, usdRateFor } from "./rates.server";

/** Shopify's order GID from the route's id (its digits), or null. */
export function orderGidOf(id: string | undefined): string | null {
  return id && /^\d{1,20}$/.test(id) ? `gid://shopify/Order/${id}` : null;
}

export interface OrderConversionView {
  id: string;
  member: string | null; // null: a group code
  memberId: string | null;
  offer: string;
  code: string;
  currency: string;
  saleCents: number; // net, in the order's currency
  saleUsdCents: number; // net
  payoutCents: number; // net, USD
  rate: { unitsPerUsd: number; day: string; source: string; status: string };
  status: ConversionStatus;
  manual: boolean;
  adjustments: { kind: string; payoutCents: number; reason: string | null }[];
  /** The member's dashboard in the app (the `app:` protocol of admin extensions), when this store owns the offer. */
  memberUrl: string | null;
  /** This store may exclude it (its own offer, not yet excluded). */
  canExclude: boolean;
  /** The primary store that manages the offer when it is not this one (R42: read-only here). */
  managedBy: string | null;
}

export interface OrderView {
  installed: boolean;
  orderId: string;
  conversions: OrderConversionView[];
  /** Offers a code-less order can be attributed to (this store's own), when it has no conversion. */
  offers: { id: string; name: string }[];
  /** Why it cannot be attributed here, when it has no conversion. */
  attributeRefusal: string | null;
}

const manualOf = (c: { attribution: string | null }) => c.attribution === "MANUAL";

export async function orderView(db: PrismaClient, store: string, orderId: string): Promise<OrderView> {
  const shop = await db.shop.findUnique({ where: { domain: store } });
  if (!shop || shop.uninstalledAt) return { installed: false, orderId, conversions: [], offers: [], attributeRefusal: null };
  const rows = await db.conversion.findMany({ where: { store, orderId }, include: { adjustments: { orderBy: { createdAt: "asc" } } }, orderBy: { createdAt: "asc" } });
  const members = new Map(
    (await db.member.findMany({ where: { id: { in: rows.flatMap((r) => (r.memberId ? [r.memberId] : [])) } }, select: { id: true, firstName: true, lastName: true } })).map((m) => [
      m.id,
      `${m.firstName} ${m.lastName}`.trim(),
    ]),
  );
  const offers = new Map((await db.offer.findMany({ where: { id: { in: rows.map((r) => r.offerId) } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]));
  const conversions = rows.map((c): OrderConversionView => {
    const own = c.shop === store;
    const status = conversionStatusOf(c, c.adjustments);
    return {
      id: c.id,
      member: c.memberId ? (members.get(c.memberId) ?? "Member") : null,
      memberId: c.memberId,
      offer: offers.get(c.offerId) ?? "Offer",
      code: c.code,
      currency: c.currency,
      saleCents: netOf(c, c.adjustments, "saleCents"),
      saleUsdCents: netOf(c, c.adjustments, "saleUsdCents"),
      payoutCents: netOf(c, c.adjustments, "payoutCents"),
      rate: rateOf(c),
      status,
      manual: manualOf(c) || isAttributed(c.adjustments),
      adjustments: c.adjustments.map((a) => ({ kind: a.kind, payoutCents: a.payoutCents, reason: a.reason })),
      memberUrl: own && c.memberId ? `app:app/members/${c.memberId}/dashboard` : null,
      canExclude: own && status !== "EXCLUDED" && c.testOrder !== true,
      managedBy: own ? null : c.shop,
    };
  });
  if (conversions.length) return { installed: true, orderId, conversions, offers: [], attributeRefusal: null };
  const order = await storedOrder(db, store, orderId);
  const own = await db.offer.findMany({ where: { shop: store, kind: "MEMBER_CODES" }, select: { id: true, name: true }, orderBy: { name: "asc" }, take: 200 });
  return {
    installed: true,
    orderId,
    conversions,
    offers: own,
    attributeRefusal: order.ok ? (own.length ? null : "This store has no offer of its own to attribute orders to.") : order.message,
  };
}

function rateOf(c: {
  rateUnitsPerUsd: number;
  rateDay: string;
  rateSource: string;
  rateStatus: string | null;
  adjustments: { kind: string; rateUnitsPerUsd: number | null; rateDay: string | null; rateSource: string | null }[];
}) {
  const revalued = c.adjustments.filter((a) => a.kind === "REVALUE" && a.rateDay && a.rateUnitsPerUsd).pop();
  return revalued
    ? { unitsPerUsd: revalued.rateUnitsPerUsd!, day: revalued.rateDay!, source: revalued.rateSource ?? "", status: c.rateStatus ?? "CURRENT" }
    : { unitsPerUsd: c.rateUnitsPerUsd, day: c.rateDay, source: c.rateSource, status: c.rateStatus ?? "CURRENT" };
}

/**
 * The order as the app received it (its orders/create, or the latest orders/updated, stored
 * slimmed by the webhook inbox, decisions 008 and 160). The app keeps no other copy of orders that used
 * no tracked code; an order from before the app was installed cannot be attributed.
 */
async function storedOrder(
  db: PrismaClient,
  store: string,
  orderId: string,
): Promise<{ ok: true; order: OrderPayload; updated: OrderPayload | null } | { ok: false; message: string }> {
  // Asked of the inbox (oldest first, erased payloads left out), as the orders family asks it for refunds.
  const deliveries = await deliveriesAbout(db, { shops: [store], subjects: [orderId], topics: ["ORDERS_CREATE", "ORDERS_UPDATED"] });
  const parse = (payload: unknown) => {
    const parsed = orderPayload.safeParse(payload);
    return parsed.success ? parsed.data : null;
  };
  const created =
    deliveries
      .filter((d) => d.topic === "ORDERS_CREATE")
      .map((d) => parse(d.payload))
      .find(Boolean) ?? null;
  const updated =
    deliveries
      .filter((d) => d.topic === "ORDERS_UPDATED")
      .map((d) => parse(d.payload))
      .filter(Boolean)
      .pop() ?? null;
  const order = created ?? updated;
  if (!order) return { ok: false, message: "The app has not received this order from Shopify (placed before the app was installed, or its data was erased)." };
  return { ok: true, order, updated };
}

export type ExtensionWrite = { ok: true } | { ok: false; status: 400 | 404 | 409; message: string };

/** R41: exclude one of the order's conversions from payouts, with a reason (an EXCLUDE adjustment, audited). */
export async function excludeOrderConversion(
  db: PrismaClient,
  input: { store: string; actor: string; orderId: string; conversionId: string; reason: string },
): Promise<ExtensionWrite> {
  const c = await db.conversion.findFirst({ where: { id: input.conversionId, store: input.store, orderId: input.orderId } });
  if (!c) return { ok: false, status: 404, message: "This order has no such conversion." };
  if (c.shop !== input.store) return { ok: false, status: 409, message: `The offer is managed in ${c.shop}: exclude the order there.` };
  const result = await excludeConversion(db, { shop: input.store, actor: input.actor, conversionId: c.id, reason: input.reason });
  return result.ok ? result : { ok: false, status: result.message === "Already excluded" ? 409 : 400, message: result.message };
}

/**
 * R41: attribute an order that used no tracked code to a member of one of this store's offers (a
 * customer forgot the code). A conversion counted at zero, attribution MANUAL, with an ATTRIBUTE
 * adjustment carrying the whole sale (USD at the order day's rate, R40) and the offer's payout on
 * it; audited. The order's refunds and cancellation received so far apply to it at once, later
 * ones as for any conversion.
 */
export async function attributeOrder(
  db: PrismaClient,
  input: { store: string; actor: string; orderId: string; offerId: string; memberId: string; reason: string },
): Promise<ExtensionWrite> {
  const reason = input.reason.trim().slice(0, 500);
  if (!reason) return { ok: false, status: 400, message: "Say why the order is attributed (for example: the customer forgot the code)." };
  if (await db.conversion.count({ where: { store: input.store, orderId: input.orderId } }))
    return { ok: false, status: 409, message: "This order already counts for a code: exclude it first if it is wrong." };
  const code = await db.promoCode.findFirst({
    where: { shop: input.store, offerId: input.offerId, memberId: input.memberId, offer: { shop: input.store, kind: "MEMBER_CODES" }, status: { not: "FAILED" } },
    include: { offer: true },
    orderBy: [{ current: "desc" }, { createdAt: "desc" }],
  });
  if (!code) return { ok: false, status: 404, message: "That member has no code in that offer." };
  const stored = await storedOrder(db, input.store, input.orderId);
  if (!stored.ok) return { ok: false, status: 409, message: stored.message };
  const { order } = stored;
  if (order.discount_codes.some((d) => d.code.trim().toUpperCase() === code.codeKey))
    return { ok: false, status: 409, message: "The order used this member's code: it is counted from Shopify's webhook." };
  const day = order.created_at.slice(0, 10);
  const rate = await usdRateFor(db, order.currency, day, rateStaleDays());
  if (!rate) return { ok: false, status: 409, message: `No ${order.currency} exchange rate is stored yet.` };
  const saleCents = moneyToCents(order.subtotal_price);
  const saleUsdCents = toUsdCents(saleCents, rate);
  try {
    await db.$transaction(async (tx) => {
      const c = await tx.conversion.create({
        data: {
          ...conversionOf(input.store, code, order, rate),
          saleCents: 0,
          saleUsdCents: 0,
          payoutCents: 0,
          discountedItems: 0,
          occurredAt: new Date(order.created_at),
          attribution: "MANUAL",
          orderSaleCents: saleCents,
          testOrder: order.test === true,
        },
      });
      await tx.conversionAdjustment.create({
        data: {
          conversionId: c.id,
          kind: "ATTRIBUTE",
          sourceId: "attribute",
          saleCents,
          saleUsdCents,
          payoutCents: payoutCents(code.offer, saleUsdCents),
          occurredAt: new Date(),
          reason,
        },
      });
      await recordAudit(tx, {
        shop: input.store,
        actor: input.actor,
        action: "conversion.attribute",
        subject: `conversion:${c.id}`,
        stores: [input.store],
        details: { orderId: order.admin_graphql_api_id, orderName: order.name, offerId: code.offerId, memberId: code.memberId, code: code.code, reason },
      });
    });
  } catch (error) {
    // Two attributions of the same order at once: the unique (store, order, code) lets one in.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: false, status: 409, message: "This order was just attributed." };
    throw error;
  }
  // What Shopify already said about the order: its refunds and cancellation, then its last edit.
  const batch: OrderBatch = { codes: new Map(), created: [{ store: input.store, order, codes: [code] }], pending: [] };
  await finishOrderBatch(db, batch, await earlierOrderEvents({ about: (q) => deliveriesAbout(db, q) }, batch));
  if (stored.updated) await applyOrderEdit(db, input.store, stored.updated);
  return { ok: true };
}

/** Members of one of this store's offers with a code, for the attribution picker: by name or email, at most 50. */
export async function offerMembersForAttribution(db: PrismaClient, store: string, offerId: string, q: string | undefined) {
  const offer = await db.offer.findFirst({ where: { id: offerId, shop: store, kind: "MEMBER_CODES" }, select: { id: true } });
  if (!offer) return null;
  const text = q?.trim();
  const members = await db.member.findMany({
    where: {
      shop: store,
      codes: { some: { offerId, status: { not: "FAILED" } } },
      ...(text ? { OR: [{ firstName: { contains: text } }, { lastName: { contains: text } }, { email: { contains: text } }] } : {}),
    },
    select: { id: true, firstName: true, lastName: true, codes: { where: { offerId, current: true }, select: { code: true }, take: 1 } },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
    take: 50,
  });
  return members.map((m) => ({ id: m.id, name: `${m.firstName} ${m.lastName}`.trim(), code: m.codes[0]?.code ?? null }));
}
