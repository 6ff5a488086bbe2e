import { describe, expect, it } from "vitest";
import { newOfferValues, parseMoneyToCents, parseOfferForm } from "./offer-input";

const valid = () => ({
  ...newOfferValues(new Date("2026-12-01T00:00:00Z")),
  name: "Winter creators",
  groupName: "Creator codes — winter",
  payoutFlatCents: "10",
  discountPercent: "20",
});

describe("offer validation (R14, R35)", () => {
  it("R14: a complete offer parses into typed values", () => {
    const result = parseOfferForm({ ...valid(), payoutType: "BOTH", payoutPercent: "5", usageLimit: "3", oncePerCustomer: "true", endsAt: "2027-01-31" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ payoutFlatCents: 1000, payoutPercent: 5, discountPercent: 20, usageLimit: 3, oncePerCustomer: true, datesMode: "UNIFIED" });
    expect(result.value.startsAt.toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });

  it("R35: every invalid field gets its own message, all at once", () => {
    const result = parseOfferForm({
      ...valid(),
      name: "",
      groupName: "",
      payoutFlatCents: "ten",
      discountPercent: "120",
      usageLimit: "0",
      endsAt: "2026-11-01",
      namingPattern: "{NICKNAME}",
      namingPrefix: "bad prefix!",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["discountPercent", "endsAt", "groupName", "name", "namingPattern", "namingPrefix", "payoutFlatCents", "usageLimit"].sort());
    expect(result.errors.endsAt).toBe("The end date must be after the start date.");
    expect(result.errors.discountPercent).toMatch(/at most 100/);
  });

  it("R14: payout options require their amounts", () => {
    const percent = parseOfferForm({ ...valid(), payoutType: "PERCENT", payoutPercent: "" });
    expect(percent.ok || percent.errors.payoutPercent).toMatch(/percentage of the sale/);
    const both = parseOfferForm({ ...valid(), payoutType: "BOTH", payoutFlatCents: "", payoutPercent: "" });
    expect(both.ok ? [] : Object.keys(both.errors).sort()).toEqual(["payoutFlatCents", "payoutPercent"]);
  });

  it("R14: fixed amounts, minimums and restrictions are validated", () => {
    const r = parseOfferForm({ ...valid(), discountType: "FIXED_AMOUNT", discountAmountCents: "-5", minimumType: "QUANTITY", minimumQuantity: "1.5", appliesTo: "PRODUCTS", productIds: "" });
    expect(r.ok ? [] : Object.keys(r.errors).sort()).toEqual(["discountAmountCents", "minimumQuantity", "productIds"]);
    const ok = parseOfferForm({ ...valid(), appliesTo: "PRODUCTS", productIds: "gid://shopify/Product/1, gid://shopify/Product/2" });
    expect(ok.ok && ok.value.productIds).toEqual(["gid://shopify/Product/1", "gid://shopify/Product/2"]);
    const bad = parseOfferForm({ ...valid(), appliesTo: "COLLECTIONS", collectionIds: "summer" });
    expect(bad.ok || bad.errors.collectionIds).toMatch(/not a Shopify product or collection id/);
  });

  it("R19: a group-code offer needs a valid shared code and always has unified dates", () => {
    const missing = parseOfferForm({ ...valid(), kind: "GROUP_CODE", groupCode: "" });
    expect(missing.ok || missing.errors.groupCode).toMatch(/SUMMER-SALE/);
    const spaced = parseOfferForm({ ...valid(), kind: "GROUP_CODE", groupCode: "SUMMER SALE" });
    expect(spaced.ok || spaced.errors.groupCode).toMatch(/spaces/);
    const ok = parseOfferForm({ ...valid(), kind: "GROUP_CODE", groupCode: "summer-sale", datesMode: "PER_CODE" });
    expect(ok.ok && [ok.value.groupCode, ok.value.datesMode]).toEqual(["SUMMER-SALE", "UNIFIED"]);
  });

  it("money is read as a merchant types it", () => {
    expect(parseMoneyToCents("12")).toBe(1200);
    expect(parseMoneyToCents("$1,250.5")).toBe(125050);
    expect(parseMoneyToCents("12.345")).toBeNull();
    expect(parseMoneyToCents("abc")).toBeNull();
  });
});
