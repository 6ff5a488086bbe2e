// Drift (R37): what the app expects one of its discounts to be in a store, what the store holds,
// and the differences between the two. Plain data in, findings out; the service reads both sides.
import type { DriftKind } from "./kinds";

export type DiscountValue = { type: "PERCENTAGE"; percent: number } | { type: "FIXED_AMOUNT"; amountCents: number };

/** The settings the app sets on a discount besides its value and dates (R14). */
export interface DiscountConditions {
  minimumSubtotalCents: number | null;
  minimumQuantity: number | null;
  oncePerCustomer: boolean;
  usageLimit: number | null;
  combinesWithOrder: boolean;
  combinesWithProduct: boolean;
  combinesWithShipping: boolean;
  /** The discount applies to the whole order (false: products or collections). */
  allItems: boolean;
}

export interface ExpectedCode {
  promoCodeId: string;
  code: string;
  redeemCodeId: string | null;
}

export interface ExpectedDiscount {
  /** False for a per-code discount whose code the app deactivated: it is expired on purpose. */
  active: boolean;
  startsAt: Date;
  endsAt: Date | null;
  value: DiscountValue;
  conditions: DiscountConditions;
  /** The codes the app put in this discount and that should be there now (synced). */
  codes: ExpectedCode[];
  /** Codes (any case) the app is adding or removing right now, or knows of otherwise: never drift. */
  ignoredCodes: string[];
}

export interface ObservedDiscount {
  startsAt: string;
  endsAt: string | null;
  value: DiscountValue;
  conditions: DiscountConditions;
  codes: { id: string; code: string }[];
}

export interface DriftFinding {
  kind: DriftKind;
  /** Stable within one discount: the same difference found again updates the same item. */
  key: string;
  promoCodeId?: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

const seconds = (d: Date | string | null) => (d === null ? null : Math.floor(new Date(d).getTime() / 1000));
const iso = (d: Date | string | null) => (d === null ? null : new Date(Math.floor(new Date(d).getTime() / 1000) * 1000).toISOString());

/** Percentages as the app sends them: two decimals (discountInputFor). */
export const roundPercent = (percent: number) => Math.round(percent * 100) / 100;

export function sameValue(a: DiscountValue, b: DiscountValue): boolean {
  if (a.type === "PERCENTAGE" && b.type === "PERCENTAGE") return Math.abs(roundPercent(a.percent) - roundPercent(b.percent)) < 1e-6;
  if (a.type === "FIXED_AMOUNT" && b.type === "FIXED_AMOUNT") return a.amountCents === b.amountCents;
  return false;
}

const CONDITION_FIELDS: (keyof DiscountConditions)[] = [
  "minimumSubtotalCents",
  "minimumQuantity",
  "oncePerCustomer",
  "usageLimit",
  "combinesWithOrder",
  "combinesWithProduct",
  "combinesWithShipping",
  "allItems",
];

/** The condition fields that differ, each side's values. */
export function conditionChanges(expected: DiscountConditions, observed: DiscountConditions) {
  const fields = CONDITION_FIELDS.filter((f) => expected[f] !== observed[f]);
  return {
    fields,
    before: Object.fromEntries(fields.map((f) => [f, expected[f]])),
    after: Object.fromEntries(fields.map((f) => [f, observed[f]])),
  };
}

/**
 * The differences between one discount as the app expects it and as the store holds it (null:
 * deleted). Codes are compared case-insensitively, as Shopify does. A member's code missing while
 * one unknown code appeared (or an unknown code holding the member's redeem-code id) is a rename.
 */
export function compareDiscount(expected: ExpectedDiscount, observed: ObservedDiscount | null, now: Date): DriftFinding[] {
  if (!observed)
    return [
      {
        kind: "DISCOUNT_DELETED",
        key: "discount",
        before: { codes: expected.codes.length },
        after: {},
      },
    ];
  const findings: DriftFinding[] = [];
  const nowS = seconds(now)!;
  if (expected.active) {
    const endedThere = observed.endsAt !== null && seconds(observed.endsAt)! <= nowS;
    const endedHere = expected.endsAt !== null && seconds(expected.endsAt)! <= nowS;
    if (endedThere && !endedHere) {
      findings.push({
        kind: "DISCOUNT_DEACTIVATED",
        key: "discount",
        before: { endsAt: iso(expected.endsAt) },
        after: { endsAt: iso(observed.endsAt) },
      });
    } else if (seconds(expected.startsAt) !== seconds(observed.startsAt) || seconds(expected.endsAt) !== seconds(observed.endsAt)) {
      findings.push({
        kind: "DATES_CHANGED",
        key: "dates",
        before: {
          startsAt: iso(expected.startsAt),
          endsAt: iso(expected.endsAt),
        },
        after: {
          startsAt: iso(observed.startsAt),
          endsAt: iso(observed.endsAt),
        },
      });
    }
  }
  if (!sameValue(expected.value, observed.value))
    findings.push({
      kind: "VALUE_CHANGED",
      key: "value",
      before: { ...expected.value },
      after: { ...observed.value },
    });
  const changes = conditionChanges(expected.conditions, observed.conditions);
  if (changes.fields.length)
    findings.push({
      kind: "CONDITIONS_CHANGED",
      key: "conditions",
      before: changes.before,
      after: changes.after,
    });
  findings.push(...compareCodes(expected, observed.codes));
  return findings;
}

function compareCodes(expected: ExpectedDiscount, observed: { id: string; code: string }[]): DriftFinding[] {
  const upper = (s: string) => s.toUpperCase();
  const there = new Map(observed.map((c) => [upper(c.code), c]));
  const mine = new Set(expected.codes.map((c) => upper(c.code)));
  const ignored = new Set(expected.ignoredCodes.map(upper));
  const missing = expected.codes.filter((c) => !there.has(upper(c.code)) && !ignored.has(upper(c.code)));
  let extra = observed.filter((c) => !mine.has(upper(c.code)) && !ignored.has(upper(c.code)));
  const findings: DriftFinding[] = [];
  const renamed = (m: ExpectedCode, to: { id: string; code: string }) => {
    findings.push({
      kind: "CODE_RENAMED",
      key: `code:${m.promoCodeId}`,
      promoCodeId: m.promoCodeId,
      before: { code: m.code },
      after: { code: to.code, redeemCodeId: to.id },
    });
    extra = extra.filter((e) => e !== to);
  };
  const unpaired: ExpectedCode[] = [];
  for (const m of missing) {
    const sameId = m.redeemCodeId ? extra.find((e) => e.id === m.redeemCodeId) : undefined;
    if (sameId) renamed(m, sameId);
    else unpaired.push(m);
  }
  if (unpaired.length === 1 && extra.length === 1) renamed(unpaired[0]!, extra[0]!);
  else
    for (const m of unpaired)
      findings.push({
        kind: "CODE_REMOVED",
        key: `code:${m.promoCodeId}`,
        promoCodeId: m.promoCodeId,
        before: { code: m.code },
        after: {},
      });
  for (const e of extra)
    findings.push({
      kind: "CODE_ADDED",
      key: `added:${upper(e.code)}`,
      before: {},
      after: { code: e.code, redeemCodeId: e.id },
    });
  return findings;
}
