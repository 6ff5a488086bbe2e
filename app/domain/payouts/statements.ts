// Payout statements (R12, R40; issue 14, docs/decisions/070). A statement is one month of a
// primary store's payouts, per member. Its items are the conversions of orders placed that month
// (as first counted) and their adjustments (refunds, cancellations, edits, revaluations,
// exclusions), test orders left out.
// - Closing a month freezes the items its statement shows: they are copied as they are, and a
//   closed statement is read from that copy, never recomputed.
// - Months close in order: the first month with items first (earlier empty months need no
//   closing), then each following month, empty or not.
// - An item of a closed month that was not frozen (a refund, an exclusion or a late order that
//   came after the close) is a correction: it shows in the first open month's statement, naming
//   the month (and the conversion) it corrects. Nothing in a closed statement changes.

export type PeriodStatus = "OPEN" | "CLOSED" | "PAID";
export type LineKind = "CONVERSION" | "ADJUSTMENT" | "CORRECTION";

export interface StatementItem {
  itemKey: string; // c:<conversion id> or a:<adjustment id>
  conversionId: string;
  adjustmentId: string | null;
  memberId: string | null;
  offerId: string;
  /** The month the item belongs to: its conversion's order month. */
  home: string;
  saleUsdCents: number;
  payoutCents: number;
}

export interface StatementLine extends StatementItem {
  kind: LineKind;
  correctsPeriod: string | null;
}

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const isPeriod = (s: string) => PERIOD.test(s);
export const periodOf = (d: Date) => d.toISOString().slice(0, 7);

export function nextPeriod(p: string): string {
  const [y, m] = p.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

/** The month's first and last day (YYYY-MM-DD), for dashboards' ranges. */
export function periodRange(p: string): { from: string; to: string } {
  const next = new Date(`${nextPeriod(p)}-01T00:00:00Z`);
  return { from: `${p}-01`, to: new Date(next.getTime() - 86400_000).toISOString().slice(0, 10) };
}

/** Months from `first` to `last`, inclusive. */
export function periodsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let p = first; p <= last && out.length < 1200; p = nextPeriod(p)) out.push(p);
  return out;
}

/**
 * The lines of an open month's statement: its own items not yet frozen, and, in the first open
 * month after the last closed one, every unfrozen item of a closed month as a correction.
 */
export function openStatementLines(period: string, items: StatementItem[], lastClosed: string | null, frozen: Set<string>): StatementLine[] {
  const correctionsHere = lastClosed !== null && period === nextPeriod(lastClosed);
  const lines: StatementLine[] = [];
  for (const item of items) {
    if (frozen.has(item.itemKey)) continue;
    if (item.home === period && (lastClosed === null || item.home > lastClosed))
      lines.push({ ...item, kind: item.adjustmentId ? "ADJUSTMENT" : "CONVERSION", correctsPeriod: null });
    else if (correctionsHere && item.home <= lastClosed!) lines.push({ ...item, kind: "CORRECTION", correctsPeriod: item.home });
  }
  return lines;
}

/** Why a month cannot be closed now, or null. */
export function closeRefusal(period: string, currentPeriod: string, lastClosed: string | null, openItemHomes: string[]): string | null {
  if (!isPeriod(period)) return "Not a month";
  if (period > currentPeriod) return "A month that has not started cannot be closed";
  if (lastClosed !== null && period <= lastClosed) return `${period} is already closed`;
  // After a close, the next month is where corrections go: it closes next, even when it is empty.
  if (lastClosed !== null && period !== nextPeriod(lastClosed)) return `Close ${nextPeriod(lastClosed)} first: months close in order`;
  const earlier = openItemHomes.filter((h) => h < period && (lastClosed === null || h > lastClosed)).sort()[0];
  if (earlier) return `Close ${earlier} first: months close in order`;
  return null;
}

export interface MemberTotals {
  memberId: string | null;
  conversions: number;
  salesUsdCents: number;
  payoutCents: number;
  /** Payout changes from adjustments and corrections (part of payoutCents). */
  adjustmentsCents: number;
  corrections: number;
}

/** Per member: conversions counted, sales and payout (USD), of which adjustments. */
export function totalsByMember(lines: Pick<StatementLine, "memberId" | "kind" | "adjustmentId" | "saleUsdCents" | "payoutCents">[]): MemberTotals[] {
  const by = new Map<string, MemberTotals>();
  for (const l of lines) {
    const key = l.memberId ?? "";
    const t = by.get(key) ?? by.set(key, { memberId: l.memberId, conversions: 0, salesUsdCents: 0, payoutCents: 0, adjustmentsCents: 0, corrections: 0 }).get(key)!;
    if (!l.adjustmentId && l.kind !== "CORRECTION") t.conversions++;
    t.salesUsdCents += l.saleUsdCents;
    t.payoutCents += l.payoutCents;
    if (l.adjustmentId || l.kind === "CORRECTION") t.adjustmentsCents += l.payoutCents;
    if (l.kind === "CORRECTION") t.corrections++;
  }
  return [...by.values()];
}

/**
 * A CSV cell a spreadsheet will not run: text starting with = + - @, a tab or a carriage return
 * is prefixed with a single quote (OWASP, "CSV injection").
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** USD cents as the plain decimal a bulk payment tool reads ("1234.50"). */
export const csvAmount = (cents: number) => (cents / 100).toFixed(2);
