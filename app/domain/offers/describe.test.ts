import { describe, expect, it } from "vitest";
import { describeDiscount, describePayout, offerStatus } from "./describe";

describe("R14: how an offer reads", () => {
  const now = new Date("2026-11-27T12:00:00Z");
  it("status from its dates and archive", () => {
    expect(offerStatus({ startsAt: new Date("2026-11-01"), endsAt: null, archivedAt: null }, now)).toBe("Active");
    expect(offerStatus({ startsAt: new Date("2026-12-01"), endsAt: null, archivedAt: null }, now)).toBe("Scheduled");
    expect(offerStatus({ startsAt: new Date("2026-10-01"), endsAt: new Date("2026-11-27T12:00:00Z"), archivedAt: null }, now)).toBe("Ended");
    expect(offerStatus({ startsAt: new Date("2026-10-01"), endsAt: null, archivedAt: now }, now)).toBe("Archived");
  });
  it("discount and payout", () => {
    expect(describeDiscount({ discountType: "PERCENTAGE", discountPercent: 12.5, discountAmountCents: null })).toBe("12.5% off");
    expect(describeDiscount({ discountType: "FIXED_AMOUNT", discountPercent: null, discountAmountCents: 1500 }, "CAD")).toBe("15.00 CAD off");
    expect(describePayout({ payoutType: "BOTH", payoutFlatCents: 800, payoutPercent: 5 })).toBe("$8 per conversion + 5% of sale");
    expect(describePayout({ payoutType: "FLAT", payoutFlatCents: 1250, payoutPercent: null })).toBe("$12.50 per conversion");
  });
});
