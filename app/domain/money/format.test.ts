import { describe, expect, it } from "vitest";
import { formatAmount, formatUsd } from "./format";

describe("R12/R30: money formatting", () => {
  it("USD with thousands separators and cents; compact drops .00 only", () => {
    expect(formatUsd(123450)).toBe("$1,234.50");
    expect(formatUsd(800, { compact: true })).toBe("$8");
    expect(formatUsd(850, { compact: true })).toBe("$8.50");
    expect(formatUsd(-1999)).toBe("-$19.99");
  });
  it("an amount in a currency keeps two decimals", () => {
    expect(formatAmount(1250, "CAD")).toBe("12.50 CAD");
    expect(formatAmount(5)).toBe("0.05");
  });
});
