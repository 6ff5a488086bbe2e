// A conversion's status as merchants read it (the conversions list, the order page's block, R41):
// what its adjustments say, the exclusion first (it is the merchant's own word).
import { countedSale, isCancelled, isExcluded, netOf, type AdjustmentLike, type Counted } from "./adjustments";

export type ConversionStatus = "COUNTED" | "REFUNDED" | "PARTLY_REFUNDED" | "CANCELLED" | "EXCLUDED";

export function conversionStatusOf(c: Counted, adjustments: AdjustmentLike[]): ConversionStatus {
  if (isExcluded(adjustments)) return "EXCLUDED";
  if (isCancelled(adjustments)) return "CANCELLED";
  if (netOf(c, adjustments, "saleCents") <= 0 && countedSale(c, adjustments) > 0) return "REFUNDED";
  if (adjustments.some((a) => a.kind === "REFUND")) return "PARTLY_REFUNDED";
  return "COUNTED";
}
