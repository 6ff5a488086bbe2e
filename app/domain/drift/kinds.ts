// Drift (R37): the closed vocabularies of what can differ between the app and a store, what became
// of a finding, and where it was found. Stored as strings in DriftItem (prisma/models.prisma).

export const DRIFT_KINDS = [
  "DISCOUNT_DELETED",
  "DISCOUNT_DEACTIVATED",
  "DATES_CHANGED",
  "VALUE_CHANGED",
  "CONDITIONS_CHANGED",
  "CODE_REMOVED",
  "CODE_RENAMED",
  "CODE_ADDED",
] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/**
 * OPEN: shown, waiting for the merchant. REVERTING: the app is putting its state back (a job);
 * the next check of the discount turns it into REVERTED, or OPEN again when the store still
 * differs. ADOPTED: the app took the store's value. RESOLVED: the store went back by itself.
 */
export type DriftStatus = "OPEN" | "REVERTING" | "REVERTED" | "ADOPTED" | "RESOLVED";
export const UNRESOLVED: DriftStatus[] = ["OPEN", "REVERTING"];

export type DriftSource = "WEBHOOK" | "RECONCILE" | "SYNC";
export type DriftDecision = "ADOPT" | "REVERT";

export function isDriftKind(value: string): value is DriftKind {
  return (DRIFT_KINDS as readonly string[]).includes(value);
}

export const KIND_LABELS: Record<DriftKind, string> = {
  DISCOUNT_DELETED: "Discount deleted",
  DISCOUNT_DEACTIVATED: "Discount deactivated",
  DATES_CHANGED: "Dates changed",
  VALUE_CHANGED: "Discount value changed",
  CONDITIONS_CHANGED: "Conditions changed",
  CODE_REMOVED: "Member's code removed",
  CODE_RENAMED: "Member's code renamed",
  CODE_ADDED: "Code added by someone else",
};
