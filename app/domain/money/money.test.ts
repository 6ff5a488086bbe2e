import { describe, expect, it } from "vitest";
import { moneyToCents, payoutCents, rateFor, toUsdCents } from "./money";

const rates = [
  { currency: "CAD", day: "2026-11-20", unitsPerUsd: 1.4 },
  { currency: "CAD", day: "2026-11-23", unitsPerUsd: 1.38 },
  { currency: "GBP", day: "2026-11-20", unitsPerUsd: 0.8 },
];

describe("USD equivalents (R12, R29)", () => {
  it("R29: uses the order day's rate, else the latest before it", () => {
    expect(rateFor(rates, "CAD", "2026-11-23")!.unitsPerUsd).toBe(1.38);
    expect(rateFor(rates, "CAD", "2026-11-22")!.unitsPerUsd).toBe(1.4); // a weekend
    expect(rateFor(rates, "CAD", "2026-11-19")).toBeNull();
    expect(rateFor(rates, "USD", "2001-01-01")!.unitsPerUsd).toBe(1);
  });
  it("R12: converts shop-currency cents to USD cents", () => {
    expect(toUsdCents(13800, { unitsPerUsd: 1.38 })).toBe(10000);
    expect(toUsdCents(8000, { unitsPerUsd: 0.8 })).toBe(10000);
    expect(moneyToCents("404.95")).toBe(40495);
  });
  it("R12: payouts are offer-level: flat, percent of the USD sale, or both", () => {
    expect(payoutCents({ payoutType: "FLAT", payoutFlatCents: 1000, payoutPercent: null }, 12345)).toBe(1000);
    expect(payoutCents({ payoutType: "PERCENT", payoutFlatCents: null, payoutPercent: 10 }, 12345)).toBe(1235);
    expect(payoutCents({ payoutType: "BOTH", payoutFlatCents: 500, payoutPercent: 5 }, 10000)).toBe(1000);
  });
});
