// The home page (#21): a setup guide until the shop is set up, this month's figures in the shop's
// timezone (the dashboards' arithmetic: net of adjustments, test orders left out, a cancelled
// order not counted as a conversion), the offers needing attention and the jobs in progress.
import type { PrismaClient } from "@prisma/client";
import { startOfDayIn } from "~/domain/audit/log-filter";
import { notTest } from "./dashboard.server";
import { listJobs } from "./jobs.server";

export type SetupStepId = "store" | "offer" | "members" | "conversion";

export interface SetupStep {
  id: SetupStepId;
  title: string;
  description: string;
  done: boolean;
  action: { content: string; url: string };
}

/** Why an offer is listed under "Needs attention". Other checks (drift, leak flags) add a reason here. */
export type AttentionReason = "SYNC_FAILURES" | "STALE_RATES";

export interface AttentionItem {
  offerId: string;
  offerName: string;
  reason: AttentionReason;
  count: number;
  url: string;
}

/** [start, end) of the calendar month containing `now`, in the shop's timezone, and its "YYYY-MM". */
export function monthIn(now: Date, timeZone: string): { period: string; start: Date; end: Date } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit" }).formatToParts(now).map((p) => [p.type, p.value]));
  const year = Number(parts.year);
  const month = Number(parts.month);
  const pad = (n: number) => String(n).padStart(2, "0");
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
  return { period: `${year}-${pad(month)}`, start: startOfDayIn(`${year}-${pad(month)}-01`, timeZone), end: startOfDayIn(next, timeZone) };
}

export async function setupSteps(db: PrismaClient, shop: string): Promise<SetupStep[]> {
  const [stores, offers, members, conversions] = await Promise.all([
    db.storeLink.count({ where: { primaryShop: shop, status: "CONNECTED" } }),
    db.offer.count({ where: { shop } }),
    db.offerMember.count({ where: { offer: { shop } } }),
    db.conversion.count({ where: { shop } }),
  ]);
  return [
    {
      id: "store",
      title: "Connect your regional stores",
      description: "Link the other stores your creators' codes should work in. Skip this if you sell from one store.",
      done: stores > 0,
      action: { content: "Connect a store", url: "/app/settings/stores" },
    },
    {
      id: "offer",
      title: "Create an offer",
      description: "Set the discount, the creators' payout and how their codes are named.",
      done: offers > 0,
      action: { content: "Create offer", url: "/app/offers/new" },
    },
    {
      id: "members",
      title: "Add members to an offer",
      description: "Add creators from a project and generate their personal codes.",
      done: members > 0,
      action: { content: "Go to offers", url: "/app/offers" },
    },
    {
      id: "conversion",
      title: "Get your first conversion",
      description: "Send creators their codes. Each order that uses one shows up here with its sale and payout.",
      done: conversions > 0,
      action: { content: "Email members", url: "/app/offers" },
    },
  ];
}

export interface MonthFigures {
  period: string;
  conversions: number;
  salesUsdCents: number;
  payoutCents: number;
  topCreators: { memberId: string; name: string; conversions: number; salesUsdCents: number; payoutCents: number }[];
}

export async function monthFigures(db: PrismaClient, shop: string, now: Date, timeZone: string): Promise<MonthFigures> {
  const { period, start, end } = monthIn(now, timeZone);
  const conversions = await db.conversion.findMany({
    where: { shop, ...notTest, occurredAt: { gte: start, lt: end } },
    select: { memberId: true, saleUsdCents: true, payoutCents: true, adjustments: { select: { kind: true, saleUsdCents: true, payoutCents: true } } },
  });
  const figures: MonthFigures = { period, conversions: 0, salesUsdCents: 0, payoutCents: 0, topCreators: [] };
  const byMember = new Map<string, { conversions: number; salesUsdCents: number; payoutCents: number }>();
  for (const c of conversions) {
    const counted = c.adjustments.some((a) => a.kind === "CANCEL") ? 0 : 1;
    const sales = c.saleUsdCents + c.adjustments.reduce((n, a) => n + a.saleUsdCents, 0);
    const payout = c.payoutCents + c.adjustments.reduce((n, a) => n + a.payoutCents, 0);
    figures.conversions += counted;
    figures.salesUsdCents += sales;
    figures.payoutCents += payout;
    if (!c.memberId) continue;
    const m = byMember.get(c.memberId) ?? byMember.set(c.memberId, { conversions: 0, salesUsdCents: 0, payoutCents: 0 }).get(c.memberId)!;
    m.conversions += counted;
    m.salesUsdCents += sales;
    m.payoutCents += payout;
  }
  const top = [...byMember].sort((a, b) => b[1].salesUsdCents - a[1].salesUsdCents || a[0].localeCompare(b[0])).slice(0, 5);
  const names = new Map(
    (await db.member.findMany({ where: { shop, id: { in: top.map(([id]) => id) } }, select: { id: true, firstName: true, lastName: true } })).map((m) => [
      m.id,
      `${m.firstName} ${m.lastName}`.trim(),
    ]),
  );
  figures.topCreators = top.map(([memberId, t]) => ({ memberId, name: names.get(memberId) ?? "Member", ...t }));
  return figures;
}

/** Offers with failed sync operations, or conversions still valued at a stale rate (R40). */
export async function offersNeedingAttention(db: PrismaClient, shop: string): Promise<AttentionItem[]> {
  const [failed, stale] = await Promise.all([
    db.syncOperation.groupBy({ by: ["offerId"], where: { shop, status: "FAILED" }, _count: { _all: true } }),
    db.conversion.groupBy({
      by: ["offerId"],
      where: { shop, rateStatus: { in: ["PROVISIONAL", "BEFORE_OLDEST"] }, adjustments: { none: { kind: "REVALUE" } } },
      _count: { _all: true },
    }),
  ]);
  const ids = [...new Set([...failed, ...stale].map((g) => g.offerId))];
  const offers = new Map((await db.offer.findMany({ where: { shop, id: { in: ids }, archivedAt: null }, select: { id: true, name: true } })).map((o) => [o.id, o.name]));
  const items: AttentionItem[] = [];
  for (const g of failed)
    if (offers.has(g.offerId))
      items.push({ offerId: g.offerId, offerName: offers.get(g.offerId)!, reason: "SYNC_FAILURES", count: g._count._all, url: `/app/offers/${g.offerId}` });
  for (const g of stale)
    if (offers.has(g.offerId))
      items.push({ offerId: g.offerId, offerName: offers.get(g.offerId)!, reason: "STALE_RATES", count: g._count._all, url: `/app/conversions?offerId=${g.offerId}` });
  return items.sort((a, b) => a.offerName.localeCompare(b.offerName) || a.reason.localeCompare(b.reason));
}

export async function loadHome(db: PrismaClient, shop: string, opts: { now: Date; timeZone: string }) {
  const [shopRow, steps, figures, attention, jobs] = await Promise.all([
    db.shop.findUnique({ where: { domain: shop }, select: { name: true, currencyCode: true, setupGuideDismissedAt: true } }),
    setupSteps(db, shop),
    monthFigures(db, shop, opts.now, opts.timeZone),
    offersNeedingAttention(db, shop),
    listJobs(db, shop, { outcome: "RUNNING", pageSize: 5 }),
  ]);
  const setUp = steps.every((s) => s.done);
  return {
    shopName: shopRow?.name ?? shop,
    currencyCode: shopRow?.currencyCode ?? null,
    setupGuide: setUp || shopRow?.setupGuideDismissedAt ? null : steps,
    figures,
    attention,
    jobs: { rows: jobs.rows, total: jobs.total },
  };
}

/** The merchant closed the setup guide: it stays closed. */
export async function dismissSetupGuide(db: PrismaClient, shop: string, at = new Date()): Promise<void> {
  await db.shop.upsert({ where: { domain: shop }, create: { domain: shop, setupGuideDismissedAt: at }, update: { setupGuideDismissedAt: at } });
}
