import { describe, expect, it } from "vitest";
import { compareDiscount, type ExpectedDiscount, type ObservedDiscount } from "./compare";

const now = new Date("2026-11-20T12:00:00Z");
const conditions = {
  minimumSubtotalCents: 4000,
  minimumQuantity: null,
  oncePerCustomer: false,
  usageLimit: null,
  combinesWithOrder: false,
  combinesWithProduct: false,
  combinesWithShipping: false,
  allItems: true,
};
const expected = (over: Partial<ExpectedDiscount> = {}): ExpectedDiscount => ({
  active: true,
  startsAt: new Date("2026-11-01T00:00:00Z"),
  endsAt: null,
  value: { type: "PERCENTAGE", percent: 20 },
  conditions,
  codes: [
    { promoCodeId: "p1", code: "ANNA20", redeemCodeId: null },
    {
      promoCodeId: "p2",
      code: "BEN20",
      redeemCodeId: "gid://shopify/DiscountRedeemCode/2",
    },
  ],
  ignoredCodes: [],
  ...over,
});
const observed = (over: Partial<ObservedDiscount> = {}): ObservedDiscount => ({
  startsAt: "2026-11-01T00:00:00Z",
  endsAt: null,
  value: { type: "PERCENTAGE", percent: 20 },
  conditions,
  codes: [
    { id: "gid://shopify/DiscountRedeemCode/1", code: "anna20" },
    { id: "gid://shopify/DiscountRedeemCode/2", code: "BEN20" },
  ],
  ...over,
});
const kinds = (e: ExpectedDiscount, o: ObservedDiscount | null) => compareDiscount(e, o, now).map((f) => f.kind);

describe("drift findings (R37)", () => {
  it("R37: a discount that matches the app's (codes in any case) has no drift", () => {
    expect(compareDiscount(expected(), observed(), now)).toEqual([]);
  });

  it("R37: a deleted discount is one finding", () => {
    expect(compareDiscount(expected(), null, now)).toEqual([
      {
        kind: "DISCOUNT_DELETED",
        key: "discount",
        before: { codes: 2 },
        after: {},
      },
    ]);
  });

  it("R37: an end date in the past is a deactivation; other date changes are re-dating", () => {
    expect(compareDiscount(expected(), observed({ endsAt: "2026-11-20T11:00:00Z" }), now)).toEqual([
      {
        kind: "DISCOUNT_DEACTIVATED",
        key: "discount",
        before: { endsAt: null },
        after: { endsAt: "2026-11-20T11:00:00.000Z" },
      },
    ]);
    expect(kinds(expected(), observed({ endsAt: "2026-12-31T00:00:00Z" }))).toEqual(["DATES_CHANGED"]);
    expect(kinds(expected(), observed({ startsAt: "2026-11-05T00:00:00Z" }))).toEqual(["DATES_CHANGED"]);
    // A per-code discount the app deactivated itself is expired on purpose.
    expect(kinds(expected({ active: false }), observed({ endsAt: "2026-11-20T11:00:00Z" }))).toEqual([]);
  });

  it("R37: value and conditions changes name only the fields that differ", () => {
    expect(kinds(expected(), observed({ value: { type: "PERCENTAGE", percent: 25 } }))).toEqual(["VALUE_CHANGED"]);
    expect(kinds(expected(), observed({ value: { type: "FIXED_AMOUNT", amountCents: 2000 } }))).toEqual(["VALUE_CHANGED"]);
    expect(kinds(expected(), observed({ value: { type: "PERCENTAGE", percent: 20.001 } }))).toEqual([]);
    const [found] = compareDiscount(
      expected(),
      observed({
        conditions: {
          ...conditions,
          minimumSubtotalCents: null,
          oncePerCustomer: true,
        },
      }),
      now,
    );
    expect(found).toEqual({
      kind: "CONDITIONS_CHANGED",
      key: "conditions",
      before: { minimumSubtotalCents: 4000, oncePerCustomer: false },
      after: { minimumSubtotalCents: null, oncePerCustomer: true },
    });
  });

  it("R37: a member's code removed, renamed (by redeem id or one-for-one) and codes added by someone else", () => {
    expect(
      compareDiscount(
        expected(),
        observed({
          codes: [{ id: "gid://shopify/DiscountRedeemCode/2", code: "BEN20" }],
        }),
        now,
      ),
    ).toEqual([
      {
        kind: "CODE_REMOVED",
        key: "code:p1",
        promoCodeId: "p1",
        before: { code: "ANNA20" },
        after: {},
      },
    ]);
    // BEN20's redeem code now reads BENNY (renamed in place).
    const inPlace = compareDiscount(
      expected(),
      observed({
        codes: [
          { id: "gid://shopify/DiscountRedeemCode/1", code: "ANNA20" },
          { id: "gid://shopify/DiscountRedeemCode/2", code: "BENNY" },
        ],
      }),
      now,
    );
    expect(inPlace).toEqual([
      {
        kind: "CODE_RENAMED",
        key: "code:p2",
        promoCodeId: "p2",
        before: { code: "BEN20" },
        after: {
          code: "BENNY",
          redeemCodeId: "gid://shopify/DiscountRedeemCode/2",
        },
      },
    ]);
    // ANNA20 gone and ANNA-VIP new: a rename.
    expect(
      kinds(
        expected(),
        observed({
          codes: [
            { id: "gid://shopify/DiscountRedeemCode/2", code: "BEN20" },
            { id: "gid://shopify/DiscountRedeemCode/9", code: "ANNA-VIP" },
          ],
        }),
      ),
    ).toEqual(["CODE_RENAMED"]);
    // Two new codes, none missing: two additions.
    const added = compareDiscount(
      expected(),
      observed({
        codes: [...observed().codes, { id: "x1", code: "FREE1" }, { id: "x2", code: "FREE2" }],
      }),
      now,
    );
    expect(added.map((f) => [f.kind, f.key])).toEqual([
      ["CODE_ADDED", "added:FREE1"],
      ["CODE_ADDED", "added:FREE2"],
    ]);
  });

  it("R37: codes the app is adding or removing itself, or adopted earlier, are not drift", () => {
    expect(
      kinds(
        expected({ ignoredCodes: ["anna20", "free1"] }),
        observed({
          codes: [
            { id: "2", code: "BEN20" },
            { id: "x1", code: "FREE1" },
          ],
        }),
      ),
    ).toEqual([]);
  });
});
