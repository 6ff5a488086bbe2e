// Money as the merchant reads it: one home for formatting amounts held as integer cents.

// Made once: toLocaleString builds a new formatter on every call, which showed as a tenth of the
// portal page's server time (bench portal).
const DOLLARS = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const WHOLE_DOLLARS = new Intl.NumberFormat("en-US", { minimumFractionDigits: 0, maximumFractionDigits: 2 });

/** US dollars: "$1,234.50"; whole amounts without cents when `compact` ("$8 per conversion"). */
export function formatUsd(cents: number, opts: { compact?: boolean } = {}): string {
  const format = opts.compact && cents % 100 === 0 ? WHOLE_DOLLARS : DOLLARS;
  return `${cents < 0 ? "-" : ""}$${format.format(Math.abs(cents) / 100)}`;
}

/** An amount in any currency, as Shopify writes it in payloads and inputs: "12.50" (+ " CAD"). */
export function formatAmount(cents: number, currency = ""): string {
  return `${(cents / 100).toFixed(2)}${currency ? ` ${currency}` : ""}`;
}
