// A member's performance as the portal shows it (R30, R31): conversions, sales (USD) and payouts,
// in total, by day, by store and by offer. The dashboards' rule (R28, R40): sales and payouts are
// net of every refund and cancellation adjustment, and a cancelled order is not a conversion.
// The database sums conversions by (offer, store); each conversion's day and amounts come as
// three numbers for the chart; the few adjustments carry their conversion's offer, store and day.
import type { DayFigures } from "./chart";

export interface OfferStoreSums {
  offerId: string;
  store: string;
  conversions: number;
  saleUsdCents: number;
  payoutCents: number;
}

export interface ConversionPoint {
  occurredAt: Date;
  saleUsdCents: number;
  payoutCents: number;
}

export interface AdjustmentFigures {
  conversionId: string;
  kind: string; // REFUND | CANCEL
  saleUsdCents: number;
  payoutCents: number;
  conversion: { offerId: string; store: string; occurredAt: Date };
}

export interface Totals {
  conversions: number;
  salesUsdCents: number;
  payoutCents: number;
}

const zero = (): Totals => ({ conversions: 0, salesUsdCents: 0, payoutCents: 0 });
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The figures of conversions that happened in [from, to] (UTC days, inclusive): `sums` and `points`
 * must already be limited to that range; adjustments of conversions outside it are ignored.
 */
export function aggregatePerformance(sums: OfferStoreSums[], points: ConversionPoint[], adjustments: AdjustmentFigures[], range: { from: string; to: string }) {
  const totals = zero();
  const byDay = new Map<string, Totals>();
  for (let t = Date.parse(`${range.from}T00:00:00Z`), end = Date.parse(`${range.to}T00:00:00Z`); t <= end; t += 86_400_000)
    byDay.set(new Date(t).toISOString().slice(0, 10), zero());
  const byStore = new Map<string, Totals>();
  const byOffer = new Map<string, Totals>();
  const get = (m: Map<string, Totals>, k: string) => m.get(k) ?? m.set(k, zero()).get(k)!;
  const add = (targets: Totals[], conversions: number, sales: number, payout: number) => {
    for (const t of targets) {
      t.conversions += conversions;
      t.salesUsdCents += sales;
      t.payoutCents += payout;
    }
  };
  for (const s of sums) add([totals, get(byStore, s.store), get(byOffer, s.offerId)], s.conversions, s.saleUsdCents, s.payoutCents);
  for (const p of points) {
    const day = byDay.get(dayOf(p.occurredAt));
    if (day) add([day], 1, p.saleUsdCents, p.payoutCents);
  }
  const cancelled = new Set<string>();
  for (const a of adjustments) {
    const day = byDay.get(dayOf(a.conversion.occurredAt));
    if (!day) continue; // its conversion is outside the range
    const uncount = a.kind === "CANCEL" && !cancelled.has(a.conversionId) ? 1 : 0;
    if (uncount) cancelled.add(a.conversionId);
    add([totals, day, get(byStore, a.conversion.store), get(byOffer, a.conversion.offerId)], -uncount, a.saleUsdCents, a.payoutCents);
  }
  return {
    totals,
    byDay: [...byDay].map(([day, t]): DayFigures => ({ day, ...t })),
    byStore: [...byStore].map(([store, t]) => ({ store, ...t })).sort((a, b) => b.salesUsdCents - a.salesUsdCents),
    byOffer,
  };
}
