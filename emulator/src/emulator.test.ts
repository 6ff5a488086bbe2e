import { describe, expect, it } from "vitest";
import { activate, codeIndex, createBasic, deactivate, runBulkCreation, startBulkAdd, statusOf, TopLevelError } from "./discounts";
import { seedState } from "./state";
import { signBody } from "./webhooks";
import { createHmac } from "node:crypto";

const basic = (code: string, extra = {}) => ({
  title: code,
  code,
  startsAt: "2026-01-01T00:00:00.123Z",
  customerGets: { value: { percentage: 0.2 }, items: { all: true } },
  ...extra,
});

describe("emulator: discount semantics (FACTS §1)", () => {
  it("codes are unique per shop, case-insensitively, and lookups ignore case", () => {
    const state = seedState();
    const shop = state.shops["us-store.myshopify.com"]!;
    expect(createBasic(state, shop, basic("Hello")).userErrors).toEqual([]);
    expect(createBasic(state, shop, basic("HELLO")).userErrors[0]).toMatchObject({ code: "TAKEN" });
    expect(codeIndex(shop).get("hello")).toBeDefined();
    // Another shop is another namespace.
    expect(createBasic(state, state.shops["ca-store.myshopify.com"]!, basic("HELLO")).userErrors).toEqual([]);
  });

  it("validation answers with Shopify's fields, messages and codes", () => {
    const state = seedState();
    const shop = state.shops["us-store.myshopify.com"]!;
    const { userErrors } = createBasic(state, shop, {
      ...basic("X"),
      title: "",
      startsAt: null,
      usageLimit: 0,
      customerGets: { value: { percentage: 1.5 }, items: { all: true } },
    });
    expect(userErrors).toEqual(
      expect.arrayContaining([
        { field: ["basicCodeDiscount", "title"], message: "Title can't be blank", code: "BLANK" },
        { field: ["basicCodeDiscount", "startsAt"], message: "Starts at can't be blank", code: "BLANK" },
        { field: ["basicCodeDiscount", "usageLimit"], message: "Usage limit must be greater than 0", code: "GREATER_THAN" },
        { field: ["basicCodeDiscount", "customerGets", "value", "percentage"], message: "Value must be between 0.0 and 1.0", code: "VALUE_OUTSIDE_RANGE" },
      ]),
    );
    expect(() => createBasic(state, shop, { ...basic("Y"), customerGets: { value: { percentage: 0.1, discountAmount: { amount: "5" } } } })).toThrow(TopLevelError);
  });

  it("timestamps are truncated to whole seconds; deactivate sets endsAt and EXPIRED; activate clears it", () => {
    const state = seedState();
    const shop = state.shops["us-store.myshopify.com"]!;
    const { discount } = createBasic(state, shop, basic("LIFE"));
    expect(discount!.startsAt).toBe("2026-01-01T00:00:00Z");
    expect(statusOf(discount!)).toBe("ACTIVE");
    deactivate(shop, discount!.id);
    expect(discount!.endsAt).not.toBeNull();
    expect(statusOf(discount!, Date.now() + 1000)).toBe("EXPIRED");
    activate(shop, discount!.id);
    expect(discount!.endsAt).toBeNull();
    expect(statusOf(discount!)).toBe("ACTIVE");
  });

  it("bulk add is asynchronous and reports per-code errors only once done", () => {
    const state = seedState();
    const shop = state.shops["us-store.myshopify.com"]!;
    const { discount } = createBasic(state, shop, basic("GROUP-1"));
    createBasic(state, shop, basic("TAKEN-ELSEWHERE"));
    const { creation } = startBulkAdd(state, shop, discount!.id, [{ code: "A1" }, { code: "a1" }, { code: "taken-elsewhere" }, { code: "" }, { code: "B2" }]);
    expect(creation!.done).toBe(false);
    expect(discount!.codes).toHaveLength(1);
    runBulkCreation(state, shop, creation!);
    expect(creation!.done).toBe(true);
    expect(discount!.codes.map((c) => c.code)).toEqual(["GROUP-1", "A1", "B2"]);
    expect(creation!.codes.map((c) => c.errors[0]?.message ?? "ok")).toEqual([
      "ok",
      "Codes must be unique within BulkDiscountCodeCreation",
      "must be unique. Please try a different code.",
      "is too short (minimum is 1 character)",
      "ok",
    ]);
    expect(() =>
      startBulkAdd(
        state,
        shop,
        discount!.id,
        Array.from({ length: 251 }, (_, i) => ({ code: `Z${i}` })),
      ),
    ).toThrow(/greater than the maximum allowed of 250/);
  });
});

describe("emulator: webhook signatures", () => {
  it("are base64 HMAC-SHA256 of the raw body with the app secret", () => {
    const body = JSON.stringify({ id: 1 });
    expect(signBody(body, "secret")).toBe(createHmac("sha256", "secret").update(body).digest("base64"));
  });
});
