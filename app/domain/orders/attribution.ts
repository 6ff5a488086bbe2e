// R27, R12 (issue 14 §1): how an order's sale is split among the tracked codes it used, so that
// two members' codes on one order are never both credited the whole order. The sale is the
// order's subtotal_price (lines after discounts, before shipping and tax; app/domain/orders/refunds.ts).
//
// - SOLE: one tracked code: the whole sale (the order is attributed to that member, R27).
// - LINES: each code's share of the discounted lines it touched. A line's value is its price ×
//   quantity less every allocation on it; a line touched by one tracked code counts for that code,
//   a line touched by several (an order-level code on every line and a product code on some)
//   is shared by their allocated amounts on that line. The sale is split in proportion to those
//   values, so the shares add up to the order's sale exactly (lines no tracked code touched, and
//   shipping, follow the same proportions).
// - AMOUNTS: no line carries an allocation of the tracked codes (a payload without
//   discount_allocations): split by discount_codes[].amount, what each code took off.
// - EQUAL: nothing to weigh by (every amount zero): equal parts.
// Rounding gives the leftover cents to the largest remainders, so the parts never exceed the sale.

export type AttributionMethod = "SOLE" | "LINES" | "AMOUNTS" | "EQUAL";

export interface OrderForAttribution {
  saleCents: number;
  lines: { priceCents: number; quantity: number; allocations: { amountCents: number; applicationIndex: number }[] }[];
  applications: { type: string; code: string | null }[];
  codes: { code: string; amountCents: number }[];
}

export interface Attribution {
  method: AttributionMethod;
  /** Cents of sale per code key (upper-cased), adding up to the order's sale. */
  saleCents: Map<string, number>;
}

export const codeKeyOf = (code: string) => code.trim().toUpperCase();

/** Splits `total` into parts proportional to `weights` (non-negative), adding up to `total` exactly. */
export function splitByWeights(total: number, weights: number[]): number[] {
  const sum = weights.reduce((n, w) => n + w, 0);
  if (!weights.length) return [];
  if (sum <= 0)
    return splitByWeights(
      total,
      weights.map(() => 1),
    );
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map((x) => Math.floor(x));
  let left = total - parts.reduce((n, p) => n + p, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k]!.i]! += 1;
  return parts;
}

/** The sale of each tracked code key (`keys`, upper-cased, distinct) of an order. */
export function attributeSale(order: OrderForAttribution, keys: string[]): Attribution {
  const saleCents = new Map<string, number>();
  if (keys.length === 1) return { method: "SOLE", saleCents: new Map([[keys[0]!, order.saleCents]]) };
  const indexesOf = new Map(keys.map((k) => [k, new Set(order.applications.flatMap((a, i) => (a.type === "discount_code" && a.code && codeKeyOf(a.code) === k ? [i] : [])))]));
  const weights = new Map(keys.map((k) => [k, 0]));
  for (const line of order.lines) {
    const value = Math.max(0, line.priceCents * line.quantity - line.allocations.reduce((n, a) => n + a.amountCents, 0));
    const byKey = keys.map((k) => line.allocations.filter((a) => indexesOf.get(k)!.has(a.applicationIndex)).reduce((n, a) => n + a.amountCents, 0));
    const touched = byKey.reduce((n, x) => n + x, 0);
    if (touched <= 0) continue;
    keys.forEach((k, i) => weights.set(k, weights.get(k)! + (value * byKey[i]!) / touched));
  }
  let method: AttributionMethod = "LINES";
  let w = keys.map((k) => weights.get(k)!);
  if (w.every((x) => x <= 0)) {
    method = "AMOUNTS";
    w = keys.map((k) => order.codes.filter((c) => codeKeyOf(c.code) === k).reduce((n, c) => n + Math.max(0, c.amountCents), 0));
    if (w.every((x) => x <= 0)) method = "EQUAL";
  }
  splitByWeights(order.saleCents, w).forEach((cents, i) => saleCents.set(keys[i]!, cents));
  return { method, saleCents };
}
