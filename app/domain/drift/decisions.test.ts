import { describe, expect, it } from "vitest";
import { adoptAllowed } from "./decisions";

const single = { syncEnabled: false, discountType: "PERCENTAGE" };
const synced = { syncEnabled: true, discountType: "PERCENTAGE" };

describe("which drift can be adopted (R37 with R3, R13)", () => {
  it("R3: a synced offer cannot adopt a fixed amount or products chosen in Shopify", () => {
    expect(
      adoptAllowed(synced, {
        kind: "VALUE_CHANGED",
        after: { type: "FIXED_AMOUNT", amountCents: 500 },
        memberCode: true,
      }),
    ).toMatch(/R3/);
    expect(
      adoptAllowed(synced, {
        kind: "VALUE_CHANGED",
        after: { type: "PERCENTAGE", percent: 30 },
        memberCode: true,
      }),
    ).toBe(true);
    expect(
      adoptAllowed(single, {
        kind: "VALUE_CHANGED",
        after: { type: "FIXED_AMOUNT", amountCents: 500 },
        memberCode: true,
      }),
    ).toBe(true);
    expect(
      adoptAllowed(single, {
        kind: "CONDITIONS_CHANGED",
        after: { allItems: false },
        memberCode: true,
      }),
    ).toMatch(/products or collections/);
    expect(
      adoptAllowed(single, {
        kind: "CONDITIONS_CHANGED",
        after: { oncePerCustomer: true },
        memberCode: true,
      }),
    ).toBe(true);
  });

  it("R13/R20: a synced code keeps one name everywhere, so a rename is adopted only in a one-store offer", () => {
    expect(
      adoptAllowed(synced, {
        kind: "CODE_RENAMED",
        after: { code: "X" },
        memberCode: true,
      }),
    ).toMatch(/refresh/);
    expect(
      adoptAllowed(single, {
        kind: "CODE_RENAMED",
        after: { code: "X" },
        memberCode: true,
      }),
    ).toBe(true);
    expect(
      adoptAllowed(single, {
        kind: "CODE_REMOVED",
        after: {},
        memberCode: false,
      }),
    ).toMatch(/member's code/);
    expect(
      adoptAllowed(synced, {
        kind: "DISCOUNT_DELETED",
        after: {},
        memberCode: true,
      }),
    ).toBe(true);
  });
});
