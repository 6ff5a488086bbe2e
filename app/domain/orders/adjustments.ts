// What changes a conversion after it is counted (R28, R40; issue 14): never its own row's amounts,
// always an adjustment beside it, so that what was reported stays as it was and each change is
// visible with its reason.
// - REFUND: a refund takes back its share of the sale (the order's refunded sale over the order's
//   sale, app/domain/orders/refunds.ts), and the same share of the USD value and payout.
// - CANCEL: what is left goes to zero.
// - EDIT: orders/updated after an order edit: current_subtotal_price moved other than by refunds.
// - REVALUE: the conversion was valued at a stale rate (provisional) and a fresher one arrived.
// - EXCLUDE: the merchant excluded the order from payouts: what is left of the payout goes to zero.
// - ATTRIBUTE: the merchant attributed an order that used no tracked code to a member (R41): the
//   conversion row is counted at zero and this adjustment carries the whole sale and payout, so
//   a closed month gains a visible correction instead of a rewritten line (docs/decisions/120).
import { type PayoutTerms } from "~/domain/money/money";
import { refundedSaleCents, type RefundLike } from "./refunds";

export type AdjustmentKind = "REFUND" | "CANCEL" | "EDIT" | "REVALUE" | "EXCLUDE" | "ATTRIBUTE";
export type Amount = "saleCents" | "saleUsdCents" | "payoutCents";
export const AMOUNTS: Amount[] = ["saleCents", "saleUsdCents", "payoutCents"];

export interface Counted {
  saleCents: number;
  saleUsdCents: number;
  payoutCents: number;
}
export interface AdjustmentLike extends Counted {
  kind: string;
}

/** What is left of a conversion after all its adjustments. */
export function netOf(c: Counted, adjustments: AdjustmentLike[], k: Amount): number {
  return c[k] + adjustments.reduce((n, a) => n + a[k], 0);
}

/** The sale as counted: the row's, or for a manual attribution its ATTRIBUTE adjustment's. */
export function countedSale(c: Pick<Counted, "saleCents">, adjustments: AdjustmentLike[]): number {
  return c.saleCents + adjustments.filter((a) => a.kind === "ATTRIBUTE").reduce((n, a) => n + a.saleCents, 0);
}

/** The sale refunds are a share of: the conversion as counted and edited (not refunded). */
export function saleBasis(c: Counted, adjustments: AdjustmentLike[]): number {
  return countedSale(c, adjustments) + adjustments.filter((a) => a.kind === "EDIT").reduce((n, a) => n + a.saleCents, 0);
}

/**
 * A share (0..1) of the sale taken back, never more than is left (R28). The USD value and the
 * payout lose the same part of what is left of them as the sale does, so a conversion refunded in
 * full ends at zero whatever revaluations and edits came between.
 */
export function shareTaken(c: Counted, adjustments: AdjustmentLike[], fraction: number): Counted {
  const left = netOf(c, adjustments, "saleCents");
  const sale = Math.max(0, Math.min(left, Math.round(saleBasis(c, adjustments) * fraction)));
  const part = left > 0 ? sale / left : 0;
  const of = (k: Amount) => -Math.max(0, Math.round(netOf(c, adjustments, k) * part));
  return { saleCents: -sale, saleUsdCents: of("saleUsdCents"), payoutCents: of("payoutCents") };
}

/** An exclusion from payouts: the payout left goes to zero; the sale stays a sale. */
export function excluded(c: Counted, adjustments: AdjustmentLike[]): Counted {
  return { saleCents: 0, saleUsdCents: 0, payoutCents: -netOf(c, adjustments, "payoutCents") };
}

export const isCancelled = (adjustments: { kind: string }[]) => adjustments.some((a) => a.kind === "CANCEL");
export const isExcluded = (adjustments: { kind: string }[]) => adjustments.some((a) => a.kind === "EXCLUDE");
export const isAttributed = (adjustments: { kind: string }[]) => adjustments.some((a) => a.kind === "ATTRIBUTE");

/** The part of a payout that follows the USD sale (a flat payout does not move with it). */
export function percentPayoutDelta(terms: PayoutTerms, deltaUsdCents: number): number {
  return terms.payoutType === "FLAT" ? 0 : Math.round((deltaUsdCents * (terms.payoutPercent ?? 0)) / 100);
}

/**
 * The fraction of the order's sale a refund takes back (R28, R40: partial refunds adjust
 * proportionally); every conversion of the order loses that fraction of its sale.
 */
export function refundFraction(refund: RefundLike, currency: string, orderSaleCents: number): number {
  const refunded = refundedSaleCents(refund, currency);
  if (orderSaleCents <= 0 || refunded <= 0) return 0;
  return Math.min(1, refunded / orderSaleCents);
}

/**
 * Issue 14 §6: how much an order edit moved the sale. current_subtotal_price reflects edits,
 * returns and refunds (Shopify's Order resource); the refunds are adjustments of their own, so the
 * edit is current − (subtotal_price − refunded so far, from the payload's refunds[]). Null when
 * the payload has no current_subtotal_price.
 */
export function editedByCents(order: { saleCents: number; currentSaleCents: number | null; refunds: RefundLike[] }, currency: string): number | null {
  if (order.currentSaleCents === null) return null;
  const refunded = order.refunds.reduce((n, r) => n + refundedSaleCents(r, currency), 0);
  return order.currentSaleCents - (order.saleCents - refunded);
}

/** A conversion's part of an order-level change: its sale over the order's sale. */
export function conversionShare(c: { saleCents: number; orderSaleCents: number | null }): number {
  const order = c.orderSaleCents ?? c.saleCents;
  return order > 0 ? c.saleCents / order : 0;
}

/** A cancellation: everything left goes to zero. */
export function allLeft(c: Counted, adjustments: AdjustmentLike[]): Counted {
  return { saleCents: -netOf(c, adjustments, "saleCents"), saleUsdCents: -netOf(c, adjustments, "saleUsdCents"), payoutCents: -netOf(c, adjustments, "payoutCents") };
}
