import { describe, expect, it } from "vitest";
import { placeOrder, refundOrder, type CheckoutInput } from "./checkout";
import { createBasic, runBulkCreation, startBulkAdd, type BasicInput } from "./discounts";
import { merchantEdit } from "./merchant";
import { example, stringifyPayload } from "./payloads";
import { seedState, type EmulatorState, type ShopState } from "./state";

const US = "us-store.myshopify.com";

function setup() {
  const state = seedState();
  const shop = state.shops[US]!;
  return { state, shop };
}

function discount(state: EmulatorState, shop: ShopState, code: string, extra: Partial<BasicInput> = {}, more: string[] = []) {
  const { discount: d, userErrors } = createBasic(state, shop, {
    title: code,
    code,
    startsAt: "2026-01-01T00:00:00Z",
    customerGets: { value: { percentage: 0.1 }, items: { all: true } },
    ...extra,
  });
  if (!d) throw new Error(JSON.stringify(userErrors));
  if (more.length)
    runBulkCreation(
      state,
      shop,
      startBulkAdd(
        state,
        shop,
        d.id,
        more.map((c) => ({ code: c })),
      ).creation!,
    );
  return d;
}

const order = (state: EmulatorState, shop: ShopState, input: Partial<CheckoutInput>) => placeOrder(state, shop, { lines: [{ quantity: 1 }], ...input });
const orderOk = (state: EmulatorState, shop: ShopState, input: Partial<CheckoutInput>) => {
  const r = order(state, shop, input);
  if (!r.ok) throw new Error(r.error);
  return r.order as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
};
const money = (s: string) => Math.round(Number(s) * 100);

describe("emulator checkout: usage limits count per redeem code (community.shopify.dev 12269)", () => {
  it("a discount with two codes and usageLimit 2 lets each code be used twice", () => {
    const { state, shop } = setup();
    discount(state, shop, "ANNA", { usageLimit: 2 }, ["BEN"]);
    for (const code of ["ANNA", "BEN", "anna", "ben"]) expect(order(state, shop, { discountCode: code }).ok).toBe(true);
    for (const code of ["ANNA", "BEN"]) expect(order(state, shop, { discountCode: code })).toEqual({ ok: false, error: `${code} discount code isn't available right now.` });
  });

  it("once per customer is per code: the same buyer may use another code of the same discount", () => {
    const { state, shop } = setup();
    discount(state, shop, "ONE", { appliesOncePerCustomer: true }, ["TWO"]);
    expect(order(state, shop, { discountCode: "ONE", email: "a@example.com" }).ok).toBe(true);
    expect(order(state, shop, { discountCode: "ONE", email: "A@example.com" })).toEqual({ ok: false, error: "ONE discount code has already been used." });
    expect(order(state, shop, { discountCode: "TWO", email: "a@example.com" }).ok).toBe(true);
    expect(order(state, shop, { discountCode: "ONE", email: "b@example.com" }).ok).toBe(true);
  });

  it("a refused order counts no use of any of its codes", () => {
    const { state, shop } = setup();
    const a = discount(state, shop, "FIRST", { usageLimit: 1, combinesWith: { orderDiscounts: true } });
    discount(state, shop, "SECOND", { combinesWith: { orderDiscounts: false } });
    expect(order(state, shop, { discountCodes: ["FIRST", "SECOND"] }).ok).toBe(false);
    expect(a.codes[0]!.usageCount).toBe(0);
    expect(order(state, shop, { discountCode: "FIRST" }).ok).toBe(true);
  });
});

describe("emulator checkout: several codes and Shopify's combination rules", () => {
  it("two order discounts that combine both apply, each on the same subtotal, with their own allocations", () => {
    const { state, shop } = setup();
    discount(state, shop, "TEN", { combinesWith: { orderDiscounts: true } });
    discount(state, shop, "FIVE-OFF", { combinesWith: { orderDiscounts: true }, customerGets: { value: { discountAmount: { amount: "5.00" } }, items: { all: true } } });
    const [hoodie, bottle] = shop.products; // 64.00, 28.00
    const o = orderOk(state, shop, {
      lines: [
        { productId: hoodie!.id, quantity: 1 },
        { productId: bottle!.id, quantity: 2 },
      ],
      discountCodes: ["TEN", "FIVE-OFF"],
    });
    expect(o.discount_codes).toEqual([
      { code: "TEN", amount: "12.00", type: "percentage" },
      { code: "FIVE-OFF", amount: "5.00", type: "fixed_amount" },
    ]);
    expect(
      o.discount_applications.map((a: { code: string; value: string; value_type: string; target_selection: string }) => [a.code, a.value, a.value_type, a.target_selection]),
    ).toEqual([
      ["TEN", "10.0", "percentage", "all"],
      ["FIVE-OFF", "5.00", "fixed_amount", "all"],
    ]);
    const byIndex = [0, 1].map((k) =>
      o.line_items.reduce(
        (n: number, li: { discount_allocations: { amount: string; discount_application_index: number }[] }) =>
          n + li.discount_allocations.filter((d) => d.discount_application_index === k).reduce((m, d) => m + money(d.amount), 0),
        0,
      ),
    );
    expect(byIndex).toEqual([1200, 500]);
    expect(o.total_discounts).toBe("17.00");
    expect(o.subtotal_price).toBe("103.00");
  });

  it("a product discount applies first; an order discount then takes its percentage of what is left", () => {
    const { state, shop } = setup();
    const [hoodie, bottle] = shop.products;
    discount(state, shop, "HOODIE20", {
      combinesWith: { orderDiscounts: true },
      customerGets: { value: { discountAmount: { amount: "20.00" } }, items: { products: { productsToAdd: [`gid://shopify/Product/${hoodie!.id}`] } } },
    });
    discount(state, shop, "ORDER10", { combinesWith: { productDiscounts: true } });
    const o = orderOk(state, shop, {
      lines: [
        { productId: hoodie!.id, quantity: 1 },
        { productId: bottle!.id, quantity: 1 },
      ],
      discountCodes: ["HOODIE20", "ORDER10"],
    });
    // 64 − 20 = 44, + 28 = 72; 10% of 72 = 7.20 (shopify.dev discount combination examples).
    expect(o.discount_codes.map((d: { amount: string }) => d.amount)).toEqual(["20.00", "7.20"]);
    expect(o.discount_applications[0].target_selection).toBe("entitled");
    expect(o.line_items[1].discount_allocations).toEqual([expect.objectContaining({ discount_application_index: 1 })]);
  });

  it("codes that do not combine both ways, two codes of one discount, and a sixth code are refused", () => {
    const { state, shop } = setup();
    discount(state, shop, "OPEN", { combinesWith: { orderDiscounts: true } }, ["OPEN-2"]);
    discount(state, shop, "CLOSED");
    expect(order(state, shop, { discountCodes: ["OPEN", "CLOSED"] })).toEqual({ ok: false, error: "CLOSED discount code couldn't be used with your existing discounts." });
    expect(order(state, shop, { discountCodes: ["CLOSED", "OPEN"] })).toEqual({ ok: false, error: "OPEN discount code couldn't be used with your existing discounts." });
    expect(order(state, shop, { discountCodes: ["OPEN", "OPEN-2"] }).ok).toBe(false);
    const six = ["C1", "C2", "C3", "C4", "C5", "C6"];
    for (const c of six) discount(state, shop, c, { combinesWith: { orderDiscounts: true } });
    expect(order(state, shop, { discountCodes: six.slice(0, 5) }).ok).toBe(true);
    expect(order(state, shop, { discountCodes: six })).toEqual({ ok: false, error: "You can use up to 5 discount codes per order." });
  });
});

describe("emulator checkout: orders/create amounts computed like Shopify's", () => {
  it("lines, discounts, shipping and tax add up to total_price; current_* equal them; not a test order; no tags; nothing outstanding", () => {
    const { state, shop } = setup();
    discount(state, shop, "SAVE");
    const o = orderOk(state, shop, { lines: [{ quantity: 3 }], discountCode: "SAVE", shipping: "7.50", taxRate: 0.2 });
    expect(Object.keys(o).sort()).toEqual(Object.keys(example("orders/create")).sort());
    // 3 × 64.00 = 192.00; 10% = 19.20; 172.80 + 7.50 shipping + 20% tax 34.56 = 214.86
    expect([o.total_line_items_price, o.total_discounts, o.subtotal_price, o.total_tax, o.total_shipping_price_set.shop_money.amount, o.total_price]).toEqual([
      "192.00",
      "19.20",
      "172.80",
      "34.56",
      "7.50",
      "214.86",
    ]);
    expect(money(o.subtotal_price) + money(o.total_shipping_price_set.shop_money.amount) + money(o.total_tax)).toBe(money(o.total_price));
    expect(o.shipping_lines.reduce((n: number, s: { price: string }) => n + money(s.price), 0)).toBe(750);
    expect(o.line_items.reduce((n: number, li: { price: string; quantity: number }) => n + money(li.price) * li.quantity, 0)).toBe(money(o.total_line_items_price));
    expect([o.current_total_price, o.current_subtotal_price, o.current_total_discounts, o.current_total_tax]).toEqual([
      o.total_price,
      o.subtotal_price,
      o.total_discounts,
      o.total_tax,
    ]);
    expect([o.test, o.tags, o.total_outstanding, o.financial_status, o.cancelled_at]).toEqual([false, "", "0.00", "paid", null]);
    expect(orderOk(state, shop, { test: true }).test).toBe(true);
  });

  it("a buyer paying in another currency: shop money in the plain fields, presentment money in the buyer's", () => {
    const { state, shop } = setup();
    const o = orderOk(state, shop, { lines: [{ quantity: 1 }], shipping: "0.00", presentmentCurrency: "EUR", presentmentRate: 0.9 });
    expect([o.currency, o.presentment_currency, o.total_price]).toEqual(["USD", "EUR", "64.00"]);
    expect(o.total_price_set).toEqual({ shop_money: { amount: "64.00", currency_code: "USD" }, presentment_money: { amount: "57.60", currency_code: "EUR" } });
    expect(o.line_items[0].price_set.presentment_money).toEqual({ amount: "57.60", currency_code: "EUR" });
  });

  it("ids above 2^53 are printed as bare JSON numbers, with the same digits as the GraphQL id", () => {
    const { state, shop } = setup();
    const o = orderOk(state, shop, { bigIds: true });
    const text = stringifyPayload(o);
    const digits = String(o.admin_graphql_api_id).split("/").pop()!;
    expect(BigInt(digits) > 2n ** 53n).toBe(true);
    expect(text).toContain(`"id":${digits},`);
    expect(String((JSON.parse(text) as { id: number }).id)).not.toBe(digits); // what a plain JSON.parse makes of it
  });

  it("an amount-only refund has no refund lines: transactions and a refund_discrepancy adjustment", () => {
    const { state, shop } = setup();
    const o = orderOk(state, shop, { shipping: "0.00" });
    const id = String(o.admin_graphql_api_id).split("/").pop()!;
    const refund = refundOrder(state, shop, id, { amount: "10.00", amountOnly: true }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(refund.refund_line_items).toEqual([]);
    expect(refund.transactions).toEqual([expect.objectContaining({ kind: "refund", status: "success", amount: "10.00" })]);
    expect(refund.order_adjustments).toEqual([expect.objectContaining({ kind: "refund_discrepancy", amount: "-10.00" })]);
    expect(Object.keys(refund).sort()).toEqual(Object.keys(example("refunds/create")).sort());
    expect([o.current_total_price, o.financial_status]).toEqual(["54.00", "partially_refunded"]);
  });
});

describe("emulator: the merchant's changes in the admin send discount webhooks shaped like Shopify's", () => {
  it("update, deactivate, remove a code, delete", () => {
    const { state, shop } = setup();
    const d = discount(state, shop, "EDIT-ME", {}, ["EDIT-ME-2"]);
    const keys = (topic: string) => Object.keys(example(topic)).sort();
    const run = (action: Parameters<typeof merchantEdit>[2], body: Record<string, unknown> = {}) => {
      const r = merchantEdit(state, shop, action, String(d.id), body);
      if (!r.ok) throw new Error(r.error);
      return r.events;
    };
    const [updated] = run("update", { title: "Renamed" });
    expect(updated!.topic).toBe("discounts/update");
    expect(Object.keys(updated!.payload).sort()).toEqual(keys("discounts/update"));
    expect(updated!.payload).toMatchObject({ admin_graphql_api_id: `gid://shopify/DiscountCodeNode/${d.id}`, title: "Renamed", status: "ACTIVE" });
    expect(run("deactivate")[0]!.payload.status).toBe("EXPIRED");
    expect(run("deactivate")).toEqual([]); // already expired: nothing changes, nothing sent
    const [removed] = run("remove-code", { code: "edit-me-2" });
    expect(removed!.topic).toBe("discounts/redeemcode_removed");
    expect(Object.keys(removed!.payload).sort()).toEqual(keys("discounts/redeemcode_removed"));
    expect(removed!.payload.redeem_code).toMatchObject({ code: "EDIT-ME-2" });
    expect(order(state, shop, { discountCode: "EDIT-ME-2" }).ok).toBe(false);
    const [deleted] = run("delete");
    expect([deleted!.topic, Object.keys(deleted!.payload).sort()]).toEqual(["discounts/delete", keys("discounts/delete")]);
    expect(shop.discounts[d.id]).toBeUndefined();
  });
});
