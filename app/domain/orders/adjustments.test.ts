import { describe, expect, it } from "vitest";
import { allLeft, editedByCents, shareTaken } from "./adjustments";
import { rateStatusOf, isBetterRate } from "~/domain/money/money";

const c = { saleCents: 10000, saleUsdCents: 7000, payoutCents: 1350 };

describe("adjustments of a conversion (R28, R40, issue 14)", () => {
  it("R40: partial refunds take their share; a full refund after a revaluation ends at zero", () => {
    const half = shareTaken(c, [], 0.5);
    expect(half).toEqual({ saleCents: -5000, saleUsdCents: -3500, payoutCents: -675 });
    const revalued = { kind: "REVALUE", saleCents: 0, saleUsdCents: 500, payoutCents: 25 };
    const rest = shareTaken(c, [{ kind: "REFUND", ...half }, revalued], 0.5);
    expect(rest).toEqual({ saleCents: -5000, saleUsdCents: -4000, payoutCents: -700 });
    expect(allLeft(c, [{ kind: "REFUND", ...half }])).toEqual({ saleCents: -5000, saleUsdCents: -3500, payoutCents: -675 });
  });

  it("R28: an edit is the subtotal's move other than by refunds", () => {
    const refund = { refund_line_items: [{ subtotal: "20.00" }], order_adjustments: [], transactions: [], refund_shipping_lines: [] };
    expect(editedByCents({ saleCents: 10000, currentSaleCents: 8000, refunds: [refund] }, "USD")).toBe(0);
    expect(editedByCents({ saleCents: 10000, currentSaleCents: 7000, refunds: [refund] }, "USD")).toBe(-1000);
    expect(editedByCents({ saleCents: 10000, currentSaleCents: null, refunds: [] }, "USD")).toBeNull();
  });

  it("R40: a rate more than 7 days before the order is provisional; before the oldest rate, flagged; a closer rate is better", () => {
    expect(rateStatusOf("2026-11-27", "2026-11-20")).toBe("CURRENT");
    expect(rateStatusOf("2026-11-27", "2026-11-19")).toBe("PROVISIONAL");
    expect(rateStatusOf("2026-11-27", "2026-11-19", 10)).toBe("CURRENT");
    expect(rateStatusOf("2021-12-31", "2024-12-02")).toBe("BEFORE_OLDEST");
    expect(isBetterRate("2026-11-27", "2025-01-03", "2026-11-26")).toBe(true);
    expect(isBetterRate("2021-12-31", "2024-12-02", "2024-12-01")).toBe(true);
    expect(isBetterRate("2026-11-27", "2026-11-26", "2026-11-28")).toBe(false);
  });
});
