import { describe, expect, it } from "vitest";
import { usageLimitEnforcer } from "./usage-limit";

describe("R15: who enforces a usage limit", () => {
  it("per order: Shopify, per code at checkout; per item: the app; none: nobody", () => {
    expect(usageLimitEnforcer({ usageLimit: 3, usageUnit: "PER_ORDER" })).toBe("SHOPIFY");
    expect(usageLimitEnforcer({ usageLimit: 3, usageUnit: "PER_ITEM" })).toBe("APP");
    expect(usageLimitEnforcer({ usageLimit: null, usageUnit: "PER_ITEM" })).toBeNull();
  });
});
