import { describe, expect, it } from "vitest";
import { perCodeDiscountTitle, unifiedDiscountTitle } from "./discount-title";

describe("R5: discount titles", () => {
  it("a unified discount is titled by the offer's discount group name; a per-code one adds its code", () => {
    expect(unifiedDiscountTitle({ groupName: "Spring creators" })).toBe("Spring creators");
    expect(perCodeDiscountTitle({ groupName: "Spring creators" }, "BEN20")).toBe("Spring creators · BEN20");
  });
});
