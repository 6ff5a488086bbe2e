// How an offer reads in lists and pages (R14): its status, discount and payout. One home.
import { formatAmount, formatUsd } from "~/domain/money/format";

export type OfferStatus = "Active" | "Scheduled" | "Ended" | "Archived";

export function offerStatus(offer: { startsAt: Date; endsAt: Date | null; archivedAt: Date | null }, now = new Date()): OfferStatus {
  if (offer.archivedAt) return "Archived";
  if (offer.endsAt && offer.endsAt <= now) return "Ended";
  if (offer.startsAt > now) return "Scheduled";
  return "Active";
}

export function describeDiscount(offer: { discountType: string; discountPercent: number | null; discountAmountCents: number | null }, currency = ""): string {
  if (offer.discountType === "PERCENTAGE") return `${offer.discountPercent}% off`;
  return `${formatAmount(offer.discountAmountCents ?? 0, currency)} off`;
}

export function describePayout(offer: { payoutType: string; payoutFlatCents: number | null; payoutPercent: number | null }): string {
  const flat = offer.payoutFlatCents !== null ? `${formatUsd(offer.payoutFlatCents, { compact: true })} per conversion` : "";
  const pct = offer.payoutPercent !== null ? `${offer.payoutPercent}% of sale` : "";
  return offer.payoutType === "BOTH" ? `${flat} + ${pct}` : offer.payoutType === "FLAT" ? flat : pct;
}
