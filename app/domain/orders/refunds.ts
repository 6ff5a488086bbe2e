// R28: how much of an order's sale a refunds/create takes back, in the order's (shop) currency.
// A conversion's sale is the order's subtotal_price: line items after discounts, before shipping
// and tax. Shopify's refund payload (FACTS §3.3, webhook-examples/refunds/create.json) says it in
// one of two ways:
// - refund_line_items[]: the lines refunded, each with its `subtotal` (a number) and subtotal_set;
//   the sale goes down by their subtotals (tax and shipping refunds are not part of the sale);
// - an amount-only refund (the merchant refunds an amount, no line): refund_line_items is empty,
//   the money is in transactions[] (kind "refund", status "success") and the gap between lines
//   and money is an order adjustment of kind "refund_discrepancy" (amount negative, amount_set in
//   shop and presentment money). The sale goes down by that amount, less any shipping refunded in
//   refund_shipping_lines. Transactions are used only when there is no discrepancy adjustment, and
//   only those in the order's currency (a transaction's `amount` is in the currency it was paid in).

export interface MoneySetLike {
  shop_money?: { amount: string | number; currency_code?: string | null } | null;
}

export interface RefundLike {
  refund_line_items: { subtotal: string | number; subtotal_set?: MoneySetLike | null }[];
  order_adjustments: { kind?: string | null; amount: string | number; amount_set?: MoneySetLike | null }[];
  transactions: { kind?: string | null; status?: string | null; amount: string | number; currency?: string | null }[];
  refund_shipping_lines: { subtotal_amount_set?: MoneySetLike | null; amount?: string | number | null }[];
}

const toCents = (amount: string | number) => {
  const n = Number(amount);
  return Number.isFinite(n) ? Math.round(n * 100) : 0;
};
const shopCents = (set: MoneySetLike | null | undefined, fallback: string | number) => toCents(set?.shop_money?.amount ?? fallback);

/** Cents of sale refunded (never negative). `currency` is the order's shop currency. */
export function refundedSaleCents(refund: RefundLike, currency: string): number {
  if (refund.refund_line_items.length)
    return Math.max(
      0,
      refund.refund_line_items.reduce((n, li) => n + shopCents(li.subtotal_set, li.subtotal), 0),
    );
  const shipping = refund.refund_shipping_lines.reduce((n, s) => n + shopCents(s.subtotal_amount_set, s.amount ?? 0), 0);
  const discrepancies = refund.order_adjustments.filter((a) => a.kind === "refund_discrepancy");
  const money = discrepancies.length
    ? discrepancies.reduce((n, a) => n + Math.abs(shopCents(a.amount_set, a.amount)), 0)
    : refund.transactions
        .filter((t) => t.kind === "refund" && (t.status ?? "success") === "success" && (!t.currency || t.currency === currency))
        .reduce((n, t) => n + toCents(t.amount), 0);
  return Math.max(0, money - shipping);
}
