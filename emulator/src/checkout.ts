// The emulator's checkout: an order with zero to five discount codes, applied with Shopify's
// rules, then the orders/create payload with every amount computed (not copied from Shopify's
// example, webhook-examples/orders/create.json, which only gives the field set).
//
// What Shopify does, and where it comes from:
// - usageLimit and appliesOncePerCustomer count PER REDEEM CODE, not per discount: a discount
//   with 1,000 codes and usageLimit 1 lets each code be used once (Shopify staff,
//   community.shopify.dev thread 12269; shared FACTS.md). Each code keeps its own count and its own
//   list of customers.
// - Discount classes: a basic code discount on the whole order (items: all) is an ORDER discount,
//   one on products or collections a PRODUCT discount (the GraphQL discountClass says the same).
//   Two discounts apply together only if EACH one's combinesWith names the OTHER's class
//   (DiscountCombinesWith, shopify.dev; help.shopify.com "combining discounts").
// - A buyer may enter up to 5 product/order discount codes and 1 shipping code per order
//   (help.shopify.com discount combinations; the emulator has no shipping discounts, so only the 5).
// - Product discounts apply first, to their lines; only one product discount applies to a line (the
//   larger). Order discounts then apply to the subtotal after product discounts; several order
//   discounts are each computed from that same subtotal, not one after the other (shopify.dev
//   "discount combination examples"). Two codes of the same discount cannot be used together
//   (one discount applies once; assumed, not seen in a capture).
// - A code that cannot be combined is refused ("…couldn't be used with your existing discounts"):
//   the order is refused (422) rather than silently dropping it, so tests see what happened.
//   Shopify's checkout keeps the best combination and shows that message.
// - Payload: discount_codes [{code, amount, type}] with the amount the code took off;
//   discount_applications in the order the codes were entered; each line's discount_allocations
//   point at them by discount_application_index (REST order samples, FACTS §3.3). Money is shop
//   currency in the plain fields and in *_set.shop_money; *_set.presentment_money is the buyer's
//   currency when the buyer pays in another one (Markets). total_price = subtotal_price +
//   shipping + tax (taxes not included in prices); total_outstanding is 0.00 once paid.
// - Ids are JSON numbers, and real ones can exceed 2^53 (the example's id 820982911946154508 is
//   printed 820982911946154500 by any JSON.parse). `bigIds` gives such ids; they are kept as digit
//   strings here and printed as bare numbers by stringifyPayload (payloads.ts).
import { codeIndex, statusOf } from "./discounts";
import { bigNumber, digitsOf, example } from "./payloads";
import type { Discount, EmulatorState, RedeemCode, ShopState } from "./state";

export interface CheckoutInput {
  lines: { productId?: number; quantity: number }[];
  /** One code (as before); discountCodes takes several, in the order the buyer entered them. */
  discountCode?: string;
  discountCodes?: string[];
  email?: string;
  createdAt?: string;
  /** Shipping charged, in the shop's currency ("5.00" unless given). */
  shipping?: string;
  /** Tax rate on discounted lines (e.g. 0.2); 0 unless given. Prices exclude tax. */
  taxRate?: number;
  /** The buyer's currency when it differs from the shop's, and its units per shop-currency unit. */
  presentmentCurrency?: string;
  presentmentRate?: number;
  /** A test order (Shopify's bogus gateway / test mode); false unless asked. */
  test?: boolean;
  /** Issue order, line, customer and refund ids above 2^53. */
  bigIds?: boolean;
  /** The buyer's country (ISO 3166 alpha-2) in the shipping and billing addresses; the example's (US) unless given. */
  country?: string;
}

export const MAX_ORDER_PRODUCT_CODES = 5;

type Money = { shop: number; presentment: number };
const fmt = (cents: number) => (cents / 100).toFixed(2);
const cents = (amount: string) => Math.round(Number(amount) * 100);

type DiscountClass = "ORDER" | "PRODUCT";
export const classOf = (d: Discount): DiscountClass => ("all" in d.items ? "ORDER" : "PRODUCT");
const combinesWith = (a: Discount, b: Discount) => (classOf(b) === "ORDER" ? a.combinesWith.orderDiscounts : a.combinesWith.productDiscounts);

/** One stable id per email, as a store's customer record would be. */
function customerId(email: string, big: boolean): string {
  let hash = 0;
  for (const ch of email) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return big ? (9_007_199_254_740_993n + BigInt(hash)).toString() : String(6_000_000_000_000 + hash);
}

function newId(state: EmulatorState, big: boolean): string {
  const n = state.nextId++;
  return big ? (9_007_199_254_740_993n + BigInt(n)).toString() : String(n);
}

/** A JSON-number id: a plain number when it is safe, else printed from its digits. */
const jsonId = (digits: string) => (Number.isSafeInteger(Number(digits)) ? Number(digits) : bigNumber(digits));

interface Applied {
  redeem: RedeemCode;
  discount: Discount;
  /** cents per line index (shop currency) */
  perLine: Map<number, number>;
}

/** Splits `total` over `weights` in proportion, the last part taking the rounding. */
function split(total: number, weights: { i: number; w: number }[]): Map<number, number> {
  const out = new Map<number, number>();
  const sum = weights.reduce((n, x) => n + x.w, 0);
  let left = total;
  weights.forEach((x, k) => {
    const share = k === weights.length - 1 ? left : Math.round((total * x.w) / sum);
    out.set(x.i, share);
    left -= share;
  });
  return out;
}

/** What `d` takes off the given lines (cents each, already reduced by product discounts for order ones). */
function amountsFor(d: Discount, base: { i: number; cents: number; quantity: number }[]): Map<number, number> {
  const eligible = base.filter((x) => x.cents > 0);
  if (!eligible.length) return new Map();
  if ("percentage" in d.value) {
    const pct = d.value.percentage;
    return new Map(eligible.map((x) => [x.i, Math.round(x.cents * pct)]));
  }
  const amount = cents(d.value.amount);
  if (d.value.appliesOnEachItem) return new Map(eligible.map((x) => [x.i, Math.min(x.cents, amount * x.quantity)]));
  const total = Math.min(
    amount,
    eligible.reduce((n, x) => n + x.cents, 0),
  );
  return split(
    total,
    eligible.map((x) => ({ i: x.i, w: x.cents })),
  );
}

export type CheckoutResult = { ok: true; order: Record<string, unknown> } | { ok: false; error: string };

export function placeOrder(state: EmulatorState, shop: ShopState, input: CheckoutInput): CheckoutResult {
  if (!input.lines?.length) return { ok: false, error: "An order needs at least one line item." };
  const resolved = input.lines.map((l) => {
    const product = l.productId ? shop.products.find((p) => p.id === l.productId) : shop.products[0];
    return product ? { product, quantity: Math.max(1, Math.floor(l.quantity)) } : null;
  });
  if (resolved.some((l) => !l)) return { ok: false, error: "Unknown product." };
  const items = resolved as { product: ShopState["products"][number]; quantity: number }[];
  const lineGross = items.map((l) => cents(l.product.price) * l.quantity);
  const gross = lineGross.reduce((n, c) => n + c, 0);
  const email = (input.email ?? "customer@example.com").toLowerCase();
  const createdAt = input.createdAt ?? new Date().toISOString();
  const at = Date.parse(createdAt);
  const quantity = items.reduce((n, l) => n + l.quantity, 0);

  // 1. Each code on its own: exists, active, its own usage limit and customers, minimums.
  const entered = [...(input.discountCodes ?? []), ...(input.discountCode ? [input.discountCode] : [])].map((c) => c.trim()).filter(Boolean);
  const codes: { redeem: RedeemCode; discount: Discount }[] = [];
  for (const code of entered) {
    const owner = codeIndex(shop).get(code.toLowerCase());
    const discount = owner && shop.discounts[owner.discountId];
    const redeem = discount?.codes.find((c) => c.id === owner!.codeId);
    if (!discount || !redeem) return { ok: false, error: `Enter a valid discount code: ${code} isn't valid.` };
    if (codes.some((c) => c.redeem.id === redeem.id)) continue; // entered twice: applied once
    if (statusOf(discount, at) !== "ACTIVE") return { ok: false, error: `${redeem.code} discount code isn't available right now.` };
    if (discount.usageLimit !== null && redeem.usageCount >= discount.usageLimit) return { ok: false, error: `${redeem.code} discount code isn't available right now.` };
    if (discount.appliesOncePerCustomer && (redeem.customersUsed ?? []).includes(email)) return { ok: false, error: `${redeem.code} discount code has already been used.` };
    const min = discount.minimumRequirement;
    if (min && "subtotal" in min && gross < cents(min.subtotal)) return { ok: false, error: `Spend ${min.subtotal} to use ${redeem.code}.` };
    if (min && "quantity" in min && quantity < min.quantity) return { ok: false, error: `Add ${min.quantity} items to use ${redeem.code}.` };
    codes.push({ redeem, discount });
  }
  // 2. Together: at most five, each pair combinable both ways, one discount once.
  if (codes.length > MAX_ORDER_PRODUCT_CODES) return { ok: false, error: `You can use up to ${MAX_ORDER_PRODUCT_CODES} discount codes per order.` };
  for (const [k, c] of codes.entries()) {
    for (const earlier of codes.slice(0, k)) {
      if (earlier.discount.id === c.discount.id || !combinesWith(c.discount, earlier.discount) || !combinesWith(earlier.discount, c.discount))
        return { ok: false, error: `${c.redeem.code} discount code couldn't be used with your existing discounts.` };
    }
  }
  // 3. Amounts: product discounts first (the larger one per line), then order discounts on what is left.
  const applied: Applied[] = codes.map((c) => ({ ...c, perLine: new Map() }));
  const bestOnLine = new Map<number, Applied>();
  for (const a of applied.filter((x) => classOf(x.discount) === "PRODUCT")) {
    const ids = "productIds" in a.discount.items ? a.discount.items.productIds : [];
    const base = items.map((l, i) => ({ i, cents: ids.includes(l.product.id) ? lineGross[i]! : 0, quantity: l.quantity }));
    for (const [i, amount] of amountsFor(a.discount, base)) {
      const current = bestOnLine.get(i);
      if (!current || (current.perLine.get(i) ?? 0) < amount) {
        current?.perLine.delete(i);
        a.perLine.set(i, amount);
        bestOnLine.set(i, a);
      }
    }
  }
  const afterProduct = items.map((l, i) => ({ i, cents: lineGross[i]! - (bestOnLine.get(i)?.perLine.get(i) ?? 0), quantity: l.quantity }));
  for (const a of applied.filter((x) => classOf(x.discount) === "ORDER")) a.perLine = amountsFor(a.discount, afterProduct);
  let lineDiscounts = items.map((_, i) => applied.reduce((n, a) => n + (a.perLine.get(i) ?? 0), 0));
  // Order discounts together never take a line below zero.
  lineDiscounts = lineDiscounts.map((d, i) => Math.min(d, lineGross[i]!));
  for (const a of applied) {
    const total = [...a.perLine.values()].reduce((n, c) => n + c, 0);
    if (total === 0) return { ok: false, error: `${a.redeem.code} discount code isn't valid for the items in your cart.` };
  }

  // 4. Shipping, tax, totals; presentment money when the buyer pays in another currency.
  const currency = shop.currencyCode;
  const presentmentCurrency = input.presentmentCurrency ?? currency;
  const rate = presentmentCurrency === currency ? 1 : (input.presentmentRate ?? 1);
  const m = (shopCents: number): Money => ({ shop: shopCents, presentment: Math.round(shopCents * rate) });
  const set = (x: Money) => ({
    shop_money: { amount: fmt(x.shop), currency_code: currency },
    presentment_money: { amount: fmt(x.presentment), currency_code: presentmentCurrency },
  });
  const sum = (xs: Money[]): Money => ({ shop: xs.reduce((n, x) => n + x.shop, 0), presentment: xs.reduce((n, x) => n + x.presentment, 0) });
  const taxRate = input.taxRate ?? 0;
  const lines = items.map((l, i) => {
    const unit = m(cents(l.product.price));
    const total = m(lineGross[i]!);
    const allocations = applied.map((a, index) => ({ index, money: m(a.perLine.get(i) ?? 0) })).filter((x) => x.money.shop > 0);
    const discount = sum(allocations.map((x) => x.money));
    const tax = m(Math.round((lineGross[i]! - lineDiscounts[i]!) * taxRate));
    return { l, unit, total, allocations, discount, tax };
  });
  const lineItemsPrice = sum(lines.map((x) => x.total));
  const discounts = sum(lines.map((x) => x.discount));
  const subtotal: Money = { shop: lineItemsPrice.shop - discounts.shop, presentment: lineItemsPrice.presentment - discounts.presentment };
  const shipping = m(cents(input.shipping ?? "5.00"));
  const tax = sum(lines.map((x) => x.tax));
  const total = sum([subtotal, shipping, tax]);
  const zero = m(0);

  // 5. Counted only now that the whole order is accepted: per code.
  for (const { redeem } of codes) {
    redeem.usageCount++;
    redeem.customersUsed = [...(redeem.customersUsed ?? []), email];
  }

  const big = Boolean(input.bigIds);
  const id = newId(state, big);
  const number = 1000 + Object.keys(shop.orders ?? {}).length + 1;
  const base = example("orders/create");
  const lineTemplate = ((base.line_items as Record<string, unknown>[]) ?? [])[0] ?? {};
  const shippingTemplate = ((base.shipping_lines as Record<string, unknown>[]) ?? [])[0] ?? {};
  const cid = customerId(email, big);
  const baseCustomer = (base.customer ?? {}) as Record<string, unknown>;
  // A store's customer record is created with the buyer's first order (guest checkout included)
  // and kept for later ones: its created_at tells a first order from a returning customer's.
  shop.customersSince = shop.customersSince ?? {};
  const customerSince = (shop.customersSince[email] ??= createdAt);
  const address = (key: "shipping_address" | "billing_address") => {
    const a = (base[key] ?? {}) as Record<string, unknown>;
    if (!input.country) return a;
    const code = input.country.toUpperCase();
    return { ...a, country_code: code, country: new Intl.DisplayNames(["en"], { type: "region" }).of(code) ?? code };
  };
  const taxLine = (x: Money) => (taxRate > 0 ? [{ price: fmt(x.shop), rate: taxRate, title: "Tax", price_set: set(x), channel_liable: false }] : []);
  const token = `${id}`.split("").reverse().join("").slice(0, 12) + "c0ffee";
  const order: Record<string, unknown> = {
    ...base,
    id: jsonId(id),
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${number}`,
    order_number: number,
    number: number - 1000,
    email,
    contact_email: email,
    phone: null,
    customer: {
      ...baseCustomer,
      id: jsonId(cid),
      email,
      admin_graphql_api_id: `gid://shopify/Customer/${cid}`,
      created_at: customerSince,
      updated_at: createdAt,
      default_address: baseCustomer.default_address ? { ...(baseCustomer.default_address as object), customer_id: jsonId(cid) } : null,
    },
    created_at: createdAt,
    updated_at: createdAt,
    processed_at: createdAt,
    shipping_address: address("shipping_address"),
    billing_address: address("billing_address"),
    cancelled_at: null,
    cancel_reason: null,
    closed_at: null,
    confirmed: true,
    confirmation_number: token.slice(0, 9).toUpperCase(),
    token,
    order_status_url: `https://${shop.domain}/${shop.numericId}/orders/${token}/authenticate?key=${token}`,
    test: Boolean(input.test),
    tags: "",
    note: null,
    source_name: "web",
    payment_gateway_names: [input.test ? "bogus" : "shopify_payments"],
    currency,
    presentment_currency: presentmentCurrency,
    financial_status: "paid",
    fulfillment_status: null,
    taxes_included: false,
    estimated_taxes: false,
    total_line_items_price: fmt(lineItemsPrice.shop),
    total_line_items_price_set: set(lineItemsPrice),
    subtotal_price: fmt(subtotal.shop),
    subtotal_price_set: set(subtotal),
    current_subtotal_price: fmt(subtotal.shop),
    current_subtotal_price_set: set(subtotal),
    total_discounts: fmt(discounts.shop),
    total_discounts_set: set(discounts),
    current_total_discounts: fmt(discounts.shop),
    current_total_discounts_set: set(discounts),
    total_shipping_price_set: set(shipping),
    current_shipping_price_set: set(shipping),
    total_tax: fmt(tax.shop),
    total_tax_set: set(tax),
    current_total_tax: fmt(tax.shop),
    current_total_tax_set: set(tax),
    tax_lines: taxLine(tax),
    total_price: fmt(total.shop),
    total_price_set: set(total),
    current_total_price: fmt(total.shop),
    current_total_price_set: set(total),
    total_outstanding: "0.00",
    total_tip_received: "0.00",
    total_weight: items.reduce((n, l) => n + 100 * l.quantity, 0),
    current_total_duties_set: null,
    original_total_duties_set: null,
    current_total_additional_fees_set: null,
    original_total_additional_fees_set: null,
    discount_codes: applied.map((a) => ({
      code: a.redeem.code,
      amount: fmt([...a.perLine.values()].reduce((n, c) => n + c, 0)),
      type: "percentage" in a.discount.value ? "percentage" : "fixed_amount",
    })),
    discount_applications: applied.map((a) => {
      const value = a.discount.value;
      return {
        type: "discount_code",
        code: a.redeem.code,
        value: "percentage" in value ? (Math.round(value.percentage * 1000) / 10).toFixed(1) : Number(value.amount).toFixed(2),
        value_type: "percentage" in value ? "percentage" : "fixed_amount",
        allocation_method: "amount" in value && value.appliesOnEachItem ? "each" : "across",
        target_selection: classOf(a.discount) === "ORDER" ? "all" : "entitled",
        target_type: "line_item",
      };
    }),
    refunds: [],
    fulfillments: [],
    returns: [],
    shipping_lines: [
      {
        ...shippingTemplate,
        id: jsonId(newId(state, big)),
        title: "Standard",
        code: "Standard",
        source: "shopify",
        price: fmt(shipping.shop),
        price_set: set(shipping),
        discounted_price: fmt(shipping.shop),
        discounted_price_set: set(shipping),
        current_discounted_price_set: set(shipping),
        tax_lines: [],
        discount_allocations: [],
      },
    ],
    line_items: lines.map(({ l, unit, allocations, discount, tax: lineTax }) => {
      const lineId = newId(state, big);
      return {
        ...lineTemplate,
        id: jsonId(lineId),
        admin_graphql_api_id: `gid://shopify/LineItem/${lineId}`,
        attributed_staffs: [],
        product_id: l.product.id,
        variant_id: l.product.variantId,
        title: l.product.title,
        name: l.product.title,
        sku: l.product.handle.toUpperCase(),
        vendor: shop.name,
        price: fmt(unit.shop),
        price_set: set(unit),
        quantity: l.quantity,
        current_quantity: l.quantity,
        fulfillable_quantity: l.quantity,
        total_discount: fmt(discount.shop),
        total_discount_set: set(discount),
        tax_lines: taxLine(lineTax),
        discount_allocations: allocations.map((x) => ({ amount: fmt(x.money.shop), amount_set: set(x.money), discount_application_index: x.index })),
      };
    }),
    total_cash_rounding_payment_adjustment_set: set(zero),
    total_cash_rounding_refund_adjustment_set: set(zero),
  };
  shop.orders = { ...(shop.orders ?? {}), [id]: order };
  return { ok: true, order };
}

export function cancelOrder(shop: ShopState, id: string): Record<string, unknown> | null {
  const order = shop.orders?.[id];
  if (!order) return null;
  order.cancelled_at = new Date().toISOString();
  order.cancel_reason = "customer";
  order.financial_status = "voided";
  return order;
}

export interface RefundInput {
  /** Amount refunded, in the shop's currency. */
  amount: string;
  /**
   * An amount-only refund (no line items): Shopify records the money in `transactions` and the
   * difference from the (empty) line refunds as an order adjustment of kind "refund_discrepancy"
   * (a negative amount), with `refund_line_items: []`. Otherwise the amount is refunded against
   * the order's first line.
   */
  amountOnly?: boolean;
}

/** A refund of an order, shaped like Shopify's refunds/create; the order's current_* amounts go down. */
export function refundOrder(state: EmulatorState, shop: ShopState, id: string, input: RefundInput): Record<string, unknown> | null {
  const order = shop.orders?.[id];
  if (!order) return null;
  const currency = shop.currencyCode;
  const presentment = String(order.presentment_currency ?? currency);
  const totalSet = order.total_price_set as { shop_money: { amount: string }; presentment_money: { amount: string } };
  const rate = cents(totalSet.shop_money.amount) ? cents(totalSet.presentment_money.amount) / cents(totalSet.shop_money.amount) : 1;
  const amount = cents(input.amount);
  const set = (c: number) => ({ shop_money: { amount: fmt(c), currency_code: currency }, presentment_money: { amount: fmt(Math.round(c * rate)), currency_code: presentment } });
  const big = !Number.isSafeInteger(Number(digitsOf(order.id)));
  const refundId = newId(state, big);
  const orderId = order.id;
  const now = new Date().toISOString();
  const base = example("refunds/create");
  const firstLine = ((order.line_items as Record<string, unknown>[]) ?? [])[0] ?? {};
  const lineTemplate = ((base.refund_line_items as Record<string, unknown>[]) ?? [])[0] ?? {};
  const transaction = {
    ...(((base.transactions as Record<string, unknown>[]) ?? [])[0] ?? {}),
    id: jsonId(newId(state, big)),
    order_id: orderId,
    kind: "refund",
    status: "success",
    message: null,
    gateway: order.test ? "bogus" : "shopify_payments",
    amount: fmt(Math.round(amount * rate)),
    currency: presentment,
    created_at: now,
    processed_at: now,
    test: Boolean(order.test),
    parent_id: null,
  };
  const refund: Record<string, unknown> = {
    ...base,
    id: jsonId(refundId),
    admin_graphql_api_id: `gid://shopify/Refund/${refundId}`,
    order_id: orderId,
    note: null,
    user_id: null,
    restock: false,
    created_at: now,
    processed_at: now,
    refund_shipping_lines: [],
    transactions: [transaction],
    order_adjustments: input.amountOnly
      ? [
          {
            id: jsonId(newId(state, big)),
            order_id: orderId,
            refund_id: jsonId(refundId),
            amount: fmt(-amount),
            tax_amount: "0.00",
            kind: "refund_discrepancy",
            reason: "Refund discrepancy",
            amount_set: set(-amount),
            tax_amount_set: set(0),
          },
        ]
      : [],
    refund_line_items: input.amountOnly
      ? []
      : [
          {
            ...lineTemplate,
            id: jsonId(newId(state, big)),
            line_item_id: firstLine.id ?? null,
            line_item: firstLine,
            quantity: 1,
            restock_type: "no_restock",
            subtotal: amount / 100,
            subtotal_set: set(amount),
            total_tax: 0,
            total_tax_set: set(0),
          },
        ],
  };
  // The order as Shopify shows it afterwards.
  const currentTotal = cents(String(order.current_total_price ?? order.total_price)) - amount;
  order.current_total_price = fmt(currentTotal);
  order.current_total_price_set = set(currentTotal);
  order.financial_status = currentTotal <= 0 ? "refunded" : "partially_refunded";
  order.refunds = [...((order.refunds as unknown[]) ?? []), refund];
  order.updated_at = now;
  return refund;
}
