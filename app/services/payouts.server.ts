// Payout statements per month and member (R12, R40; issue 14): the rules are in
// app/domain/payouts/statements.ts; this reads the items, freezes closed months, exports CSV and
// records payment, each audited (R36).
import type { Prisma, PrismaClient } from "@prisma/client";
import { stringify } from "csv-stringify/sync";
import {
  closeRefusal,
  csvAmount,
  isPeriod,
  neutraliseCell,
  openStatementLines,
  periodOf,
  periodsBetween,
  totalsByMember,
  nextPeriod,
  type PeriodStatus,
  type StatementItem,
  type StatementLine,
} from "~/domain/payouts/statements";
import { notTest } from "./dashboard.server";
import { recordAudit } from "./audit.server";
import { inChunks } from "./chunks.server";

type Db = PrismaClient | Prisma.TransactionClient;

type Item = StatementItem & { orderId: string; orderName: string; store: string; adjustmentKind: string | null; reason: string | null };

/** An hour before the last close: anything a close could not have frozen was written after it began. */
const CLOSE_MARGIN_MS = 60 * 60_000;

/**
 * The items a month's statement can show (test orders left out): the month's own conversions and
 * their adjustments, and, for corrections, the closed months' conversions with anything written
 * since the last close (each close freezes every earlier item, so nothing older is unfrozen).
 */
async function statementItems(db: Db, shop: string, period: string, last: { period: string; closedAt: Date } | null): Promise<Item[]> {
  const start = new Date(`${period}-01T00:00:00Z`);
  const end = new Date(`${nextPeriod(period)}-01T00:00:00Z`);
  const own: Prisma.ConversionWhereInput = { occurredAt: { gte: start, lt: end } };
  let where: Prisma.ConversionWhereInput = own;
  if (last) {
    const since = new Date(last.closedAt.getTime() - CLOSE_MARGIN_MS);
    const corrections: Prisma.ConversionWhereInput = {
      occurredAt: { lt: new Date(`${nextPeriod(last.period)}-01T00:00:00Z`) },
      OR: [{ createdAt: { gte: since } }, { adjustments: { some: { createdAt: { gte: since } } } }],
    };
    where = { OR: [own, corrections] };
  }
  const conversions = await db.conversion.findMany({
    where: { AND: [{ shop }, notTest, where] },
    include: { adjustments: { orderBy: { createdAt: "asc" } } },
    orderBy: { occurredAt: "asc" },
  });
  return conversions.flatMap((c) => {
    const base = { conversionId: c.id, memberId: c.memberId, offerId: c.offerId, home: periodOf(c.occurredAt), orderId: c.orderId, orderName: c.orderName, store: c.store };
    return [
      { ...base, itemKey: `c:${c.id}`, adjustmentId: null, saleUsdCents: c.saleUsdCents, payoutCents: c.payoutCents, adjustmentKind: null, reason: null },
      ...c.adjustments.map((a) => ({
        ...base,
        itemKey: `a:${a.id}`,
        adjustmentId: a.id,
        saleUsdCents: a.saleUsdCents,
        payoutCents: a.payoutCents,
        adjustmentKind: a.kind,
        reason: a.reason,
      })),
    ];
  });
}

/** The first month after the last closed one, and before `period`, that has conversions (it must close first). */
async function earlierOpenMonth(db: Db, shop: string, period: string, lastClosed: string | null): Promise<string | null> {
  const from = lastClosed ? { gte: new Date(`${nextPeriod(lastClosed)}-01T00:00:00Z`) } : {};
  const first = await db.conversion.findFirst({
    where: { AND: [{ shop }, notTest, { occurredAt: { ...from, lt: new Date(`${period}-01T00:00:00Z`) } }] },
    orderBy: { occurredAt: "asc" },
    select: { occurredAt: true },
  });
  return first ? periodOf(first.occurredAt) : null;
}

/** The statement items keys already frozen among `keys`. */
async function frozenAmong(db: Db, shop: string, keys: string[]): Promise<Set<string>> {
  return new Set((await inChunks(keys, (part) => db.payoutLine.findMany({ where: { shop, itemKey: { in: part } }, select: { itemKey: true } }))).map((l) => l.itemKey));
}

async function closedPeriods(db: Db, shop: string) {
  return db.payoutPeriod.findMany({ where: { shop }, orderBy: { period: "asc" } });
}

export interface StatementView {
  period: string;
  status: PeriodStatus;
  closedAt: string | null;
  closedBy: string | null;
  paidAt: string | null;
  paidReference: string | null;
  canClose: boolean;
  closeRefusal: string | null;
  members: {
    memberId: string | null;
    name: string;
    email: string;
    conversions: number;
    salesUsdCents: number;
    payoutCents: number;
    adjustmentsCents: number;
    corrections: number;
  }[];
  corrections: {
    itemKey: string;
    memberName: string;
    orderName: string;
    orderId: string;
    store: string;
    kind: string;
    reason: string | null;
    correctsPeriod: string;
    saleUsdCents: number;
    payoutCents: number;
    frozenLineId: string | null;
  }[];
  totals: { conversions: number; salesUsdCents: number; payoutCents: number; adjustmentsCents: number };
}

/** The statement of a month: frozen lines when closed, computed from the items when open. */
export async function getStatement(db: PrismaClient, shop: string, period: string, today = new Date()): Promise<StatementView | null> {
  if (!isPeriod(period)) return null;
  const periods = await closedPeriods(db, shop);
  const row = periods.find((p) => p.period === period);
  const lastClosed = periods.at(-1)?.period ?? null;
  let lines: (StatementLine & { orderName: string; orderId: string; store: string; adjustmentKind: string | null; reason: string | null })[];
  let refusal: string | null = null;
  if (row) {
    const frozen = await db.payoutLine.findMany({ where: { periodId: row.id } });
    const conversions = new Map(
      (
        await inChunks([...new Set(frozen.map((l) => l.conversionId))], (ids) =>
          db.conversion.findMany({ where: { id: { in: ids } }, select: { id: true, orderId: true, orderName: true, store: true } }),
        )
      ).map((c) => [c.id, c]),
    );
    const adjustments = new Map(
      (
        await inChunks(
          frozen.flatMap((l) => (l.adjustmentId ? [l.adjustmentId] : [])),
          (ids) => db.conversionAdjustment.findMany({ where: { id: { in: ids } }, select: { id: true, kind: true, reason: true } }),
        )
      ).map((a) => [a.id, a]),
    );
    lines = frozen.map((l) => ({
      itemKey: l.itemKey,
      conversionId: l.conversionId,
      adjustmentId: l.adjustmentId,
      memberId: l.memberId,
      offerId: l.offerId,
      home: l.correctsPeriod ?? period,
      saleUsdCents: l.saleUsdCents,
      payoutCents: l.payoutCents,
      kind: l.kind as StatementLine["kind"],
      correctsPeriod: l.correctsPeriod,
      orderName: conversions.get(l.conversionId)?.orderName ?? "",
      orderId: conversions.get(l.conversionId)?.orderId ?? "",
      store: conversions.get(l.conversionId)?.store ?? "",
      adjustmentKind: l.adjustmentId ? (adjustments.get(l.adjustmentId)?.kind ?? null) : null,
      reason: l.adjustmentId ? (adjustments.get(l.adjustmentId)?.reason ?? null) : null,
    }));
  } else {
    const last = periods.at(-1) ?? null;
    const items = await statementItems(db, shop, period, last);
    const frozen = await frozenAmong(
      db,
      shop,
      items.map((i) => i.itemKey),
    );
    const extra = new Map(items.map((i) => [i.itemKey, i]));
    lines = openStatementLines(period, items, lastClosed, frozen).map((l) => ({ ...l, ...pick(extra.get(l.itemKey)!) }));
    const earlier = await earlierOpenMonth(db, shop, period, lastClosed);
    refusal = closeRefusal(period, periodOf(today), lastClosed, earlier ? [earlier] : []);
  }
  const memberIds = [...new Set(lines.map((l) => l.memberId).filter((id): id is string => Boolean(id)))];
  const members = new Map(
    (await inChunks(memberIds, (ids) => db.member.findMany({ where: { shop, id: { in: ids } }, select: { id: true, firstName: true, lastName: true, email: true } }))).map((m) => [
      m.id,
      m,
    ]),
  );
  const nameOf = (id: string | null) => (id ? `${members.get(id)?.firstName ?? "Member"} ${members.get(id)?.lastName ?? ""}`.trim() : "Group code");
  const frozenOf = new Map(
    (
      await inChunks([...new Set(lines.filter((l) => l.kind === "CORRECTION").map((l) => `c:${l.conversionId}`))], (keys) =>
        db.payoutLine.findMany({ where: { shop, itemKey: { in: keys } }, select: { itemKey: true, id: true } }),
      )
    ).map((l) => [l.itemKey, l.id]),
  );
  const totals = totalsByMember(lines);
  return {
    period,
    status: row ? (row.status as PeriodStatus) : "OPEN",
    closedAt: row?.closedAt.toISOString() ?? null,
    closedBy: row?.closedBy ?? null,
    paidAt: row?.paidAt?.toISOString() ?? null,
    paidReference: row?.paidReference ?? null,
    canClose: !row && refusal === null,
    closeRefusal: row ? null : refusal,
    members: totals.map((t) => ({ ...t, name: nameOf(t.memberId), email: t.memberId ? (members.get(t.memberId)?.email ?? "") : "" })).sort((a, b) => a.name.localeCompare(b.name)),
    corrections: lines
      .filter((l) => l.kind === "CORRECTION")
      .map((l) => ({
        itemKey: l.itemKey,
        memberName: nameOf(l.memberId),
        orderName: l.orderName,
        orderId: l.orderId,
        store: l.store,
        kind: l.adjustmentKind ?? "LATE_ORDER",
        reason: l.reason,
        correctsPeriod: l.correctsPeriod!,
        saleUsdCents: l.saleUsdCents,
        payoutCents: l.payoutCents,
        frozenLineId: frozenOf.get(`c:${l.conversionId}`) ?? null,
      })),
    totals: totals.reduce(
      (t, m) => ({
        conversions: t.conversions + m.conversions,
        salesUsdCents: t.salesUsdCents + m.salesUsdCents,
        payoutCents: t.payoutCents + m.payoutCents,
        adjustmentsCents: t.adjustmentsCents + m.adjustmentsCents,
      }),
      { conversions: 0, salesUsdCents: 0, payoutCents: 0, adjustmentsCents: 0 },
    ),
  };
}

const pick = (i: { orderId: string; orderName: string; store: string; adjustmentKind: string | null; reason: string | null }) => ({
  orderId: i.orderId,
  orderName: i.orderName,
  store: i.store,
  adjustmentKind: i.adjustmentKind,
  reason: i.reason,
});

/** The months with payouts, from the first conversion's to this one (or the open one after the last closed), newest first, with their status and payout. */
export async function listStatements(db: PrismaClient, shop: string, today = new Date()) {
  const first = await db.conversion.findFirst({ where: { shop, ...notTest }, orderBy: { occurredAt: "asc" }, select: { occurredAt: true } });
  const lastClosed = (await db.payoutPeriod.findFirst({ where: { shop }, orderBy: { period: "desc" }, select: { period: true } }))?.period;
  // This month, or the month after the last closed one when that is later (where corrections go).
  const current = periodOf(today);
  const last = lastClosed && nextPeriod(lastClosed) > current ? nextPeriod(lastClosed) : current;
  const periods = periodsBetween(first ? periodOf(first.occurredAt) : current, last).reverse();
  const out = [];
  for (const period of periods) {
    const s = (await getStatement(db, shop, period, today))!;
    out.push({
      period,
      status: s.status,
      conversions: s.totals.conversions,
      salesUsdCents: s.totals.salesUsdCents,
      payoutCents: s.totals.payoutCents,
      corrections: s.corrections.length,
      paidReference: s.paidReference,
    });
  }
  return out;
}

export type PayoutResult = { ok: true } | { ok: false; message: string };

/** Closes a month: its statement's lines are frozen as they are now (issue 14); audited. */
export async function closePeriod(db: PrismaClient, input: { shop: string; actor: string; period: string; today?: Date }): Promise<PayoutResult> {
  const today = input.today ?? new Date();
  const view = await getStatement(db, input.shop, input.period, today);
  if (!view) return { ok: false, message: "Not a month" };
  if (!view.canClose) return { ok: false, message: view.closeRefusal ?? `${input.period} is already closed` };
  const periods = await closedPeriods(db, input.shop);
  const lastClosed = periods.at(-1)?.period ?? null;
  try {
    await db.$transaction(async (tx) => {
      const items = await statementItems(tx, input.shop, input.period, periods.at(-1) ?? null);
      const lines = openStatementLines(
        input.period,
        items,
        lastClosed,
        await frozenAmong(
          tx,
          input.shop,
          items.map((i) => i.itemKey),
        ),
      );
      const row = await tx.payoutPeriod.create({ data: { shop: input.shop, period: input.period, status: "CLOSED" satisfies PeriodStatus, closedBy: input.actor } });
      for (let i = 0; i < lines.length; i += 200)
        await tx.payoutLine.createMany({
          data: lines.slice(i, i + 200).map((l) => ({
            periodId: row.id,
            shop: input.shop,
            itemKey: l.itemKey,
            conversionId: l.conversionId,
            adjustmentId: l.adjustmentId,
            memberId: l.memberId,
            offerId: l.offerId,
            kind: l.kind,
            correctsPeriod: l.correctsPeriod,
            saleUsdCents: l.saleUsdCents,
            payoutCents: l.payoutCents,
          })),
        });
      const payout = lines.reduce((n, l) => n + l.payoutCents, 0);
      await recordAudit(tx, {
        shop: input.shop,
        actor: input.actor,
        action: "payouts.close",
        subject: `payout-period:${input.period}`,
        details: { lines: lines.length, payoutCents: payout, corrections: lines.filter((l) => l.kind === "CORRECTION").length },
      });
    });
  } catch (error) {
    // Closed at the same time by someone else (unique shop+period, or an item frozen twice).
    if ((error as { code?: string }).code === "P2002") return { ok: false, message: `${input.period} was just closed` };
    throw error;
  }
  return { ok: true };
}

/** Records that a closed month was paid, with the payment's reference; audited. */
export async function markPeriodPaid(db: PrismaClient, input: { shop: string; actor: string; period: string; reference: string }): Promise<PayoutResult> {
  const reference = input.reference.trim();
  if (!reference) return { ok: false, message: "Enter the payment's reference" };
  if (reference.length > 200) return { ok: false, message: "The reference is at most 200 characters" };
  return db.$transaction(async (tx) => {
    const updated = await tx.payoutPeriod.updateMany({
      where: { shop: input.shop, period: input.period, status: "CLOSED" satisfies PeriodStatus },
      data: { status: "PAID" satisfies PeriodStatus, paidAt: new Date(), paidBy: input.actor, paidReference: reference },
    });
    if (!updated.count) return { ok: false as const, message: "Only a closed, unpaid month can be marked as paid" };
    await recordAudit(tx, { shop: input.shop, actor: input.actor, action: "payouts.paid", subject: `payout-period:${input.period}`, details: { reference } });
    return { ok: true as const };
  });
}

/**
 * A month's statement as CSV for a bulk payment tool: one row per member (name, email, amount
 * USD, currency), cells neutralised against formula injection; audited. Group-code conversions
 * have no member to pay and are left out.
 */
export async function exportStatementCsv(db: PrismaClient, input: { shop: string; actor: string; period: string }): Promise<{ filename: string; csv: string } | null> {
  const view = await getStatement(db, input.shop, input.period);
  if (!view) return null;
  const rows = view.members.filter((m) => m.memberId).map((m) => [m.name, m.email, csvAmount(m.payoutCents), "USD"].map(neutraliseCell));
  const csv = stringify([["name", "email", "amount_usd", "currency"], ...rows]);
  await recordAudit(db, {
    shop: input.shop,
    actor: input.actor,
    action: "payouts.export",
    subject: `payout-period:${input.period}`,
    details: { rows: rows.length, status: view.status },
  });
  return { filename: `payouts-${input.period}.csv`, csv };
}
