// Drift (R37): which decisions the merchant may take on a finding. Adopt makes the store's value
// the app's, where the rules allow it (R3: a synced offer is a percentage on the whole order; R10:
// only the value varies per store; R13: a synced code lives in every store, so a code's drift is
// adopted for the member everywhere). Revert puts the app's state back in that store.
import type { DriftKind } from "./kinds";

export interface OfferShape {
  syncEnabled: boolean;
  discountType: string;
}

export interface DriftFacts {
  kind: DriftKind;
  after: Record<string, unknown>;
  /** The finding is about a member's code (not a bulk code). */
  memberCode: boolean;
}

/** true, or why the decision is not offered. */
export type Allowed = true | string;

export function adoptAllowed(offer: OfferShape, item: DriftFacts): Allowed {
  switch (item.kind) {
    case "DISCOUNT_DELETED":
    case "DISCOUNT_DEACTIVATED":
    case "CODE_REMOVED":
      return item.memberCode || item.kind !== "CODE_REMOVED" ? true : "Only a member's code can be deactivated for them.";
    case "DATES_CHANGED":
    case "CODE_ADDED":
      return true;
    case "VALUE_CHANGED":
      if (offer.syncEnabled && item.after.type !== "PERCENTAGE") return "A synced offer's discount is a percentage (R3).";
      return true;
    case "CONDITIONS_CHANGED":
      if ("allItems" in item.after && item.after.allItems === false) return "The app cannot take products or collections chosen in Shopify.";
      return true;
    case "CODE_RENAMED":
      if (offer.syncEnabled) return "A synced code has one name in every store: refresh the member's code to rename it everywhere (R13, R20).";
      return item.memberCode ? true : "Only a member's code can be renamed.";
  }
}

/** What adopting does, in a sentence for the confirmation and the audit log. */
export function adoptEffect(kind: DriftKind): string {
  switch (kind) {
    case "DISCOUNT_DELETED":
      return "The members' codes of this discount are deactivated in every store (activating them later recreates the discount).";
    case "DISCOUNT_DEACTIVATED":
    case "CODE_REMOVED":
      return "The member's code is deactivated in every store.";
    case "DATES_CHANGED":
      return "The offer (or the member's code) takes these dates, in every store.";
    case "VALUE_CHANGED":
      return "The offer takes this value (this store's own value when values differ per store).";
    case "CONDITIONS_CHANGED":
      return "The offer takes these conditions, in every store.";
    case "CODE_RENAMED":
      return "The member's code takes the new name.";
    case "CODE_ADDED":
      return "The code stays in the discount; the app leaves it alone.";
  }
}

export function revertEffect(kind: DriftKind): string {
  switch (kind) {
    case "DISCOUNT_DELETED":
      return "The discount is created again in this store with its codes.";
    case "CODE_REMOVED":
      return "The member's code is added back.";
    case "CODE_RENAMED":
      return "The member's code gets its name back.";
    case "CODE_ADDED":
      return "The code is taken out of the app's discount.";
    case "DISCOUNT_DEACTIVATED":
    case "DATES_CHANGED":
    case "VALUE_CHANGED":
    case "CONDITIONS_CHANGED":
      return "The offer's settings are put back on the discount.";
  }
}
