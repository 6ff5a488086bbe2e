import type { Offer } from "@prisma/client";

/**
 * The stores an offer's codes live in. Today: the primary store. The sync engine (issue #5)
 * adds the offer's selected connected stores here, and every caller follows.
 */
export function targetStoresFor(offer: Pick<Offer, "shop">): string[] {
  return [offer.shop];
}
