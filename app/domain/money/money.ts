// Money rules (R12, R28, R29, R40): amounts in cents, conversion to USD with a rate (which rate
// applies to an order's day is usdRateFor's, app/services/rates.server.ts), payouts per the offer.

export interface Rate {
  currency: string;
  day: string; // YYYY-MM-DD
  unitsPerUsd: number;
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
  const flat = terms.payoutType === "PERCENT" ? 0 : (terms.payoutFlatCents ?? 0);
  const percent = terms.payoutType === "FLAT" ? 0 : Math.round((saleUsdCents * (terms.payoutPercent ?? 0)) / 100);
  return flat + percent;
}

/** "404.95" (Shopify's money strings) to cents. */
export function moneyToCents(amount: string | number): number {
  const n = typeof amount === "number" ? amount : Number(amount);
  if (!Number.isFinite(n)) throw new Error(`not a money amount: ${amount}`);
  return Math.round(n * 100);
}

/**
 * R40 (issue 14 §5): how good the rate used for an order is. CURRENT: from the order's day or at
 * most `staleDays` before it; PROVISIONAL: older (the refresh job was offline, the bundled table
 * ends); BEFORE_OLDEST: the order is older than every stored rate, so the oldest one is used.
 * A provisional or before-oldest conversion is revalued when a better rate arrives.
 */
export type RateStatus = "CURRENT" | "PROVISIONAL" | "BEFORE_OLDEST";
export const DEFAULT_RATE_STALE_DAYS = 7;

const dayNumber = (day: string) => Math.round(new Date(`${day}T00:00:00Z`).getTime() / 86400_000);

export function rateStatusOf(orderDay: string, rateDay: string, staleDays = DEFAULT_RATE_STALE_DAYS): RateStatus {
  if (rateDay > orderDay) return "BEFORE_OLDEST";
  return dayNumber(orderDay) - dayNumber(rateDay) > staleDays ? "PROVISIONAL" : "CURRENT";
}

/** How far a rate is from the order's day (a rate after the day counts as worse than any before it). */
export function rateDistance(orderDay: string, rateDay: string): number {
  const d = dayNumber(orderDay) - dayNumber(rateDay);
  return d >= 0 ? d : 1_000_000 - d;
}

/** Whether `candidate` is a better rate for the order's day than `current` (R40 revaluation). */
export function isBetterRate(orderDay: string, currentDay: string, candidateDay: string): boolean {
  return rateDistance(orderDay, candidateDay) < rateDistance(orderDay, currentDay);
}

/** Days between a rate's day and today: how stale the newest stored rate is. */
export function daysBetween(fromDay: string, toDay: string): number {
  return dayNumber(toDay) - dayNumber(fromDay);
}
