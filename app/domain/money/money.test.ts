import { describe, expect, it } from "vitest";
import { moneyToCents, payoutCents, toUsdCents } from "./money";

describe("USD equivalents (R12, R29)", () => {
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
