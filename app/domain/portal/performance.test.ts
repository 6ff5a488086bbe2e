import { describe, expect, it } from "vitest";
import { aggregatePerformance, type AdjustmentFigures, type OfferStoreSums } from "./performance";

interface Row {
  id: string;
  day: string;
  store: string;
  offerId: string;
  sale: number;
  payout: number;
}
const row = (id: string, day: string, store: string, offerId: string, sale: number, payout: number): Row => ({ id, day, store, offerId, sale, payout });
const at = (day: string) => new Date(`${day}T15:00:00Z`);

/** What the database answers for rows already limited to the range: sums by (offer, store) and points. */
function fromRows(rows: Row[]) {
  const sums = new Map<string, OfferStoreSums>();
  for (const r of rows) {
    const k = `${r.offerId} ${r.store}`;
    const s = sums.get(k) ?? sums.set(k, { offerId: r.offerId, store: r.store, conversions: 0, saleUsdCents: 0, payoutCents: 0 }).get(k)!;
    s.conversions++;
    s.saleUsdCents += r.sale;
    s.payoutCents += r.payout;
  }
  return { sums: [...sums.values()], points: rows.map((r) => ({ occurredAt: at(r.day), saleUsdCents: r.sale, payoutCents: r.payout })) };
}

describe("portal performance (R28, R30, R40 as the member sees them)", () => {
  it("R28/R40: refunds reduce sales and payouts, a cancelled order is no conversion; totals, days, stores and offers agree", () => {
    const rows = [row("a", "2026-11-01", "us", "o1", 10_000, 500), row("b", "2026-11-01", "ca", "o1", 5_000, 500), row("d", "2026-11-03", "us", "o2", 2_000, 100)];
    const adj = (id: string, kind: string, sale: number, payout: number): AdjustmentFigures => {
      const r = rows.find((x) => x.id === id) ?? row(id, "2026-10-01", "us", "o2", 0, 0);
      return { conversionId: id, kind, saleUsdCents: sale, payoutCents: payout, conversion: { offerId: r.offerId, store: r.store, occurredAt: at(r.day) } };
    };
    // "e" happened before the range: its refund is not counted.
    const adjustments = [adj("b", "REFUND", -1_000, -100), adj("d", "REFUND", -500, 0), adj("d", "CANCEL", -1_500, -100), adj("e", "REFUND", -999, -99)];
    const { sums, points } = fromRows(rows);
    const p = aggregatePerformance(sums, points, adjustments, { from: "2026-10-31", to: "2026-11-03" });
    expect(p.totals).toEqual({ conversions: 2, salesUsdCents: 14_000, payoutCents: 900 });
    expect(p.byDay.map((d) => d.day)).toEqual(["2026-10-31", "2026-11-01", "2026-11-02", "2026-11-03"]);
    expect(p.byDay[1]).toEqual({ day: "2026-11-01", conversions: 2, salesUsdCents: 14_000, payoutCents: 900 });
    expect(p.byDay[3]).toEqual({ day: "2026-11-03", conversions: 0, salesUsdCents: 0, payoutCents: 0 });
    expect(p.byStore).toEqual([
      { store: "us", conversions: 1, salesUsdCents: 10_000, payoutCents: 500 },
      { store: "ca", conversions: 1, salesUsdCents: 4_000, payoutCents: 400 },
    ]);
    expect(p.byOffer.get("o2")).toEqual({ conversions: 0, salesUsdCents: 0, payoutCents: 0 });
    expect(p.byOffer.get("o1")).toEqual(p.totals);
  });
});
