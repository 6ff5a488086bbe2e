// The titles of an offer's discounts in Shopify: one home, used to create them, update them and
// recognise them again after a crash (a discount is adopted only when its title is ours).
interface Titled {
  groupName: string;
}

/** The unified discount holding all of an offer's codes in a store (R5). */
export const unifiedDiscountTitle = (offer: Titled) => offer.groupName;

/** A code's own discount (per-code dates, R5). */
export const perCodeDiscountTitle = (offer: Titled, code: string) => `${offer.groupName} · ${code}`;
