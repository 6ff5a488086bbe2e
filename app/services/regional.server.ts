// The regional store owner's view (R42): in a connected store's own admin, read-only, what other
// stores sync into it (offers, the codes that live here and their state here, sync health), what
// those codes sell here (orders placed in this store only, in its currency and in USD, payouts),
// and revoking a store that syncs into this one, keeping or deactivating its codes here only.
import { Prisma, type Offer, type PrismaClient } from "@prisma/client";
import { describeDiscount, offerStatus } from "~/domain/offers/describe";
import { codeHere, describeSituation, linkSituation, syncHealth, type LinkSituation, type RevokeChoice } from "~/domain/stores/regional";
import { withOutbox } from "~/jobs/sync/outbox.server";
import { OPEN_STATUSES } from "~/jobs/sync/types";
import { recordAudit } from "./audit.server";
import { inChunks } from "./chunks.server";
import { getDashboard, notTest, type DashboardRange } from "./dashboard.server";
import { percentFor } from "./stores.server";

/** Offers of `primaries` whose codes live (or are meant to live) in `store`. */
const syncedInto = (store: string, primaries: string[]): Prisma.OfferWhereInput => ({
  shop: { in: primaries.filter((p) => p !== store) },
  OR: [{ syncStores: { some: { store } } }, { codes: { some: { storeCodes: { some: { store } } } } }],
});

const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);

interface CodeCounts {
  live: number;
  deactivated: number;
  pending: number;
  failed: number;
}

/** Per offer, its codes' states in `store` (one grouped query). */
async function codeCountsHere(db: PrismaClient, store: string, offerIds: string[]): Promise<Map<string, CodeCounts>> {
  const counts = new Map<string, CodeCounts>(offerIds.map((id) => [id, { live: 0, deactivated: 0, pending: 0, failed: 0 }]));
  if (!offerIds.length) return counts;
  const rows = await db.$queryRaw<{ offerId: string; state: string; n: bigint | number }[]>`
    SELECT p."offerId" AS "offerId", s."state" AS "state", COUNT(*) AS n
    FROM "StoreCode" s JOIN "PromoCode" p ON p."id" = s."promoCodeId"
    WHERE s."store" = ${store} AND p."offerId" IN (${Prisma.join(offerIds)})
    GROUP BY p."offerId", s."state"`;
  for (const r of rows) {
    const c = counts.get(r.offerId);
    if (!c) continue;
    const n = Number(r.n);
    if (r.state === "SYNCED") c.live += n;
    else if (r.state === "DEACTIVATED") c.deactivated += n;
    else if (r.state === "PENDING") c.pending += n;
    else if (r.state === "FAILED") c.failed += n;
  }
  return counts;
}

/** Per offer: operations still open in `store`, and when one last succeeded there. */
async function syncActivityHere(db: PrismaClient, store: string, offerIds: string[]) {
  const [open, last] = await Promise.all([
    db.syncOperation.groupBy({ by: ["offerId"], where: { store, offerId: { in: offerIds }, status: { in: OPEN_STATUSES } }, _count: { _all: true } }),
    db.syncOperation.groupBy({ by: ["offerId"], where: { store, offerId: { in: offerIds }, status: "SUCCEEDED" }, _max: { updatedAt: true } }),
  ]);
  return {
    openOf: (offerId: string) => open.find((o) => o.offerId === offerId)?._count._all ?? 0,
    lastOf: (offerId: string) => last.find((o) => o.offerId === offerId)?._max.updatedAt ?? null,
  };
}

interface LinkView {
  id: string;
  primary: { shop: string; name: string; installed: boolean };
  /** This store's label in the primary store's list. */
  label: string;
  status: string;
  situation: LinkSituation;
  message: string;
  endedAt: string | null;
  revocation: { choice: RevokeChoice; at: string; jobId: string | null } | null;
}

/** How each store that syncs (or synced) into `store` stands, from this store's side. */
async function linksInto(db: PrismaClient, store: string): Promise<LinkView[]> {
  const links = await db.storeLink.findMany({ where: { connectedShop: store }, orderBy: { createdAt: "asc" } });
  if (!links.length) return [];
  const [shops, revocations] = await Promise.all([
    db.shop.findMany({ where: { domain: { in: links.map((l) => l.primaryShop) } } }),
    db.storeRevocation.findMany({ where: { connectedShop: store, linkId: { in: links.map((l) => l.id) } }, orderBy: { createdAt: "desc" } }),
  ]);
  return links.map((l) => {
    const shop = shops.find((s) => s.domain === l.primaryShop);
    const name = shop?.name || l.primaryShop;
    // The latest decision taken here since the link ended (none while it is live).
    const revocation = (l.status !== "CONNECTED" && revocations.find((r) => r.linkId === l.id && (!l.endedAt || r.createdAt >= l.endedAt))) || null;
    const revokedHere = l.status === "REVOKED" && revocation !== null;
    const situation = linkSituation({ status: l.status, syncEnabled: l.syncEnabled, primaryUninstalledAt: shop?.uninstalledAt ?? null, revokedHere });
    const since = situation === "PRIMARY_UNINSTALLED" ? day(shop?.uninstalledAt) : situation === "REVOKED_HERE" ? day(revocation?.createdAt) : day(l.endedAt);
    return {
      id: l.id,
      primary: { shop: l.primaryShop, name, installed: !shop?.uninstalledAt },
      label: l.label,
      status: l.status,
      situation,
      message: describeSituation(situation, name, { since, choice: (revocation?.choice as RevokeChoice | undefined) ?? null }),
      endedAt: l.endedAt?.toISOString() ?? null,
      revocation: revocation ? { choice: revocation.choice as RevokeChoice, at: revocation.createdAt.toISOString(), jobId: revocation.jobId } : null,
    };
  });
}

async function offerRow(db: PrismaClient, store: string, offer: Offer, counts: CodeCounts, activity: { open: number; lastSyncedAt: Date | null }, now: Date) {
  const percent = offer.discountType === "PERCENTAGE" ? await percentFor(db, offer, store) : null;
  const health = syncHealth({ pending: activity.open + counts.pending, failed: counts.failed, lastSyncedAt: activity.lastSyncedAt });
  return {
    id: offer.id,
    name: offer.name,
    kind: offer.kind,
    /** The discount as it applies in this store (R4: its own percentage when values differ). */
    discount: describeDiscount({ discountType: offer.discountType, discountPercent: percent, discountAmountCents: offer.discountAmountCents }),
    status: offerStatus(offer, now),
    datesMode: offer.datesMode,
    startsAt: day(offer.startsAt)!,
    endsAt: day(offer.endsAt),
    codesLive: counts.live,
    codesDeactivated: counts.deactivated,
    pending: activity.open + counts.pending,
    failed: counts.failed,
    lastSyncedAt: activity.lastSyncedAt?.toISOString() ?? null,
    health,
  };
}

export type SyncedOfferRow = Awaited<ReturnType<typeof offerRow>>;

/**
 * R42: every offer another store syncs into `store`, grouped by that store, read-only. A store
 * with no link into it gets no groups. Links that ended still show while offers' codes are here.
 */
export async function syncedIntoStore(db: PrismaClient, store: string, now = new Date()) {
  const links = await linksInto(db, store);
  if (!links.length) return { store, groups: [] };
  const offers = await db.offer.findMany({
    where: syncedInto(
      store,
      links.map((l) => l.primary.shop),
    ),
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  const ids = offers.map((o) => o.id);
  const [counts, activity] = await Promise.all([codeCountsHere(db, store, ids), syncActivityHere(db, store, ids)]);
  const rows = await Promise.all(offers.map((o) => offerRow(db, store, o, counts.get(o.id)!, { open: activity.openOf(o.id), lastSyncedAt: activity.lastOf(o.id) }, now)));
  const groups = links
    .map((link) => ({ link, offers: rows.filter((_, i) => offers[i]!.shop === link.primary.shop) }))
    // A link revoked with nothing of it left here is history, not a section.
    .filter((g) => g.offers.length > 0 || g.link.status === "CONNECTED");
  return { store, groups };
}

/** R42: one synced offer as it exists in `store`: codes here (a page), sync health, where it is managed. Null unless it syncs into this store. */
export async function syncedOfferHere(db: PrismaClient, store: string, offerId: string, opts: { page?: number; pageSize?: number; now?: Date } = {}) {
  const now = opts.now ?? new Date();
  const links = await linksInto(db, store);
  const offer = await db.offer.findFirst({
    where: {
      id: offerId,
      ...syncedInto(
        store,
        links.map((l) => l.primary.shop),
      ),
    },
  });
  if (!offer) return null;
  const link = links.find((l) => l.primary.shop === offer.shop)!;
  const pageSize = opts.pageSize ?? 50;
  const page = Math.max(1, opts.page ?? 1);
  const [counts, activity, here, total, codes] = await Promise.all([
    codeCountsHere(db, store, [offer.id]),
    syncActivityHere(db, store, [offer.id]),
    db.shop.findUnique({ where: { domain: store } }),
    db.storeCode.count({ where: { store, promoCode: { offerId: offer.id } } }),
    db.storeCode.findMany({
      where: { store, promoCode: { offerId: offer.id } },
      orderBy: [{ promoCode: { codeKey: "asc" } }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      include: { promoCode: { select: { id: true, code: true, startsAt: true, endsAt: true, current: true, member: { select: { firstName: true, lastName: true } } } } },
    }),
  ]);
  const row = await offerRow(db, store, offer, counts.get(offer.id)!, { open: activity.openOf(offer.id), lastSyncedAt: activity.lastOf(offer.id) }, now);
  return {
    store: { shop: store, name: here?.name || store, currencyCode: here?.currencyCode ?? null },
    link,
    offer: row,
    codes: {
      page,
      pages: Math.max(1, Math.ceil(total / pageSize)),
      total,
      rows: codes.map((sc) => ({
        id: sc.id,
        code: sc.promoCode.code,
        member: sc.promoCode.member ? `${sc.promoCode.member.firstName} ${sc.promoCode.member.lastName}`.trim() : null,
        startsAt: day(sc.promoCode.startsAt)!,
        endsAt: day(sc.promoCode.endsAt),
        here: codeHere({ state: sc.state, startsAt: sc.promoCode.startsAt, endsAt: sc.promoCode.endsAt }, now),
        error: sc.state === "FAILED" ? sc.error : null,
      })),
    },
  };
}

/**
 * R42: what an offer's codes sold in `store`: the offer dashboard (R30) filtered to orders placed
 * here, plus the sales in this store's currency. Payouts are the USD payouts of those orders.
 */
export async function performanceHere(db: PrismaClient, store: string, offer: { id: string; shop: string }, range: DashboardRange, opts: { includeTest?: boolean } = {}) {
  const dashboard = await getDashboard(db, offer.shop, { offerId: offer.id, store, includeTest: opts.includeTest }, range, { lists: false });
  const where: Prisma.ConversionWhereInput = {
    shop: offer.shop,
    store,
    offerId: offer.id,
    ...(opts.includeTest ? {} : notTest),
    occurredAt: { gte: new Date(`${range.from}T00:00:00Z`), lt: new Date(new Date(`${range.to}T00:00:00Z`).getTime() + 86400_000) },
  };
  const rows = await db.conversion.findMany({
    where,
    include: { adjustments: { select: { kind: true, saleCents: true, saleUsdCents: true, payoutCents: true } } },
    orderBy: [{ occurredAt: "desc" }, { id: "asc" }],
  });
  const memberIds = [...new Set(rows.map((c) => c.memberId).filter((id): id is string => Boolean(id)))];
  const members = new Map(
    (await inChunks(memberIds, (ids) => db.member.findMany({ where: { shop: offer.shop, id: { in: ids } }, select: { id: true, firstName: true, lastName: true } }))).map((m) => [
      m.id,
      `${m.firstName} ${m.lastName}`.trim(),
    ]),
  );
  const local = new Map<string, number>();
  const conversions = rows.map((c) => {
    const saleCents = c.saleCents + c.adjustments.reduce((n, a) => n + a.saleCents, 0);
    local.set(c.currency, (local.get(c.currency) ?? 0) + saleCents);
    return {
      id: c.id,
      orderName: c.orderName,
      occurredAt: c.occurredAt.toISOString(),
      code: c.code,
      member: c.memberId ? (members.get(c.memberId) ?? "Member") : "Group code",
      currency: c.currency,
      saleCents,
      saleUsdCents: c.saleUsdCents + c.adjustments.reduce((n, a) => n + a.saleUsdCents, 0),
      payoutCents: c.payoutCents + c.adjustments.reduce((n, a) => n + a.payoutCents, 0),
      cancelled: c.adjustments.some((a) => a.kind === "CANCEL"),
      test: c.testOrder === true,
    };
  });
  return {
    range: dashboard.range,
    totals: { ...dashboard.totals, sales: [...local].map(([currency, cents]) => ({ currency, cents })) },
    byDay: dashboard.byDay,
    conversions: conversions.slice(0, 200),
    conversionsShown: Math.min(conversions.length, 200),
    conversionsTotal: conversions.length,
  };
}

/** Settings › Stores in a connected store: each store that syncs into this one, with what it manages here. */
export async function storesSyncingInto(db: PrismaClient, store: string) {
  const { groups } = await syncedIntoStore(db, store);
  return groups.map((g) => ({
    ...g.link,
    offers: g.offers.length,
    codesLive: g.offers.reduce((n, o) => n + o.codesLive, 0),
    codesDeactivated: g.offers.reduce((n, o) => n + o.codesDeactivated, 0),
  }));
}

export type RevokeResult = { ok: true; revocationId: string; jobId: string | null; codes: number } | { ok: false; error: string };

/**
 * R1a, R42: the connected store's admin ends another store's access to it (or, once that store
 * uninstalled or unlinked, decides about the codes it left here). "DEACTIVATE" deactivates the
 * codes working here now, in this store only, through the outbox as one job of this store; "KEEP"
 * leaves them as they are. Audited in both stores; the primary store sees a notice.
 */
export async function revokeIncoming(db: PrismaClient, args: { store: string; actor: string; linkId: string; choice: RevokeChoice; now?: Date }): Promise<RevokeResult> {
  const now = args.now ?? new Date();
  const link = await db.storeLink.findFirst({ where: { id: args.linkId, connectedShop: args.store } });
  if (!link) return { ok: false, error: "This store does not sync into yours." };
  if (link.status === "REVOKED" && args.choice === "KEEP") return { ok: false, error: "This store's access has already ended; its codes are kept here as they are." };
  const live = await db.storeCode.findMany({
    where: { store: args.store, state: "SYNCED", promoCode: { offer: { shop: link.primaryShop } } },
    select: { promoCodeId: true, promoCode: { select: { offerId: true } } },
  });
  const offerIds = [...new Set(live.map((c) => c.promoCode.offerId))];
  const toDeactivate = args.choice === "DEACTIVATE" ? live : [];
  if (link.status === "REVOKED" && !toDeactivate.length) return { ok: false, error: "No codes of this store work here any more." };
  const result = await withOutbox(db, async (outbox) => {
    const { tx } = outbox;
    if (link.status !== "REVOKED") await tx.storeLink.update({ where: { id: link.id }, data: { status: "REVOKED", endedAt: link.endedAt ?? now } });
    let jobId: string | null = null;
    if (toDeactivate.length) {
      // A job of this store (its Jobs page shows it); the operations belong to the primary's offers.
      jobId = await outbox.createJob({ shop: args.store, kind: "DEACTIVATE_CODES", offerId: offerIds.length === 1 ? offerIds[0]! : null, actor: args.actor });
      for (const offerId of offerIds) {
        const codes = toDeactivate.filter((c) => c.promoCode.offerId === offerId);
        await outbox.enqueue({
          jobId,
          shop: link.primaryShop,
          offerId,
          operations: codes.map((c) => ({ store: args.store, action: "DEACTIVATE_CODE" as const, promoCodeId: c.promoCodeId })),
        });
      }
    }
    const revocation = await tx.storeRevocation.create({
      data: {
        linkId: link.id,
        primaryShop: link.primaryShop,
        connectedShop: args.store,
        choice: args.choice,
        actor: args.actor,
        jobId,
        offers: offerIds.length,
        codes: live.length,
        createdAt: now,
      },
    });
    const details = { choice: args.choice, offers: offerIds.length, codes: live.length, deactivated: toDeactivate.length, jobId, linkStatusBefore: link.status };
    // R36, both sides: this store's log names its admin; the primary's names the store that did it.
    await recordAudit(tx, { shop: args.store, actor: args.actor, action: "store.revoke_incoming", subject: `link:${link.id}`, stores: [link.primaryShop, args.store], details });
    await recordAudit(tx, {
      shop: link.primaryShop,
      actor: `store:${args.store}`,
      action: "store.revoked_by_connected",
      subject: `link:${link.id}`,
      stores: [link.primaryShop, args.store],
      details: { ...details, by: args.actor },
    });
    return { revocationId: revocation.id, jobId };
  });
  return { ok: true, ...result, codes: toDeactivate.length };
}

/** In the primary store: connected stores that revoked its access, until dismissed. */
export async function revocationsToTell(db: PrismaClient, primary: string) {
  const rows = await db.storeRevocation.findMany({ where: { primaryShop: primary, primarySeenAt: null }, orderBy: { createdAt: "desc" }, take: 20 });
  if (!rows.length) return [];
  const [links, shops] = await Promise.all([
    db.storeLink.findMany({ where: { id: { in: rows.map((r) => r.linkId) } }, select: { id: true, label: true } }),
    db.shop.findMany({ where: { domain: { in: rows.map((r) => r.connectedShop) } }, select: { domain: true, name: true } }),
  ]);
  return rows.map((r) => ({
    id: r.id,
    store: r.connectedShop,
    label: links.find((l) => l.id === r.linkId)?.label || shops.find((s) => s.domain === r.connectedShop)?.name || r.connectedShop,
    choice: r.choice as RevokeChoice,
    offers: r.offers,
    codes: r.codes,
    at: r.createdAt.toISOString(),
  }));
}

export async function dismissRevocation(db: PrismaClient, args: { shop: string; actor: string; id: string }) {
  const done = await db.storeRevocation.updateMany({ where: { id: args.id, primaryShop: args.shop, primarySeenAt: null }, data: { primarySeenAt: new Date() } });
  if (!done.count) return { ok: false as const, error: "This notice is no longer shown." };
  await recordAudit(db, { shop: args.shop, actor: args.actor, action: "store.revocation_seen", subject: `revocation:${args.id}` });
  return { ok: true as const };
}
