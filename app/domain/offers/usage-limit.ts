// R15: who enforces an offer's usage limit. One home: the discount input and the conversion
// worker both ask here (decision 040).
// - Per order: Shopify counts uses per redeem code, so the limit is set on Shopify's discount and
//   Shopify enforces it at checkout, in every store.
// - Per item (units of discounted items): Shopify has no such count; the app counts from order
//   webhooks and deactivates the code in every store at the limit.
export type UsageLimitEnforcer = "SHOPIFY" | "APP";

export function usageLimitEnforcer(offer: { usageLimit: number | null; usageUnit: string }): UsageLimitEnforcer | null {
  if (offer.usageLimit === null) return null;
  return offer.usageUnit === "PER_ITEM" ? "APP" : "SHOPIFY";
}
