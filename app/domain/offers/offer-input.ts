// The offer form (R14) and its validation (R35): one schema for every write, with a message per
// field that a merchant can act on. Input arrives as strings (form fields); output is typed.
import { z } from "zod";
import { codeProblem } from "../codes/code-rules";
import { patternProblem } from "../codes/naming";
import { MAX_INT, MAX_YEAR, MIN_YEAR, parseCalendarDate, parseDecimal, parseMoneyToCents, parseWholeNumber, textProblem } from "../input/fields";

export const PAYOUT_TYPES = ["FLAT", "PERCENT", "BOTH"] as const;
export const DISCOUNT_TYPES = ["PERCENTAGE", "FIXED_AMOUNT"] as const;
export const MINIMUM_TYPES = ["NONE", "SUBTOTAL", "QUANTITY"] as const;
export const APPLIES_TO = ["ALL", "PRODUCTS", "COLLECTIONS"] as const;
export const USAGE_UNITS = ["PER_ORDER", "PER_ITEM"] as const;
export const DATES_MODES = ["UNIFIED", "PER_CODE"] as const;
export const OFFER_KINDS = ["MEMBER_CODES", "GROUP_CODE"] as const;

export interface OfferInput {
  name: string;
  description: string;
  kind: (typeof OFFER_KINDS)[number];
  groupCode: string | null;
  payoutType: (typeof PAYOUT_TYPES)[number];
  payoutFlatCents: number | null;
  payoutPercent: number | null;
  groupName: string;
  namingPattern: string;
  namingPrefix: string;
  namingSuffix: string;
  discountType: (typeof DISCOUNT_TYPES)[number];
  discountPercent: number | null;
  discountAmountCents: number | null;
  minimumType: (typeof MINIMUM_TYPES)[number];
  minimumSubtotalCents: number | null;
  minimumQuantity: number | null;
  oncePerCustomer: boolean;
  appliesTo: (typeof APPLIES_TO)[number];
  productIds: string[];
  collectionIds: string[];
  usageLimit: number | null;
  usageUnit: (typeof USAGE_UNITS)[number];
  datesMode: (typeof DATES_MODES)[number];
  startsAt: Date;
  endsAt: Date | null;
  combinesWithOrder: boolean;
  combinesWithProduct: boolean;
  combinesWithShipping: boolean;
}

export type OfferFormValues = Record<keyof OfferInput, string>;
export type FieldErrors = Partial<Record<keyof OfferInput | "form", string>>;

const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");
const bool = (v: unknown) => v === "true" || v === "on" || v === true;

export { parseMoneyToCents };

const DATE_HELP = `Enter a real date between ${MIN_YEAR} and ${MAX_YEAR}, like ${MIN_YEAR + 26}-12-01.`;

const enumOf = <T extends readonly string[]>(values: T, message: string) => z.enum(values as unknown as [T[number], ...T[number][]], { errorMap: () => ({ message }) });

const shape = z.object({
  kind: enumOf(OFFER_KINDS, "Choose individual member codes or one group code."),
  payoutType: enumOf(PAYOUT_TYPES, "Choose how creators are paid."),
  discountType: enumOf(DISCOUNT_TYPES, "Choose a percentage or a fixed amount off."),
  minimumType: enumOf(MINIMUM_TYPES, "Choose a minimum purchase requirement."),
  appliesTo: enumOf(APPLIES_TO, "Choose what the discount applies to."),
  usageUnit: enumOf(USAGE_UNITS, "Choose how uses are counted."),
  datesMode: enumOf(DATES_MODES, "Choose unified or per-code dates."),
});

/** Validates the offer form. Every problem is reported at once, per field. */
export function parseOfferForm(raw: Record<string, unknown>): { ok: true; value: OfferInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const f = (k: keyof OfferInput) => text(raw[k]);
  const enums = shape.safeParse({
    kind: f("kind") || "MEMBER_CODES",
    payoutType: f("payoutType"),
    discountType: f("discountType"),
    minimumType: f("minimumType") || "NONE",
    appliesTo: f("appliesTo") || "ALL",
    usageUnit: f("usageUnit") || "PER_ORDER",
    datesMode: f("datesMode") || "UNIFIED",
  });
  if (!enums.success) for (const issue of enums.error.issues) errors[issue.path[0] as keyof OfferInput] = issue.message;
  const e = enums.success
    ? enums.data
    : ({ kind: "MEMBER_CODES", payoutType: "FLAT", discountType: "PERCENTAGE", minimumType: "NONE", appliesTo: "ALL", usageUnit: "PER_ORDER", datesMode: "UNIFIED" } as const);

  const name = f("name");
  if (!name) errors.name = "Enter a name for the offer.";
  else if (name.length > 100) errors.name = "Keep the name to 100 characters or fewer.";
  else if (textProblem(name)) errors.name = textProblem(name)!;
  const description = f("description");
  if (description.length > 1000) errors.description = "Keep the description to 1,000 characters or fewer.";
  else if (textProblem(description, { multiline: true })) errors.description = textProblem(description, { multiline: true })!;

  let groupCode: string | null = null;
  if (e.kind === "GROUP_CODE") {
    groupCode = f("groupCode").toUpperCase();
    const problem = codeProblem(groupCode);
    if (problem) errors.groupCode = problem === "Enter a code." ? "Enter the shared code, for example SUMMER-SALE." : problem;
  }

  let payoutFlatCents: number | null = null;
  let payoutPercent: number | null = null;
  if (e.payoutType === "FLAT" || e.payoutType === "BOTH") {
    payoutFlatCents = parseMoneyToCents(f("payoutFlatCents"));
    if (payoutFlatCents === null) errors.payoutFlatCents = "Enter the flat payout in USD, for example 10 or 12.50.";
    else if (payoutFlatCents <= 0) errors.payoutFlatCents = "The flat payout must be more than $0.";
    else if (payoutFlatCents > 100_000_00) errors.payoutFlatCents = "The flat payout can be at most $100,000.";
  }
  if (e.payoutType === "PERCENT" || e.payoutType === "BOTH") {
    payoutPercent = parseDecimal(f("payoutPercent"));
    if (payoutPercent === null) errors.payoutPercent = "Enter the payout as a percentage of the sale, for example 10.";
    else if (payoutPercent <= 0 || payoutPercent > 100) errors.payoutPercent = "The payout percentage must be more than 0 and at most 100.";
  }

  const groupName = f("groupName");
  if (!groupName) errors.groupName = "Enter the discount group name shown in Shopify.";
  else if (groupName.length > 255) errors.groupName = "Shopify allows at most 255 characters.";
  else if (textProblem(groupName)) errors.groupName = textProblem(groupName)!;

  const namingPattern = f("namingPattern") || "{FIRST_NAME}{DISCOUNT}";
  if (e.kind === "MEMBER_CODES") {
    const problem = namingPattern.length > 255 ? "Keep the pattern to 255 characters or fewer." : (textProblem(namingPattern) ?? patternProblem(namingPattern));
    if (problem) errors.namingPattern = problem;
  }
  const namingPrefix = f("namingPrefix");
  const namingSuffix = f("namingSuffix");
  if (!/^[A-Za-z0-9_-]{0,20}$/.test(namingPrefix)) errors.namingPrefix = "Use up to 20 letters, digits, - or _.";
  if (!/^[A-Za-z0-9_-]{0,20}$/.test(namingSuffix)) errors.namingSuffix = "Use up to 20 letters, digits, - or _.";

  let discountPercent: number | null = null;
  let discountAmountCents: number | null = null;
  if (e.discountType === "PERCENTAGE") {
    discountPercent = parseDecimal(f("discountPercent"));
    if (discountPercent === null) errors.discountPercent = "Enter the percentage off, for example 20.";
    else if (discountPercent <= 0 || discountPercent > 100) errors.discountPercent = "The percentage off must be more than 0 and at most 100.";
  } else {
    discountAmountCents = parseMoneyToCents(f("discountAmountCents"));
    if (discountAmountCents === null) errors.discountAmountCents = "Enter the amount off, for example 15 or 15.50.";
    else if (discountAmountCents <= 0) errors.discountAmountCents = "The amount off must be more than 0.";
    else if (discountAmountCents > 1_000_000_00) errors.discountAmountCents = "The amount off can be at most 1,000,000.";
  }

  let minimumSubtotalCents: number | null = null;
  let minimumQuantity: number | null = null;
  if (e.minimumType === "SUBTOTAL") {
    minimumSubtotalCents = parseMoneyToCents(f("minimumSubtotalCents"));
    if (minimumSubtotalCents === null || minimumSubtotalCents <= 0) errors.minimumSubtotalCents = "Enter the minimum purchase amount, more than 0, for example 50 or 49.99.";
    else if (minimumSubtotalCents > 1_000_000_00) errors.minimumSubtotalCents = "The minimum purchase amount can be at most 1,000,000.";
  } else if (e.minimumType === "QUANTITY") {
    minimumQuantity = parseWholeNumber(f("minimumQuantity"));
    if (minimumQuantity === null || minimumQuantity < 1) errors.minimumQuantity = `Enter a whole number of items, from 1 to ${MAX_INT.toLocaleString("en-US")}.`;
  }

  const ids = (v: string) =>
    v
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
  const productIds = e.appliesTo === "PRODUCTS" ? ids(f("productIds")) : [];
  const collectionIds = e.appliesTo === "COLLECTIONS" ? ids(f("collectionIds")) : [];
  if (e.appliesTo === "PRODUCTS" && productIds.length === 0) errors.productIds = "Choose at least one product.";
  if (e.appliesTo === "COLLECTIONS" && collectionIds.length === 0) errors.collectionIds = "Choose at least one collection.";
  if (productIds.length > 100 || collectionIds.length > 100) errors[productIds.length > 100 ? "productIds" : "collectionIds"] = "Shopify allows at most 100.";
  for (const id of [...productIds, ...collectionIds]) {
    if (!/^gid:\/\/shopify\/(Product|Collection)\/\d{1,20}$/.test(id)) {
      errors[productIds.includes(id) ? "productIds" : "collectionIds"] = `"${id.slice(0, 60)}" is not a Shopify product or collection id.`;
      break;
    }
  }

  let usageLimit: number | null = null;
  if (f("usageLimit")) {
    usageLimit = parseWholeNumber(f("usageLimit"));
    if (usageLimit === null || usageLimit < 1) errors.usageLimit = `Enter a whole number of uses, from 1 to ${MAX_INT.toLocaleString("en-US")}, or leave it empty for no limit.`;
  }

  const startsAt = parseCalendarDate(f("startsAt"));
  if (!f("startsAt")) errors.startsAt = "Choose a start date.";
  else if (!startsAt) errors.startsAt = DATE_HELP;
  const endsAt = f("endsAt") ? parseCalendarDate(f("endsAt")) : null;
  if (f("endsAt") && !endsAt) errors.endsAt = `${DATE_HELP} Or leave it empty.`;
  else if (startsAt && endsAt && endsAt <= startsAt) errors.endsAt = "The end date must be after the start date.";

  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      description,
      kind: e.kind,
      groupCode,
      payoutType: e.payoutType,
      payoutFlatCents,
      payoutPercent,
      groupName,
      namingPattern,
      namingPrefix: namingPrefix.toUpperCase(),
      namingSuffix: namingSuffix.toUpperCase(),
      discountType: e.discountType,
      discountPercent,
      discountAmountCents,
      minimumType: e.minimumType,
      minimumSubtotalCents,
      minimumQuantity,
      oncePerCustomer: bool(raw.oncePerCustomer),
      appliesTo: e.appliesTo,
      productIds,
      collectionIds,
      usageLimit,
      usageUnit: e.usageUnit,
      datesMode: e.kind === "GROUP_CODE" ? "UNIFIED" : e.datesMode,
      startsAt: startsAt!,
      endsAt,
      combinesWithOrder: bool(raw.combinesWithOrder),
      combinesWithProduct: bool(raw.combinesWithProduct),
      combinesWithShipping: bool(raw.combinesWithShipping),
    },
  };
}

/** The form's initial values for a new offer. */
export function newOfferValues(today = new Date()): OfferFormValues {
  return {
    name: "",
    description: "",
    kind: "MEMBER_CODES",
    groupCode: "",
    payoutType: "FLAT",
    payoutFlatCents: "",
    payoutPercent: "",
    groupName: "",
    namingPattern: "{FIRST_NAME}{DISCOUNT}",
    namingPrefix: "",
    namingSuffix: "",
    discountType: "PERCENTAGE",
    discountPercent: "",
    discountAmountCents: "",
    minimumType: "NONE",
    minimumSubtotalCents: "",
    minimumQuantity: "",
    oncePerCustomer: "false",
    appliesTo: "ALL",
    productIds: "",
    collectionIds: "",
    usageLimit: "",
    usageUnit: "PER_ORDER",
    datesMode: "UNIFIED",
    startsAt: today.toISOString().slice(0, 10),
    endsAt: "",
    combinesWithOrder: "false",
    combinesWithProduct: "false",
    combinesWithShipping: "false",
  };
}

const cents = (c: number | null) => (c === null ? "" : (c / 100).toFixed(2).replace(/\.00$/, ""));

/** An offer as stored: enums as plain strings, id lists as JSON. */
export type StoredOffer = {
  [K in keyof OfferInput]: K extends "productIds" | "collectionIds" ? string : OfferInput[K] extends string ? string : OfferInput[K];
};

/** An offer as form values, for editing. */
export function offerToValues(o: StoredOffer): OfferFormValues {
  return {
    name: o.name,
    description: o.description,
    kind: o.kind,
    groupCode: o.groupCode ?? "",
    payoutType: o.payoutType,
    payoutFlatCents: cents(o.payoutFlatCents),
    payoutPercent: o.payoutPercent === null ? "" : String(o.payoutPercent),
    groupName: o.groupName,
    namingPattern: o.namingPattern,
    namingPrefix: o.namingPrefix,
    namingSuffix: o.namingSuffix,
    discountType: o.discountType,
    discountPercent: o.discountPercent === null ? "" : String(o.discountPercent),
    discountAmountCents: cents(o.discountAmountCents),
    minimumType: o.minimumType,
    minimumSubtotalCents: cents(o.minimumSubtotalCents),
    minimumQuantity: o.minimumQuantity === null ? "" : String(o.minimumQuantity),
    oncePerCustomer: String(o.oncePerCustomer),
    appliesTo: o.appliesTo,
    productIds: (JSON.parse(o.productIds) as string[]).join(", "),
    collectionIds: (JSON.parse(o.collectionIds) as string[]).join(", "),
    usageLimit: o.usageLimit === null ? "" : String(o.usageLimit),
    usageUnit: o.usageUnit,
    datesMode: o.datesMode,
    startsAt: o.startsAt.toISOString().slice(0, 10),
    endsAt: o.endsAt ? o.endsAt.toISOString().slice(0, 10) : "",
    combinesWithOrder: String(o.combinesWithOrder),
    combinesWithProduct: String(o.combinesWithProduct),
    combinesWithShipping: String(o.combinesWithShipping),
  };
}
