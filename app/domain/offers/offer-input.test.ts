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
    const r = parseOfferForm({
      ...valid(),
      discountType: "FIXED_AMOUNT",
      discountAmountCents: "-5",
      minimumType: "QUANTITY",
      minimumQuantity: "1.5",
      appliesTo: "PRODUCTS",
      productIds: "",
    });
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

  it("R35: dates are real calendar dates in 2000–2100, never rolled over or out of range", () => {
    for (const bad of ["2024-02-30", "0000-01-01", "275760-09-13", "garbage", "2026-13-01", "1999-12-31", "2101-01-01", "2026-1-1"]) {
      const r = parseOfferForm({ ...valid(), startsAt: bad });
      expect(r.ok ? "accepted" : r.errors.startsAt, bad).toMatch(/real date between 2000 and 2100/);
      const e = parseOfferForm({ ...valid(), endsAt: bad });
      expect(e.ok ? "accepted" : e.errors.endsAt, bad).toMatch(/real date/);
    }
    const leap = parseOfferForm({ ...valid(), startsAt: "2028-02-29" });
    expect(leap.ok && leap.value.startsAt.toISOString()).toBe("2028-02-29T00:00:00.000Z");
  });

  it("R35: numbers beyond what both databases store are refused, not rounded or dropped", () => {
    const huge = ["99999999999999999999", "9007199254740993", "2147483648", "1e400", "1e3", "-1", "Infinity", "NaN", "0x10"];
    for (const v of huge) {
      const q = parseOfferForm({ ...valid(), minimumType: "QUANTITY", minimumQuantity: v });
      expect(q.ok ? "accepted" : q.errors.minimumQuantity, v).toMatch(/whole number of items/);
      const s = parseOfferForm({ ...valid(), minimumType: "SUBTOTAL", minimumSubtotalCents: v });
      expect(s.ok ? "accepted" : s.errors.minimumSubtotalCents, v).toMatch(/minimum purchase amount/);
      const u = parseOfferForm({ ...valid(), usageLimit: v });
      expect(u.ok ? "accepted" : u.errors.usageLimit, v).toMatch(/whole number of uses/);
    }
    const max = parseOfferForm({ ...valid(), usageLimit: "2147483647", minimumType: "QUANTITY", minimumQuantity: "2,147,483,647" });
    expect(max.ok && [max.value.usageLimit, max.value.minimumQuantity]).toEqual([2147483647, 2147483647]);
  });

  it("R35: names, descriptions and codes with NUL or text-direction overrides are refused", () => {
    const r = parseOfferForm({ ...valid(), name: "Win\u0000ter", description: "Evil \u202Etxt.exe", groupName: "Codes\u2066" });
    expect(r.ok ? [] : Object.keys(r.errors).sort()).toEqual(["description", "groupName", "name"]);
    const g = parseOfferForm({ ...valid(), kind: "GROUP_CODE", groupCode: "SALE\u202E" });
    expect(g.ok || g.errors.groupCode).toMatch(/invisible or control/);
    const fine = parseOfferForm({ ...valid(), name: "Zoë's 🎉 creators", description: "Line one\nLine two" });
    expect(fine.ok).toBe(true);
  });
});
