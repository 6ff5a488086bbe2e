// Dashboards (R30): per offer and per member — conversions, sales (USD), payouts, over time and
// by store — from the conversions and their adjustments (R40: net of refunds and cancellations).
import type { Prisma, PrismaClient } from "@prisma/client";
import { readRange, type DashboardRange } from "~/domain/dashboard/range";
import { inChunks } from "./chunks.server";

export { defaultRange, MAX_RANGE_DAYS, type DashboardRange } from "~/domain/dashboard/range";

/** The range asked for in `?from=&to=` (real dates, from ≤ to, at most MAX_RANGE_DAYS), else the last 30 days. */
export function rangeFromUrl(url: URL, today = new Date()): DashboardRange {
  return readRange({ from: url.searchParams.get("from"), to: url.searchParams.get("to") }, today).range;
}

/** The same, with what the merchant typed and a message per field (#21: "from" after "to" is said, not hidden). */
export function rangeFormFromUrl(url: URL, today = new Date()) {
  const { range, asked, errors } = readRange({ from: url.searchParams.get("from"), to: url.searchParams.get("to") }, today);
  return { range, rangeForm: { ...asked, errors } };
}

interface Totals {
  conversions: number;
  salesUsdCents: number;
  payoutCents: number;
}

const zero = (): Totals => ({ conversions: 0, salesUsdCents: 0, payoutCents: 0 });

/** Issue 14 §3: test orders are left out of totals and payouts unless asked for. */
export const notTest: Prisma.ConversionWhereInput = { OR: [{ testOrder: null }, { testOrder: false }] };

/** `store`: only orders placed in that store (R42: a regional store's view of what it sold). */
export async function getDashboard(db: PrismaClient, shop: string, filter: { offerId?: string; memberId?: string; store?: string; includeTest?: boolean }, range: DashboardRange) {
  const where: Prisma.ConversionWhereInput = {
    shop,
    ...(filter.store ? { store: filter.store } : {}),
    ...(filter.includeTest ? {} : notTest),
    ...(filter.offerId ? { offerId: filter.offerId } : {}),
    ...(filter.memberId ? { memberId: filter.memberId } : {}),
    occurredAt: { gte: new Date(`${range.from}T00:00:00Z`), lt: new Date(new Date(`${range.to}T00:00:00Z`).getTime() + 86400_000) },
  };
  const conversions = await db.conversion.findMany({ where, include: { adjustments: true }, orderBy: { occurredAt: "asc" } });
  const memberIds = [...new Set(conversions.map((c) => c.memberId).filter((id): id is string => Boolean(id)))];
  // Every name, however many members and offers converted (in chunks: SQLite's parameter cap).
  const members = new Map(
    (await inChunks(memberIds, (ids) => db.member.findMany({ where: { shop, id: { in: ids } }, select: { id: true, firstName: true, lastName: true } }))).map((m) => [
      m.id,
      `${m.firstName} ${m.lastName}`.trim(),
    ]),
  );
  const links = await db.storeLink.findMany({ where: { primaryShop: shop } });
  const labelOf = (store: string) => (store === shop ? "Primary store" : (links.find((l) => l.connectedShop === store)?.label ?? store));
  const totals = zero();
  const byDay = new Map<string, Totals>();
  const byStore = new Map<string, Totals>();
  const byMember = new Map<string, Totals & { name: string }>();
  const byOffer = new Map<string, Totals & { name: string }>();
  const offerIds = [...new Set(conversions.map((c) => c.offerId))];
  const offerNames = new Map(
    (await inChunks(offerIds, (ids) => db.offer.findMany({ where: { shop, id: { in: ids } }, select: { id: true, name: true } }))).map((o) => [o.id, o.name]),
  );
  for (let d = new Date(`${range.from}T00:00:00Z`); d <= new Date(`${range.to}T00:00:00Z`); d = new Date(d.getTime() + 86400_000)) byDay.set(d.toISOString().slice(0, 10), zero());
  for (const c of conversions) {
    const cancelled = c.adjustments.some((a) => a.kind === "CANCEL");
    const sales = c.saleUsdCents + c.adjustments.reduce((n, a) => n + a.saleUsdCents, 0);
    const payout = c.payoutCents + c.adjustments.reduce((n, a) => n + a.payoutCents, 0);
    const add = (t: Totals) => {
      t.conversions += cancelled ? 0 : 1;
      t.salesUsdCents += sales;
      t.payoutCents += payout;
    };
    add(totals);
    const day = c.occurredAt.toISOString().slice(0, 10);
    add(byDay.get(day) ?? byDay.set(day, zero()).get(day)!);
    add(byStore.get(c.store) ?? byStore.set(c.store, zero()).get(c.store)!);
    const memberKey = c.memberId ?? "group";
    const name = c.memberId ? (members.get(c.memberId) ?? "Member") : "Group code";
    add(byMember.get(memberKey) ?? byMember.set(memberKey, { ...zero(), name }).get(memberKey)!);
    add(byOffer.get(c.offerId) ?? byOffer.set(c.offerId, { ...zero(), name: offerNames.get(c.offerId) ?? "Offer" }).get(c.offerId)!);
  }
  return {
    range,
    totals,
    byDay: [...byDay].map(([day, t]) => ({ day, ...t })),
    byStore: [...byStore].map(([store, t]) => ({ store, label: labelOf(store), ...t })),
    byMember: [...byMember].map(([id, t]) => ({ id, ...t })).sort((a, b) => b.salesUsdCents - a.salesUsdCents),
    byOffer: [...byOffer].map(([id, t]) => ({ id, ...t })).sort((a, b) => b.salesUsdCents - a.salesUsdCents),
  };
}
