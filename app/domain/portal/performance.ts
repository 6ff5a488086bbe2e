// A member's performance as the portal shows it (R30, R31): conversions, sales (USD) and payouts,
// in total, by day, by store and by offer. The dashboards' rule (R28, R40): sales and payouts are
// net of every refund and cancellation adjustment, and a cancelled order is not a conversion.
import type { DayFigures } from "./chart";

export interface ConversionFigures {
  id: string;
  offerId: string;
  store: string;
  occurredAt: Date;
  saleUsdCents: number;
  payoutCents: number;
}

export interface AdjustmentFigures {
  conversionId: string;
  kind: string; // REFUND | CANCEL
  saleUsdCents: number;
  payoutCents: number;
}

export interface Totals {
  conversions: number;
  salesUsdCents: number;
  payoutCents: number;
}

const zero = (): Totals => ({ conversions: 0, salesUsdCents: 0, payoutCents: 0 });

/** Conversions that happened in [from, to] (UTC days, inclusive), netted, with every day of the range present. */
export function aggregatePerformance(conversions: ConversionFigures[], adjustments: AdjustmentFigures[], range: { from: string; to: string }) {
  const byConversion = new Map<string, AdjustmentFigures[]>();
  for (const a of adjustments) (byConversion.get(a.conversionId) ?? byConversion.set(a.conversionId, []).get(a.conversionId)!).push(a);
  const totals = zero();
  const byDay = new Map<string, Totals>();
  for (let t = Date.parse(`${range.from}T00:00:00Z`), end = Date.parse(`${range.to}T00:00:00Z`); t <= end; t += 86_400_000) byDay.set(new Date(t).toISOString().slice(0, 10), zero());
  const byStore = new Map<string, Totals>();
  const byOffer = new Map<string, Totals>();
  const get = (m: Map<string, Totals>, k: string) => m.get(k) ?? m.set(k, zero()).get(k)!;
  for (const c of conversions) {
    const day = c.occurredAt.toISOString().slice(0, 10);
    const inDay = byDay.get(day);
    if (!inDay) continue; // outside the range
    const adj = byConversion.get(c.id) ?? [];
    const counted = adj.some((a) => a.kind === "CANCEL") ? 0 : 1;
    const sales = c.saleUsdCents + adj.reduce((n, a) => n + a.saleUsdCents, 0);
    const payout = c.payoutCents + adj.reduce((n, a) => n + a.payoutCents, 0);
    for (const t of [totals, inDay, get(byStore, c.store), get(byOffer, c.offerId)]) {
      t.conversions += counted;
      t.salesUsdCents += sales;
      t.payoutCents += payout;
    }
  }
  return {
    totals,
    byDay: [...byDay].map(([day, t]): DayFigures => ({ day, ...t })),
    byStore: [...byStore].map(([store, t]) => ({ store, ...t })).sort((a, b) => b.salesUsdCents - a.salesUsdCents),
    byOffer,
  };
}
