// The creator portal (R31): a member's private, revocable link, and the page it opens — their
// offers, current and past codes, status, dates, discount per store, and performance (R30, as the
// member sees it). Everything is read for the one (shop, member) the link's secret resolves to;
// nothing in the URL but the secret is looked at (docs/decisions/090).
import type { PrismaClient } from "@prisma/client";
import { env } from "~/env.server";
import { describeDiscount, describePayout } from "~/domain/offers/describe";
import { portalCodeStatus, isUsable, type PortalCodeStatus } from "~/domain/portal/code-status";
import { binDays, type Bin, type Granularity } from "~/domain/portal/chart";
import {
  hashPortalSecret,
  isWellFormedPortalSecret,
  newPortalSecret,
  portalExpiry,
  portalLinkState,
  sealPortalSecret,
  unsealPortalSecret,
  type PortalExpiryDays,
} from "~/domain/portal/secret";
import { recordAudit } from "./audit.server";
import { defaultRange, MAX_RANGE_DAYS, type DashboardRange } from "./dashboard.server";
import { aggregatePerformance, type Totals } from "~/domain/portal/performance";

/** The public URL of a portal secret. */
export function portalUrl(secret: string): string {
  return `${env().SHOPIFY_APP_URL.replace(/\/$/, "")}/portal/${secret}`;
}

const liveWhere = (shop: string, memberId: string, now: Date) => ({ shop, memberId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });

async function memberOfShop(db: PrismaClient, shop: string, memberId: string) {
  return db.member.findFirst({ where: { id: memberId, shop }, select: { id: true } });
}

/**
 * Issues the member's portal link: any live link of theirs is revoked in the same transaction, so
 * a member has at most one. Returns the URL (shown to the merchant; only its hash and a sealed
 * copy are stored), or null when the member is not the shop's.
 */
export async function issuePortalLink(db: PrismaClient, args: { shop: string; actor: string; memberId: string; expiresInDays: PortalExpiryDays; now?: Date }) {
  const now = args.now ?? new Date();
  if (!(await memberOfShop(db, args.shop, args.memberId))) return null;
  const secret = newPortalSecret();
  const expiresAt = portalExpiry(args.expiresInDays, now);
  await db.$transaction(async (tx) => {
    const revoked = await tx.portalLink.updateMany({ where: { shop: args.shop, memberId: args.memberId, revokedAt: null }, data: { revokedAt: now } });
    await tx.portalLink.create({
      data: {
        shop: args.shop,
        memberId: args.memberId,
        tokenHash: hashPortalSecret(secret),
        tokenSealed: sealPortalSecret(secret, env().SHOPIFY_API_SECRET),
        createdBy: args.actor,
        createdAt: now,
        expiresAt,
      },
    });
    await recordAudit(tx, {
      shop: args.shop,
      actor: args.actor,
      action: "portal.issue",
      subject: `member:${args.memberId}`,
      details: { expiresAt, revokedPrevious: revoked.count },
    });
  });
  return { url: portalUrl(secret), expiresAt };
}

/** Revokes the member's links: their URLs show the invalid-link page from now on. */
export async function revokePortalLinks(db: PrismaClient, args: { shop: string; actor: string; memberId: string; now?: Date }) {
  const now = args.now ?? new Date();
  if (!(await memberOfShop(db, args.shop, args.memberId))) return null;
  return db.$transaction(async (tx) => {
    const revoked = await tx.portalLink.updateMany({ where: { shop: args.shop, memberId: args.memberId, revokedAt: null }, data: { revokedAt: now } });
    await recordAudit(tx, { shop: args.shop, actor: args.actor, action: "portal.revoke", subject: `member:${args.memberId}`, details: { revoked: revoked.count } });
    return { revoked: revoked.count };
  });
}

/**
 * The member's live link for the merchant's page: its URL (null when it was sealed with another
 * app secret and must be issued again), when it was created and when it expires; null when none.
 */
export async function memberPortalLink(db: PrismaClient, shop: string, memberId: string, now = new Date()) {
  const link = await db.portalLink.findFirst({ where: liveWhere(shop, memberId, now), orderBy: { createdAt: "desc" } });
  if (!link) return null;
  const secret = unsealPortalSecret(link.tokenSealed, env().SHOPIFY_API_SECRET);
  return { url: secret ? portalUrl(secret) : null, createdAt: link.createdAt.toISOString(), expiresAt: link.expiresAt?.toISOString() ?? null };
}

/**
 * The link for the email feature's {PORTAL_LINK} token: the member's live link, or a new one
 * (no expiry) when they have none. Null when the member is not the shop's.
 */
export async function portalLinkFor(db: PrismaClient, args: { shop: string; memberId: string; actor: string }): Promise<string | null> {
  const live = await memberPortalLink(db, args.shop, args.memberId);
  if (live?.url) return live.url;
  const issued = await issuePortalLink(db, { ...args, expiresInDays: 0 });
  return issued?.url ?? null;
}

// ---- the page ---------------------------------------------------------------------------------

export interface PortalStore {
  label: string;
  currency: string | null;
  discount: string;
}

export interface PortalOffer {
  id: string;
  name: string;
  payout: string;
  code: { code: string; status: PortalCodeStatus; usable: boolean; startsAt: string; endsAt: string | null } | null;
  stores: PortalStore[];
  history: { code: string; startsAt: string; retiredAt: string | null }[];
  totals: Totals;
}

export interface PortalPage {
  brand: string;
  memberName: string;
  offers: PortalOffer[];
  totals: Totals;
  range: DashboardRange;
  chart: { granularity: Granularity; bins: Bin[] };
  byStore: (Totals & { label: string; currency: string | null })[];
}

/** The (shop, member) a secret opens now, or null: unknown, malformed, revoked, expired, or the brand uninstalled the app. */
export async function resolvePortalSecret(db: PrismaClient, secret: string | undefined, now = new Date()) {
  if (!isWellFormedPortalSecret(secret)) return null;
  const link = await db.portalLink.findUnique({ where: { tokenHash: hashPortalSecret(secret) } });
  if (!link || portalLinkState(link, now) !== "LIVE") return null;
  return { shop: link.shop, memberId: link.memberId };
}

const shopLabel = (domain: string, name: string | null | undefined) => name || domain.replace(/\.myshopify\.com$/, "");

/** The portal page for a secret, or null (the invalid-link page; the same for every reason). */
export async function loadPortalPage(db: PrismaClient, secret: string | undefined, now = new Date()): Promise<PortalPage | null> {
  const who = await resolvePortalSecret(db, secret, now);
  if (!who) return null;
  const { shop, memberId } = who;
  // The range is known before the conversions are read: from the member's first conversion (at
  // most MAX_RANGE_DAYS back) or the last 30 days, to today. The database sums by (offer, store);
  // the chart reads three numbers per conversion; adjustments are few (bench portal).
  const [member, brand, first, stores] = await Promise.all([
    db.member.findFirst({
      where: { id: memberId, shop },
      select: {
        firstName: true,
        lastName: true,
        offers: {
          where: { offer: { shop } },
          orderBy: { createdAt: "desc" },
          select: {
            status: true,
            offer: {
              select: {
                id: true,
                name: true,
                payoutType: true,
                payoutFlatCents: true,
                payoutPercent: true,
                discountType: true,
                discountPercent: true,
                discountAmountCents: true,
                syncEnabled: true,
                sameValueAcrossStores: true,
                startsAt: true,
                endsAt: true,
                archivedAt: true,
                syncStores: { select: { store: true, discountPercent: true }, orderBy: { addedAt: "asc" } },
              },
            },
            codes: { where: { memberId }, orderBy: { createdAt: "desc" }, select: { code: true, current: true, status: true, startsAt: true, endsAt: true, retiredAt: true } },
          },
        },
      },
    }),
    db.shop.findUnique({ where: { domain: shop }, select: { name: true, currencyCode: true, uninstalledAt: true } }),
    db.conversion.findFirst({ where: { shop, memberId }, orderBy: { occurredAt: "asc" }, select: { occurredAt: true } }),
    connectedStores(db, shop),
  ]);
  if (!member || !brand || brand.uninstalledAt) return null;

  const range = portalRange(first?.occurredAt ?? null, now);
  const counted = { shop, memberId, occurredAt: { gte: new Date(`${range.from}T00:00:00Z`), lt: new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000) } };
  const [sums, points, adjustments] = await Promise.all([
    db.conversion.groupBy({ by: ["offerId", "store"], where: counted, _count: { _all: true }, _sum: { saleUsdCents: true, payoutCents: true } }),
    db.conversion.findMany({ where: counted, select: { occurredAt: true, saleUsdCents: true, payoutCents: true } }),
    db.conversionAdjustment.findMany({
      where: { conversion: counted },
      select: { conversionId: true, kind: true, saleUsdCents: true, payoutCents: true, conversion: { select: { offerId: true, store: true, occurredAt: true } } },
    }),
  ]);
  const performance = aggregatePerformance(
    sums.map((g) => ({ offerId: g.offerId, store: g.store, conversions: g._count._all, saleUsdCents: g._sum.saleUsdCents ?? 0, payoutCents: g._sum.payoutCents ?? 0 })),
    points,
    adjustments,
    range,
  );
  const storeInfo = (store: string) => {
    if (store === shop) return { label: shopLabel(shop, brand.name), currency: brand.currencyCode ?? null, live: true };
    const link = stores.get(store);
    return { label: link?.label || shopLabel(store, link?.name), currency: link?.currencyCode ?? null, live: link?.status === "CONNECTED" };
  };

  const offers = member.offers.map((om): PortalOffer => {
    const o = om.offer;
    const current = om.codes.find((c) => c.current) ?? null;
    const status = current ? portalCodeStatus({ code: current, membership: om, offer: o }, now) : null;
    const synced = o.syncEnabled
      ? o.syncStores
          .map((s) => ({ s, info: storeInfo(s.store) }))
          .filter(({ info }) => info.live)
          .map(({ s, info }) => ({
            label: info.label,
            currency: info.currency,
            discount: describeDiscount({ ...o, discountPercent: o.sameValueAcrossStores ? o.discountPercent : (s.discountPercent ?? o.discountPercent) }),
          }))
      : [];
    const primary = storeInfo(shop);
    const t = performance.byOffer.get(o.id);
    return {
      id: o.id,
      name: o.name,
      payout: describePayout(o),
      code:
        current && status
          ? { code: current.code, status, usable: isUsable(status), startsAt: current.startsAt.toISOString(), endsAt: (current.endsAt ?? o.endsAt)?.toISOString() ?? null }
          : null,
      stores: [{ label: primary.label, currency: primary.currency, discount: describeDiscount(o, brand.currencyCode ?? "") }, ...synced],
      history: om.codes
        .filter((c) => !c.current && c.status !== "FAILED")
        .map((c) => ({ code: c.code, startsAt: c.startsAt.toISOString(), retiredAt: c.retiredAt?.toISOString() ?? null })),
      totals: t ?? { conversions: 0, salesUsdCents: 0, payoutCents: 0 },
    };
  });

  return {
    brand: shopLabel(shop, brand.name),
    memberName: `${member.firstName} ${member.lastName}`.trim(),
    offers,
    totals: performance.totals,
    range,
    chart: binDays(performance.byDay),
    byStore: performance.byStore.map((s) => {
      const info = storeInfo(s.store);
      return { label: info.label, currency: info.currency, conversions: s.conversions, salesUsdCents: s.salesUsdCents, payoutCents: s.payoutCents };
    }),
  };
}

/** The stores connected to `shop` (any status), with their names and currencies. */
async function connectedStores(db: PrismaClient, shop: string) {
  const links = await db.storeLink.findMany({ where: { primaryShop: shop }, select: { connectedShop: true, label: true, status: true } });
  const shops = links.length
    ? await db.shop.findMany({ where: { domain: { in: links.map((l) => l.connectedShop) } }, select: { domain: true, name: true, currencyCode: true } })
    : [];
  return new Map(
    links.map((l) => {
      const s = shops.find((x) => x.domain === l.connectedShop);
      return [l.connectedShop, { ...l, name: s?.name ?? null, currencyCode: s?.currencyCode ?? null }];
    }),
  );
}

/** The last 30 days, or from the member's first conversion when earlier (at most MAX_RANGE_DAYS back), to today. */
export function portalRange(firstConversion: Date | null, now: Date): DashboardRange {
  const last30 = defaultRange(now);
  if (!firstConversion) return last30;
  const earliest = new Date(Date.parse(`${last30.to}T00:00:00Z`) - (MAX_RANGE_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  const first = firstConversion.toISOString().slice(0, 10);
  const from = first < earliest ? earliest : first < last30.from ? first : last30.from;
  return { from, to: last30.to };
}
