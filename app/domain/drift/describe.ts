// Drift (R37): each side of a finding in words, for the drift list ("Before (the app)" / "Now in
// Shopify").
import type { DriftKind } from "./kinds";

const day = (v: unknown) => (typeof v === "string" && v ? v.slice(0, 16).replace("T", " ") : null);
const money = (cents: unknown) => (typeof cents === "number" ? (cents / 100).toFixed(2) : "none");

const CONDITION_WORDS: Record<string, (v: unknown) => string> = {
  minimumSubtotalCents: (v) => `minimum subtotal ${v == null ? "none" : money(v)}`,
  minimumQuantity: (v) => `minimum quantity ${v == null ? "none" : String(v)}`,
  oncePerCustomer: (v) => `once per customer: ${v ? "yes" : "no"}`,
  usageLimit: (v) => `usage limit ${v == null ? "none" : String(v)}`,
  combinesWithOrder: (v) => `combines with order discounts: ${v ? "yes" : "no"}`,
  combinesWithProduct: (v) => `combines with product discounts: ${v ? "yes" : "no"}`,
  combinesWithShipping: (v) => `combines with shipping discounts: ${v ? "yes" : "no"}`,
  allItems: (v) => (v ? "applies to the whole order" : "applies to chosen products or collections"),
};

export function describeSide(kind: DriftKind, side: "before" | "after", values: Record<string, unknown>): string {
  switch (kind) {
    case "DISCOUNT_DELETED":
      return side === "before" ? `Discount with ${String(values.codes ?? 0)} codes` : "Deleted";
    case "DISCOUNT_DEACTIVATED":
      return side === "before" ? (day(values.endsAt) ? `Active until ${day(values.endsAt)}` : "Active, no end date") : `Ended ${day(values.endsAt) ?? ""}`.trim();
    case "DATES_CHANGED":
      return `${day(values.startsAt) ?? "?"} → ${day(values.endsAt) ?? "no end date"}`;
    case "VALUE_CHANGED":
      return values.type === "PERCENTAGE" ? `${String(values.percent)}% off` : `${money(values.amountCents)} off`;
    case "CONDITIONS_CHANGED":
      return Object.entries(values)
        .map(([field, v]) => CONDITION_WORDS[field]?.(v) ?? `${field}: ${String(v)}`)
        .join("; ");
    case "CODE_REMOVED":
      return side === "before" ? String(values.code ?? "") : "Removed";
    case "CODE_RENAMED":
      return String(values.code ?? "");
    case "CODE_ADDED":
      return side === "before" ? "Not in the app's discount" : String(values.code ?? "");
  }
}
