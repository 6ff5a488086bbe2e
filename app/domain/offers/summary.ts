// The offer page's summary (issue 21, R2–R5, R14, R15): every setting that decides what a code
// does at checkout and what a creator earns, in the words of the offer form. One home, tested.
import { formatAmount } from "../money/format";
import { describeDiscount, describePayout } from "./describe";

export interface SummaryOffer {
  kind: string;
  groupName: string;
  discountType: string;
  discountPercent: number | null;
  discountAmountCents: number | null;
  payoutType: string;
  payoutFlatCents: number | null;
  payoutPercent: number | null;
  namingPattern: string;
  namingPrefix: string;
  namingSuffix: string;
  minimumType: string;
  minimumSubtotalCents: number | null;
  minimumQuantity: number | null;
  oncePerCustomer: boolean;
  appliesTo: string;
  productIds: string;
  collectionIds: string;
  usageLimit: number | null;
  usageUnit: string;
  combinesWithOrder: boolean;
  combinesWithProduct: boolean;
  combinesWithShipping: boolean;
  syncEnabled: boolean;
  sameValueAcrossStores: boolean;
}

export interface SummaryItem {
  term: string;
  description: string;
}

const count = (json: string) => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.length : 0;
  } catch {
    return 0;
  }
};
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** `stores`: the connected stores the offer syncs to, with their own percentage when values differ (R4). */
export function offerSummary(offer: SummaryOffer, ctx: { currency: string; stores: { label: string; discountPercent: number | null }[]; members: number }): SummaryItem[] {
  const discount = describeDiscount(offer, ctx.currency);
  const perStore =
    offer.syncEnabled && !offer.sameValueAcrossStores && offer.discountType === "PERCENTAGE" && ctx.stores.length
      ? ` here; ${ctx.stores.map((s) => `${s.label}: ${s.discountPercent ?? offer.discountPercent}% off`).join(", ")}`
      : "";
  const minimum =
    offer.minimumType === "SUBTOTAL"
      ? `Purchases of ${formatAmount(offer.minimumSubtotalCents ?? 0, ctx.currency)} or more`
      : offer.minimumType === "QUANTITY"
        ? `At least ${plural(offer.minimumQuantity ?? 0, "item")}`
        : "No minimum";
  const appliesTo =
    offer.appliesTo === "PRODUCTS"
      ? plural(count(offer.productIds), "product")
      : offer.appliesTo === "COLLECTIONS"
        ? plural(count(offer.collectionIds), "collection")
        : "All products";
  const combines = [offer.combinesWithProduct && "product", offer.combinesWithOrder && "order", offer.combinesWithShipping && "shipping"].filter(Boolean) as string[];
  const combinations = combines.length
    ? `Combines with ${combines.length === 1 ? combines[0] : `${combines.slice(0, -1).join(", ")} and ${combines[combines.length - 1]}`} discounts`
    : "Doesn't combine with other discounts";
  const usage = offer.usageLimit ? `${plural(offer.usageLimit, offer.usageUnit === "PER_ITEM" ? "discounted item" : "order")} per code` : "No limit";
  const stores = offer.syncEnabled && ctx.stores.length ? `This store and ${ctx.stores.map((s) => s.label).join(", ")}` : "This store only";
  return [
    { term: "Discount", description: `${discount}${perStore}` },
    { term: "Applies to", description: appliesTo },
    { term: "Minimum purchase", description: minimum },
    { term: "Once per customer", description: offer.oncePerCustomer ? "Yes: each customer can use a code once" : "No" },
    { term: "Combinations", description: combinations },
    { term: "Usage limit", description: usage },
    { term: "Payout", description: describePayout(offer) },
    { term: "Discount group", description: offer.groupName },
    ...(offer.kind === "MEMBER_CODES"
      ? [
          { term: "Naming", description: `${offer.namingPrefix}${offer.namingPattern}${offer.namingSuffix}` },
          { term: "Members", description: plural(ctx.members, "member") },
        ]
      : [{ term: "Kind", description: "One shared group code" }]),
    { term: "Stores", description: stores },
  ];
}
