// Reading the app's discounts back from a store (R37 drift): by their stored ids, a batch of
// discounts per call (nodes(ids:), null where a discount was deleted), then each multi-code
// discount's codes in pages of 250. Only what the app sets is read.
import type { AdminClient, DataOf } from "./client.server";
import { DISCOUNT_CODES_PAGE } from "./discounts.server";
import type { DiscountConditions, DiscountValue, ObservedDiscount } from "~/domain/drift/compare";

export const DRIFT_DISCOUNTS = `#graphql
  query DriftDiscounts($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on DiscountCodeNode {
        id
        codeDiscount {
          ... on DiscountCodeBasic {
            startsAt
            endsAt
            usageLimit
            appliesOncePerCustomer
            combinesWith { orderDiscounts productDiscounts shippingDiscounts }
            minimumRequirement {
              ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount } }
              ... on DiscountMinimumQuantity { greaterThanOrEqualToQuantity }
            }
            customerGets {
              value {
                ... on DiscountPercentage { percentage }
                ... on DiscountAmount { amount { amount } }
              }
              items { ... on AllDiscountItems { allItems } }
            }
            codesCount { count }
            codes(first: 2) { nodes { id code } }
          }
        }
      }
    }
  }
` as const;

/** Discounts per DRIFT_DISCOUNTS call: about 12 points each, well inside one query's limit. */
export const DISCOUNTS_PER_READ = 25;

type Node = NonNullable<DataOf<typeof DRIFT_DISCOUNTS>["nodes"][number]>;

const cents = (amount: string | number) => Math.round(Number(amount) * 100);

function observedOf(node: Node):
  | (Omit<ObservedDiscount, "codes"> & {
      codes: ObservedDiscount["codes"];
      codesCount: number;
    })
  | null {
  if (!("codeDiscount" in node) || !node.codeDiscount || !("startsAt" in node.codeDiscount)) return null;
  const d = node.codeDiscount;
  const v = d.customerGets.value;
  const value: DiscountValue =
    "percentage" in v
      ? { type: "PERCENTAGE", percent: Math.round(v.percentage * 10000) / 100 }
      : "amount" in v
        ? { type: "FIXED_AMOUNT", amountCents: cents(v.amount.amount) }
        : { type: "PERCENTAGE", percent: NaN };
  const min = d.minimumRequirement;
  const conditions: DiscountConditions = {
    minimumSubtotalCents: min && "greaterThanOrEqualToSubtotal" in min ? cents(min.greaterThanOrEqualToSubtotal.amount) : null,
    minimumQuantity: min && "greaterThanOrEqualToQuantity" in min ? Number(min.greaterThanOrEqualToQuantity) : null,
    oncePerCustomer: d.appliesOncePerCustomer,
    usageLimit: d.usageLimit ?? null,
    combinesWithOrder: d.combinesWith.orderDiscounts,
    combinesWithProduct: d.combinesWith.productDiscounts,
    combinesWithShipping: d.combinesWith.shippingDiscounts,
    allItems: "allItems" in d.customerGets.items,
  };
  return {
    startsAt: String(d.startsAt),
    endsAt: d.endsAt ? String(d.endsAt) : null,
    value,
    conditions,
    codes: d.codes.nodes.map((c) => ({ id: c.id, code: c.code })),
    codesCount: d.codesCount?.count ?? 0,
  };
}

/**
 * The discounts with these ids as the store holds them now: id → the discount, or null when the
 * store has no such discount (deleted). Every code of each discount is read.
 */
export async function readDiscounts(admin: AdminClient, ids: string[]): Promise<Map<string, ObservedDiscount | null>> {
  const out = new Map<string, ObservedDiscount | null>();
  for (let i = 0; i < ids.length; i += DISCOUNTS_PER_READ) {
    const part = ids.slice(i, i + DISCOUNTS_PER_READ);
    const { nodes } = await admin.query(DRIFT_DISCOUNTS, { ids: part });
    for (const [k, id] of part.entries()) {
      const node = nodes[k];
      const observed = node ? observedOf(node) : null;
      if (!observed) {
        out.set(id, null);
        continue;
      }
      const { codesCount, ...discount } = observed;
      if (codesCount > discount.codes.length) discount.codes = await allCodes(admin, id);
      out.set(id, discount);
    }
  }
  return out;
}

async function allCodes(admin: AdminClient, id: string) {
  const codes: { id: string; code: string }[] = [];
  let after: string | null = null;
  for (;;) {
    const res: DataOf<typeof DISCOUNT_CODES_PAGE> = await admin.query(DISCOUNT_CODES_PAGE, { id, after });
    const discount = res.discountNode?.discount;
    if (!discount || !("codes" in discount)) break;
    codes.push(...discount.codes.nodes.map((n) => ({ id: n.id, code: n.code })));
    if (!discount.codes.pageInfo.hasNextPage) break;
    after = discount.codes.pageInfo.endCursor ?? null;
  }
  return codes;
}
