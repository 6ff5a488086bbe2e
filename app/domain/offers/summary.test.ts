import { describe, expect, it } from "vitest";
import { offerSummary, type SummaryOffer } from "./summary";

const base: SummaryOffer = {
  kind: "MEMBER_CODES",
  groupName: "Spring codes",
  discountType: "PERCENTAGE",
  discountPercent: 15,
  discountAmountCents: null,
  payoutType: "FLAT",
  payoutFlatCents: 500,
  payoutPercent: null,
  namingPattern: "{FIRST_NAME}{DISCOUNT}",
  namingPrefix: "",
  namingSuffix: "",
  minimumType: "NONE",
  minimumSubtotalCents: null,
  minimumQuantity: null,
  oncePerCustomer: false,
  appliesTo: "ALL",
  productIds: "[]",
  collectionIds: "[]",
  usageLimit: null,
  usageUnit: "PER_ORDER",
  combinesWithOrder: false,
  combinesWithProduct: false,
  combinesWithShipping: false,
  syncEnabled: false,
  sameValueAcrossStores: true,
};
const terms = (items: { term: string; description: string }[]) => Object.fromEntries(items.map((i) => [i.term, i.description]));

describe("the offer summary (issue 21: every setting that matters)", () => {
  it("R14/R15: a plain offer reads as its defaults", () => {
    expect(terms(offerSummary(base, { currency: "USD", stores: [], members: 0 }))).toEqual({
      Discount: "15% off",
      "Applies to": "All products",
      "Minimum purchase": "No minimum",
      "Once per customer": "No",
      Combinations: "Doesn't combine with other discounts",
      "Usage limit": "No limit",
      Payout: "$5 per conversion",
      "Discount group": "Spring codes",
      Naming: "{FIRST_NAME}{DISCOUNT}",
      Members: "0 members",
      Stores: "This store only",
    });
  });
  it("R2–R4/R15: minimum, once per customer, combinations, per-store values and the stores synced to", () => {
    const offer: SummaryOffer = {
      ...base,
      minimumType: "SUBTOTAL",
      minimumSubtotalCents: 5000,
      oncePerCustomer: true,
      appliesTo: "COLLECTIONS",
      collectionIds: '["gid://shopify/Collection/1","gid://shopify/Collection/2"]',
      usageLimit: 1,
      usageUnit: "PER_ITEM",
      combinesWithOrder: true,
      combinesWithShipping: true,
      syncEnabled: true,
      sameValueAcrossStores: false,
    };
    const t = terms(
      offerSummary(offer, {
        currency: "USD",
        stores: [
          { label: "Canada", discountPercent: 20 },
          { label: "UK", discountPercent: null },
        ],
        members: 1,
      }),
    );
    expect(t).toMatchObject({
      Discount: "15% off here; Canada: 20% off, UK: 15% off",
      "Applies to": "2 collections",
      "Minimum purchase": "Purchases of 50.00 USD or more",
      "Once per customer": "Yes: each customer can use a code once",
      Combinations: "Combines with order and shipping discounts",
      "Usage limit": "1 discounted item per code",
      Members: "1 member",
      Stores: "This store and Canada, UK",
    });
  });
  it("a group-code offer names its kind instead of naming and members", () => {
    const t = terms(offerSummary({ ...base, kind: "GROUP_CODE", minimumType: "QUANTITY", minimumQuantity: 3 }, { currency: "USD", stores: [], members: 0 }));
    expect(t.Kind).toBe("One shared group code");
    expect(t["Minimum purchase"]).toBe("At least 3 items");
    expect(t.Naming).toBeUndefined();
  });
});
