// Dashboards (R30): per offer and per member — conversions, sales (USD), payouts, over time and
// by store — from the conversions and their adjustments (R40: net of refunds and cancellations),
// summed in the database (#15, app/services/sql-reads.server.ts).
import { Prisma, type PrismaClient } from "@prisma/client";
import { readRange, type DashboardRange } from "~/domain/dashboard/range";
import { inChunks } from "./chunks.server";
import { num, timestampParam, utcDayOf } from "./sql-reads.server";

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

interface DashboardFilter {
  offerId?: string;
  memberId?: string;
  store?: string;
  includeTest?: boolean;
}

type Row = { dim: "D" | "M" | "O"; k1: string | null; k2: string | null; n: unknown; s: unknown; p: unknown };

/**
 * `store`: only orders placed in that store (R42: a regional store's view of what it sold).
 * Summed in the database (#15): the conversions grouped by day and store (with `lists`, also by
 * member and by offer), and their adjustments grouped the same way (R40: refunds and edits move
 * the sums; a cancelled order counts no conversion), added together here. The pages ask without
 * lists (they show totals, days and stores).
 */
export async function getDashboard(db: PrismaClient, shop: string, filter: DashboardFilter, range: DashboardRange, opts: { lists?: boolean } = {}) {
  const lists = opts.lists ?? true;
  const from = new Date(`${range.from}T00:00:00Z`);
  const until = new Date(new Date(`${range.to}T00:00:00Z`).getTime() + 86400_000);
  const where = Prisma.join(
    [
      Prisma.sql`c."shop" = ${shop}`,
      ...(filter.store ? [Prisma.sql`c."store" = ${filter.store}`] : []),
      ...(filter.includeTest ? [] : [Prisma.sql`(c."testOrder" IS NULL OR NOT c."testOrder")`]),
      ...(filter.offerId ? [Prisma.sql`c."offerId" = ${filter.offerId}`] : []),
      ...(filter.memberId ? [Prisma.sql`c."memberId" = ${filter.memberId}`] : []),
      Prisma.sql`c."occurredAt" >= ${timestampParam(from)}`,
      Prisma.sql`c."occurredAt" < ${timestampParam(until)}`,
    ],
    " AND ",
  );
  const day = utcDayOf('c."occurredAt"');
  const dims: [Row["dim"], Prisma.Sql, Prisma.Sql][] = [
    ["D", day, Prisma.raw('c."store"')],
    ...(lists
      ? ([
          ["M", Prisma.raw('c."memberId"'), Prisma.raw("NULL")],
          ["O", Prisma.raw('c."offerId"'), Prisma.raw("NULL")],
        ] as [Row["dim"], Prisma.Sql, Prisma.Sql][])
      : []),
  ];
  const selects = dims.flatMap(([dim, k1, k2]) => {
    const keys = k2.sql === "NULL" ? Prisma.sql`${k1}` : Prisma.sql`${k1}, ${k2}`;
    return [
      Prisma.sql`SELECT ${Prisma.raw(`'${dim}'`)} AS "dim", ${k1} AS "k1", ${k2} AS "k2", COUNT(*) AS "n", SUM(c."saleUsdCents") AS "s", SUM(c."payoutCents") AS "p"
        FROM "Conversion" c WHERE ${where} GROUP BY ${keys}`,
      Prisma.sql`SELECT ${Prisma.raw(`'${dim}'`)} AS "dim", ${k1} AS "k1", ${k2} AS "k2", -COUNT(DISTINCT CASE WHEN a."kind" = 'CANCEL' THEN a."conversionId" END) AS "n",
          SUM(a."saleUsdCents") AS "s", SUM(a."payoutCents") AS "p"
        FROM "ConversionAdjustment" a JOIN "Conversion" c ON c."id" = a."conversionId" WHERE ${where} GROUP BY ${keys}`,
    ];
  });
  const rows = await db.$queryRaw<Row[]>`${Prisma.join(selects, " UNION ALL ")}`;
  const links = await db.storeLink.findMany({ where: { primaryShop: shop } });
  const labelOf = (store: string) => (store === shop ? "Primary store" : (links.find((l) => l.connectedShop === store)?.label ?? store));
  const add = (t: Totals, r: Row) => {
    t.conversions += num(r.n);
    t.salesUsdCents += num(r.s);
    t.payoutCents += num(r.p);
    return t;
  };
  const totals = zero();
  const byDay = new Map<string, Totals>();
  const byStore = new Map<string, Totals>();
  const byMember = new Map<string, Totals>();
  const byOffer = new Map<string, Totals>();
  const into = (m: Map<string, Totals>, key: string, r: Row) => add(m.get(key) ?? m.set(key, zero()).get(key)!, r);
  for (let d = from; d < until; d = new Date(d.getTime() + 86400_000)) byDay.set(d.toISOString().slice(0, 10), zero());
  for (const r of rows) {
    if (r.dim === "D") {
      add(totals, r);
      into(byDay, r.k1!, r);
      into(byStore, r.k2!, r);
    } else if (r.dim === "M") into(byMember, r.k1 ?? "group", r);
    else into(byOffer, r.k1!, r);
  }
  // Names for the lists (every one, in chunks: SQLite's parameter cap).
  const memberIds = [...byMember.keys()].filter((id) => id !== "group");
  const members = new Map(
    (await inChunks(memberIds, (ids) => db.member.findMany({ where: { shop, id: { in: ids } }, select: { id: true, firstName: true, lastName: true } }))).map((m) => [
      m.id,
      `${m.firstName} ${m.lastName}`.trim(),
    ]),
  );
  const offerNames = new Map(
    (await inChunks([...byOffer.keys()], (ids) => db.offer.findMany({ where: { shop, id: { in: ids } }, select: { id: true, name: true } }))).map((o) => [o.id, o.name]),
  );
  const bySales = (a: Totals & { id: string }, b: Totals & { id: string }) => b.salesUsdCents - a.salesUsdCents || (a.id < b.id ? -1 : 1);
  return {
    range,
    totals,
    byDay: [...byDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, t]) => ({ day, ...t })),
    // The primary store first, then the connected stores by label.
    byStore: [...byStore]
      .map(([store, t]) => ({ store, label: labelOf(store), ...t }))
      .sort((a, b) => (a.store === shop ? -1 : b.store === shop ? 1 : a.label.localeCompare(b.label))),
    byMember: [...byMember].map(([id, t]) => ({ id, ...t, name: id === "group" ? "Group code" : (members.get(id) ?? "Member") })).sort(bySales),
    byOffer: [...byOffer].map(([id, t]) => ({ id, ...t, name: offerNames.get(id) ?? "Offer" })).sort(bySales),
  };
}
