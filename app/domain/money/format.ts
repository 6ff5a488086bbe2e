// Money as the merchant reads it: one home for formatting amounts held as integer cents.

/** US dollars: "$1,234.50"; whole amounts without cents when `compact` ("$8 per conversion"). */
export function formatUsd(cents: number, opts: { compact?: boolean } = {}): string {
  const digits = opts.compact && cents % 100 === 0 ? 0 : 2;
  return `${cents < 0 ? "-" : ""}$${(Math.abs(cents) / 100).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: 2 })}`;
}

/** An amount in any currency, as Shopify writes it in payloads and inputs: "12.50" (+ " CAD"). */
export function formatAmount(cents: number, currency = ""): string {
  return `${(cents / 100).toFixed(2)}${currency ? ` ${currency}` : ""}`;
}
