// Money rules (R12, R28, R29, R40): amounts in cents, conversion to USD at the order's day with
// the latest daily reference rate on or before it, payouts per the offer.

export interface Rate {
  currency: string;
  day: string; // YYYY-MM-DD
  unitsPerUsd: number;
}

/** The rate that applies to a day: that day's, else the latest before it (weekends, holidays). */
export function rateFor(rates: Rate[], currency: string, day: string): Rate | null {
  if (currency === "USD") return { currency, day, unitsPerUsd: 1 };
  let best: Rate | null = null;
  for (const r of rates) if (r.currency === currency && r.day <= day && (!best || r.day > best.day)) best = r;
  return best;
}

/** Shop-currency cents to USD cents with a rate (rounded half away from zero). */
export function toUsdCents(cents: number, rate: Pick<Rate, "unitsPerUsd">): number {
  return Math.round(cents / rate.unitsPerUsd);
}

export interface PayoutTerms {
  payoutType: string; // FLAT | PERCENT | BOTH
  payoutFlatCents: number | null;
  payoutPercent: number | null;
}

/** R12: the same offer-level payout wherever the sale happened: flat USD, % of the USD sale, or both. */
export function payoutCents(terms: PayoutTerms, saleUsdCents: number): number {
  const flat = terms.payoutType === "PERCENT" ? 0 : terms.payoutFlatCents ?? 0;
  const percent = terms.payoutType === "FLAT" ? 0 : Math.round((saleUsdCents * (terms.payoutPercent ?? 0)) / 100);
  return flat + percent;
}

/** "404.95" (Shopify's money strings) to cents. */
export function moneyToCents(amount: string | number): number {
  const n = typeof amount === "number" ? amount : Number(amount);
  if (!Number.isFinite(n)) throw new Error(`not a money amount: ${amount}`);
  return Math.round(n * 100);
}
