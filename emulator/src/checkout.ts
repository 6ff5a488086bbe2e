// The emulator's checkout: an order with a discount code, applied with Shopify's rules (the code
// exists, the discount is active, its usage limit, minimum purchase, once per customer), then the
// orders/create payload shaped like Shopify's own example (webhook-examples/orders/create.json)
// with discount_codes, discount_applications and per-line discount_allocations filled in as in
// Shopify's REST samples (FACTS §3.3).
import { codeIndex, statusOf } from "./discounts";
import { example } from "./payloads";
import type { EmulatorState, ShopState } from "./state";

export interface CheckoutInput {
  lines: { productId?: number; quantity: number }[];
  discountCode?: string;
  email?: string;
  createdAt?: string;
}

const fmt = (cents: number) => (cents / 100).toFixed(2);
const set = (cents: number, currency: string) => ({ shop_money: { amount: fmt(cents), currency_code: currency }, presentment_money: { amount: fmt(cents), currency_code: currency } });

/** The buyer as the payload's customer: one stable id per email, as a store's customer record would be. */
function customerFor(template: unknown, email: string) {
  let hash = 0;
  for (const ch of email) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const id = 6_000_000_000_000 + hash;
  const base = (template ?? {}) as Record<string, unknown>;
  return { ...base, id, email, admin_graphql_api_id: `gid://shopify/Customer/${id}`, default_address: base.default_address ? { ...(base.default_address as object), customer_id: id } : null };
}

export function placeOrder(state: EmulatorState, shop: ShopState, input: CheckoutInput): { ok: true; order: Record<string, unknown> } | { ok: false; error: string } {
  if (!input.lines?.length) return { ok: false, error: "An order needs at least one line item." };
  const lines = input.lines.map((l) => {
    const product = l.productId ? shop.products.find((p) => p.id === l.productId) : shop.products[0];
    return product ? { product, quantity: Math.max(1, Math.floor(l.quantity)) } : null;
  });
  if (lines.some((l) => !l)) return { ok: false, error: "Unknown product." };
  const items = lines as { product: ShopState["products"][number]; quantity: number }[];
  const gross = items.reduce((n, l) => n + Math.round(Number(l.product.price) * 100) * l.quantity, 0);
  const email = (input.email ?? "customer@example.com").toLowerCase();
  const createdAt = input.createdAt ?? new Date().toISOString();

  let discountCents = 0;
  const allocations = new Map<number, number>();
  let application: Record<string, unknown> | null = null;
  let codeRecord: { code: string; amount: string; type: string } | null = null;
  if (input.discountCode) {
    const owner = codeIndex(shop).get(input.discountCode.toLowerCase());
    const d = owner && shop.discounts[owner.discountId];
    const redeem = d?.codes.find((c) => c.id === owner!.codeId);
    if (!d || !redeem) return { ok: false, error: `Enter a valid discount code: ${input.discountCode} isn't valid.` };
    if (statusOf(d, Date.parse(createdAt)) !== "ACTIVE") return { ok: false, error: `${redeem.code} discount code isn't available right now.` };
    const used = d.codes.reduce((n, c) => n + c.usageCount, 0);
    if (d.usageLimit !== null && used >= d.usageLimit) return { ok: false, error: `${redeem.code} discount code isn't available right now.` };
    if (d.appliesOncePerCustomer && d.customersUsed.includes(email)) return { ok: false, error: `${redeem.code} discount code has already been used.` };
    const quantity = items.reduce((n, l) => n + l.quantity, 0);
    if (d.minimumRequirement && "subtotal" in d.minimumRequirement && gross < Math.round(Number(d.minimumRequirement.subtotal) * 100))
      return { ok: false, error: `Spend ${d.minimumRequirement.subtotal} to use ${redeem.code}.` };
    if (d.minimumRequirement && "quantity" in d.minimumRequirement && quantity < d.minimumRequirement.quantity)
      return { ok: false, error: `Add ${d.minimumRequirement.quantity} items to use ${redeem.code}.` };
    const eligible = items.map((l, i) => ({ i, cents: Math.round(Number(l.product.price) * 100) * l.quantity, ok: "all" in d.items || ("productIds" in d.items && d.items.productIds.includes(l.product.id)) })).filter((x) => x.ok);
    const eligibleCents = eligible.reduce((n, x) => n + x.cents, 0);
    if (eligibleCents === 0) return { ok: false, error: `${redeem.code} discount code isn't valid for the items in your cart.` };
    discountCents = "percentage" in d.value ? Math.round(eligibleCents * d.value.percentage) : Math.min(eligibleCents, Math.round(Number(d.value.amount) * 100));
    let left = discountCents;
    eligible.forEach((x, k) => {
      const share = k === eligible.length - 1 ? left : Math.round((discountCents * x.cents) / eligibleCents);
      allocations.set(x.i, share);
      left -= share;
    });
    redeem.usageCount++;
    d.customersUsed.push(email);
    const value = d.value;
    const percent = "percentage" in value;
    application = {
      type: "discount_code",
      code: redeem.code,
      value: "percentage" in value ? String(Math.round(value.percentage * 1000) / 10) : value.amount,
      value_type: percent ? "percentage" : "fixed_amount",
      allocation_method: "across",
      target_selection: "all" in d.items ? "all" : "entitled",
      target_type: "line_item",
    };
    codeRecord = { code: redeem.code, amount: fmt(discountCents), type: percent ? "percentage" : "fixed_amount" };
  }

  const id = state.nextId++;
  const number = 1000 + Object.keys(shop.orders ?? {}).length + 1;
  const base = example("orders/create");
  const lineTemplate = ((base.line_items as Record<string, unknown>[]) ?? [])[0] ?? {};
  const currency = shop.currencyCode;
  const subtotal = gross - discountCents;
  const order: Record<string, unknown> = {
    ...base,
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${number}`,
    order_number: number,
    number,
    email,
    contact_email: email,
    customer: customerFor(base.customer, email),
    created_at: createdAt,
    updated_at: createdAt,
    processed_at: createdAt,
    cancelled_at: null,
    cancel_reason: null,
    currency,
    presentment_currency: currency,
    financial_status: "paid",
    total_line_items_price: fmt(gross),
    total_line_items_price_set: set(gross, currency),
    subtotal_price: fmt(subtotal),
    subtotal_price_set: set(subtotal, currency),
    current_subtotal_price: fmt(subtotal),
    current_subtotal_price_set: set(subtotal, currency),
    total_discounts: fmt(discountCents),
    total_discounts_set: set(discountCents, currency),
    current_total_discounts: fmt(discountCents),
    current_total_discounts_set: set(discountCents, currency),
    total_price: fmt(subtotal),
    total_price_set: set(subtotal, currency),
    current_total_price: fmt(subtotal),
    current_total_price_set: set(subtotal, currency),
    total_tax: "0.00",
    discount_codes: codeRecord ? [codeRecord] : [],
    discount_applications: application ? [application] : [],
    refunds: [],
    line_items: items.map((l, i) => {
      const allocated = allocations.get(i) ?? 0;
      return {
        ...lineTemplate,
        id: state.nextId++,
        admin_graphql_api_id: undefined,
        product_id: l.product.id,
        variant_id: l.product.variantId,
        title: l.product.title,
        name: l.product.title,
        price: l.product.price,
        price_set: set(Math.round(Number(l.product.price) * 100), currency),
        quantity: l.quantity,
        current_quantity: l.quantity,
        total_discount: fmt(allocated),
        total_discount_set: set(allocated, currency),
        discount_allocations: allocated ? [{ amount: fmt(allocated), amount_set: set(allocated, currency), discount_application_index: 0 }] : [],
      };
    }),
  };
  for (const li of order.line_items as Record<string, unknown>[]) li.admin_graphql_api_id = `gid://shopify/LineItem/${li.id}`;
  shop.orders = { ...(shop.orders ?? {}), [id]: order };
  return { ok: true, order };
}

export function cancelOrder(shop: ShopState, id: number): Record<string, unknown> | null {
  const order = shop.orders?.[id];
  if (!order) return null;
  order.cancelled_at = new Date().toISOString();
  order.cancel_reason = "customer";
  order.financial_status = "voided";
  return order;
}

export function refundOrder(state: EmulatorState, shop: ShopState, id: number, amount: string): Record<string, unknown> | null {
  const order = shop.orders?.[id];
  if (!order) return null;
  const refundId = state.nextId++;
  const base = example("refunds/create");
  const cents = Math.round(Number(amount) * 100);
  return {
    ...base,
    id: refundId,
    admin_graphql_api_id: `gid://shopify/Refund/${refundId}`,
    order_id: id,
    created_at: new Date().toISOString(),
    processed_at: new Date().toISOString(),
    refund_line_items: [{ ...(((base.refund_line_items as Record<string, unknown>[]) ?? [])[0] ?? {}), subtotal: cents / 100, subtotal_set: set(cents, shop.currencyCode) }],
    transactions: [{ kind: "refund", status: "success", amount: fmt(cents), currency: shop.currencyCode, gateway: "bogus" }],
  };
}
