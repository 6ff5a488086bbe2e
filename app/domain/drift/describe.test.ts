import { describe, expect, it } from "vitest";
import { describeSide } from "./describe";

describe("drift in words (R37)", () => {
  it("R37: each side of a finding reads as the merchant knows it", () => {
    expect(
      describeSide("VALUE_CHANGED", "before", {
        type: "PERCENTAGE",
        percent: 20,
      }),
    ).toBe("20% off");
    expect(
      describeSide("VALUE_CHANGED", "after", {
        type: "FIXED_AMOUNT",
        amountCents: 1500,
      }),
    ).toBe("15.00 off");
    expect(
      describeSide("DATES_CHANGED", "after", {
        startsAt: "2026-11-01T00:00:00.000Z",
        endsAt: null,
      }),
    ).toBe("2026-11-01 00:00 → no end date");
    expect(
      describeSide("CONDITIONS_CHANGED", "after", {
        minimumSubtotalCents: 7500,
        oncePerCustomer: true,
      }),
    ).toBe("minimum subtotal 75.00; once per customer: yes");
    expect(describeSide("DISCOUNT_DELETED", "before", { codes: 2 })).toBe("Discount with 2 codes");
    expect(describeSide("CODE_RENAMED", "after", { code: "ANNA-VIP" })).toBe("ANNA-VIP");
  });
});
