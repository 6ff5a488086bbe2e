import { describe, expect, it } from "vitest";
import { aggregatePerformance } from "./performance";

const c = (id: string, day: string, store: string, offerId: string, sale: number, payout: number) => ({ id, offerId, store, occurredAt: new Date(`${day}T15:00:00Z`), saleUsdCents: sale, payoutCents: payout });

describe("portal performance (R28, R30, R40 as the member sees them)", () => {
  it("R28/R40: refunds reduce sales and payouts, a cancelled order is no conversion; totals, days, stores and offers agree", () => {
    const conversions = [c("a", "2026-11-01", "us", "o1", 10_000, 500), c("b", "2026-11-01", "ca", "o1", 5_000, 500), c("d", "2026-11-03", "us", "o2", 2_000, 100), c("e", "2026-10-01", "us", "o2", 9_999, 999)];
    const adjustments = [
      { conversionId: "b", kind: "REFUND", saleUsdCents: -1_000, payoutCents: -100 },
      { conversionId: "d", kind: "CANCEL", saleUsdCents: -2_000, payoutCents: -100 },
    ];
    const p = aggregatePerformance(conversions, adjustments, { from: "2026-10-31", to: "2026-11-03" });
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
