// The conversions list (issue 14): per offer or per member, each conversion with its order (a link
// to the store's admin), store, currency, sale, rate and its day, USD, payout, adjustments
// (refunds, edits, revaluations, exclusions: R40's visible corrections), status and test flag.
import type { Prisma, PrismaClient } from "@prisma/client";
import { netOf } from "~/domain/orders/adjustments";
import { conversionStatusOf, type ConversionStatus } from "~/domain/orders/status";
import { inChunks } from "./chunks.server";
import { notTest } from "./dashboard.server";

export const CONVERSIONS_PAGE_SIZE = 50;

export type { ConversionStatus };

/** The order's page in the store's Shopify admin (https://admin.shopify.com/store/{handle}/orders/{id}). */
export function adminOrderUrl(store: string, orderGid: string): string {
  return `https://admin.shopify.com/store/${store.replace(/\.myshopify\.com$/, "")}/orders/${orderGid.split("/").pop()}`;
}

export async function listConversions(db: PrismaClient, shop: string, filter: { offerId?: string; memberId?: string; includeTest?: boolean; page?: number }) {
  const where: Prisma.ConversionWhereInput = {
    shop,
    ...(filter.offerId ? { offerId: filter.offerId } : {}),
    ...(filter.memberId ? { memberId: filter.memberId } : {}),
    ...(filter.includeTest ? {} : notTest),
  };
  const page = filter.page ?? 1;
  const [count, rows] = await Promise.all([
    db.conversion.count({ where }),
    db.conversion.findMany({
      where,
      include: { adjustments: { orderBy: { createdAt: "asc" } } },
      orderBy: [{ occurredAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * CONVERSIONS_PAGE_SIZE,
      take: CONVERSIONS_PAGE_SIZE,
    }),
  ]);
  const members = new Map(
    (
      await inChunks([...new Set(rows.flatMap((r) => (r.memberId ? [r.memberId] : [])))], (ids) =>
        db.member.findMany({ where: { shop, id: { in: ids } }, select: { id: true, firstName: true, lastName: true } }),
      )
    ).map((m) => [m.id, `${m.firstName} ${m.lastName}`.trim()]),
  );
  const offers = new Map(
    (await inChunks([...new Set(rows.map((r) => r.offerId))], (ids) => db.offer.findMany({ where: { shop, id: { in: ids } }, select: { id: true, name: true } }))).map((o) => [
      o.id,
      o.name,
    ]),
  );
  const links = await db.storeLink.findMany({ where: { primaryShop: shop }, select: { connectedShop: true, label: true } });
  const storeLabel = (store: string) => (store === shop ? "Primary store" : (links.find((l) => l.connectedShop === store)?.label ?? store));
  return {
    count,
    page,
    pages: Math.max(1, Math.ceil(count / CONVERSIONS_PAGE_SIZE)),
    rows: rows.map((c) => {
      const status: ConversionStatus = conversionStatusOf(c, c.adjustments);
      return {
        id: c.id,
        occurredAt: c.occurredAt.toISOString(),
        orderName: c.orderName,
        orderUrl: adminOrderUrl(c.store, c.orderId),
        store: storeLabel(c.store),
        member: c.memberId ? (members.get(c.memberId) ?? "Member") : "Group code",
        memberId: c.memberId,
        offer: offers.get(c.offerId) ?? "Offer",
        offerId: c.offerId,
        code: c.code,
        currency: c.currency,
        saleCents: c.saleCents,
        orderSaleCents: c.orderSaleCents,
        attribution: c.attribution,
        rate: { unitsPerUsd: c.rateUnitsPerUsd, day: c.rateDay, source: c.rateSource, status: c.rateStatus ?? "CURRENT" },
        saleUsdCents: c.saleUsdCents,
        payoutCents: c.payoutCents,
        netSaleUsdCents: netOf(c, c.adjustments, "saleUsdCents"),
        netPayoutCents: netOf(c, c.adjustments, "payoutCents"),
        adjustments: c.adjustments.map((a) => ({
          id: a.id,
          kind: a.kind,
          saleCents: a.saleCents,
          saleUsdCents: a.saleUsdCents,
          payoutCents: a.payoutCents,
          reason: a.reason,
          at: a.occurredAt.toISOString(),
          rateDay: a.rateDay,
        })),
        status,
        test: c.testOrder === true,
      };
    }),
  };
}

/** What a conversions list is of: the offer or the member named in the URL (null when not in this shop). */
export async function conversionsSubject(db: PrismaClient, shop: string, filter: { offerId?: string; memberId?: string }) {
  if (filter.offerId) {
    const offer = await db.offer.findFirst({ where: { id: filter.offerId, shop }, select: { id: true, name: true } });
    return offer ? { kind: "offer" as const, id: offer.id, name: offer.name } : null;
  }
  if (filter.memberId) {
    const member = await db.member.findFirst({ where: { id: filter.memberId, shop }, select: { id: true, firstName: true, lastName: true } });
    return member ? { kind: "member" as const, id: member.id, name: `${member.firstName} ${member.lastName}`.trim() } : null;
  }
  return { kind: "all" as const, id: null, name: "All offers" };
}
