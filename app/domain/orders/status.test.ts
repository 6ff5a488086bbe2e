import { describe, expect, it } from "vitest";
import { excluded, saleBasis, shareTaken } from "./adjustments";
import { conversionStatusOf } from "./status";

const counted = { saleCents: 10000, saleUsdCents: 10000, payoutCents: 1200 };
// A manual attribution (R41): the row at zero, the ATTRIBUTE adjustment carries what counts.
const zero = { saleCents: 0, saleUsdCents: 0, payoutCents: 0 };
const attribute = { kind: "ATTRIBUTE", ...counted };

describe("a conversion's status and a manual attribution's amounts (R41, R40, R28)", () => {
  it("R41: statuses: counted, partly refunded, refunded, cancelled, excluded (the merchant's word first)", () => {
    expect(conversionStatusOf(counted, [])).toBe("COUNTED");
    const half = { kind: "REFUND", ...shareTaken(counted, [], 0.5) };
    expect(conversionStatusOf(counted, [half])).toBe("PARTLY_REFUNDED");
    expect(conversionStatusOf(counted, [{ kind: "REFUND", ...shareTaken(counted, [], 1) }])).toBe("REFUNDED");
    expect(conversionStatusOf(counted, [{ kind: "CANCEL", saleCents: -10000, saleUsdCents: -10000, payoutCents: -1200 }])).toBe("CANCELLED");
    expect(conversionStatusOf(counted, [half, { kind: "EXCLUDE", ...excluded(counted, [half]) }])).toBe("EXCLUDED");
  });

  it("R41/R28: a refund of an attributed order takes its share of the attributed sale; a full refund reads REFUNDED", () => {
    expect(saleBasis(zero, [attribute])).toBe(10000);
    expect(shareTaken(zero, [attribute], 0.25)).toEqual({ saleCents: -2500, saleUsdCents: -2500, payoutCents: -300 });
    expect(conversionStatusOf(zero, [attribute])).toBe("COUNTED");
    expect(conversionStatusOf(zero, [attribute, { kind: "REFUND", ...shareTaken(zero, [attribute], 1) }])).toBe("REFUNDED");
    expect(excluded(zero, [attribute])).toEqual({ saleCents: 0, saleUsdCents: 0, payoutCents: -1200 });
  });
});
