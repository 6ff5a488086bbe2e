// Shopify's discount-code semantics, as recorded from real stores (shared FACTS §1): validation
// and its userErrors, case-insensitive code uniqueness per shop, the asynchronous bulk add,
// activate/deactivate by moving endsAt, bulk jobs. Returns plain data; graphql.ts shapes it.
import type { BulkCreation, Discount, DiscountItems, DiscountValue, EmulatorState, MinimumRequirement, ShopState } from "./state";

export interface UserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

export class TopLevelError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly path?: string[],
  ) {
    super(message);
  }
}

const codeIndexes = new WeakMap<ShopState, Map<string, { discountId: number; codeId: number }>>();

/** Lower-cased code → owner, for case-insensitive lookups and uniqueness. */
export function codeIndex(shop: ShopState) {
  let index = codeIndexes.get(shop);
  if (!index) {
    index = new Map();
    for (const d of Object.values(shop.discounts)) for (const c of d.codes) index.set(c.code.toLowerCase(), { discountId: d.id, codeId: c.id });
    codeIndexes.set(shop, index);
  }
  return index;
}

export const nowIso = (): string => new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace(".000Z", "Z");
/** Shopify stores timestamps truncated to whole seconds, printed in UTC with Z. */
export function normalizeDate(value: string): string | null {
  const t = Date.parse(value);
  if (Number.isNaN(t)) return null;
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export function statusOf(d: Pick<Discount, "startsAt" | "endsAt">, now = Date.now()): "ACTIVE" | "EXPIRED" | "SCHEDULED" {
  if (d.endsAt && Date.parse(d.endsAt) <= now) return "EXPIRED";
  if (Date.parse(d.startsAt) > now) return "SCHEDULED";
  return "ACTIVE";
}

function codeProblems(code: unknown, prefix: string[], label = "Code"): UserError[] {
  const field = [...prefix, "code"];
  if (code === undefined || code === null) return [{ field, message: `${label} can't be blank`, code: "BLANK" }];
  const s = String(code);
  if (s.length === 0) return [{ field, message: `${label} is too short (minimum is 1 character)`, code: "TOO_SHORT" }];
  if (s.length > 255) return [{ field, message: `${label} is too long (maximum is 255 characters)`, code: "TOO_LONG" }];
  if (/[\r\n]/.test(s)) return [{ field, message: `${label} cannot contain newline characters.`, code: "INVALID" }];
  return [];
}

// The GraphQL input, as graphql-js coerced it.
export interface BasicInput {
  title?: string | null;
  code?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  usageLimit?: number | null;
  appliesOncePerCustomer?: boolean | null;
  combinesWith?: { orderDiscounts?: boolean; productDiscounts?: boolean; shippingDiscounts?: boolean } | null;
  customerGets?: {
    value?: { percentage?: number | null; discountAmount?: { amount: string; appliesOnEachItem?: boolean } | null; discountOnQuantity?: unknown } | null;
    items?: {
      all?: boolean | null;
      products?: { productsToAdd?: string[] | null; productVariantsToAdd?: string[] | null } | null;
      collections?: { add?: string[] | null } | null;
    } | null;
  } | null;
  minimumRequirement?: {
    subtotal?: { greaterThanOrEqualToSubtotal?: string | null } | null;
    quantity?: { greaterThanOrEqualToQuantity?: string | number | null } | null;
  } | null;
  context?: unknown;
  customerSelection?: unknown;
  tags?: string[] | null;
}

const P = "basicCodeDiscount";

function parseValue(input: BasicInput, errors: UserError[]): DiscountValue | undefined {
  const v = input.customerGets?.value;
  if (!v) return undefined;
  const branches = [v.percentage != null, v.discountAmount != null, v.discountOnQuantity != null].filter(Boolean).length;
  if (branches > 1) throw new TopLevelError("A discount can only have one of percentage, discountOnQuantity or discountAmount.", "BAD_REQUEST");
  if (v.discountOnQuantity != null) {
    errors.push({ field: [P, "customerGets", "value", "discountOnQuantity"], message: "discountOnQuantity field is only permitted with bxgy discounts.", code: "INVALID" });
    return undefined;
  }
  if (v.percentage != null) {
    if (v.percentage < 0 || v.percentage > 1)
      errors.push({ field: [P, "customerGets", "value", "percentage"], message: "Value must be between 0.0 and 1.0", code: "VALUE_OUTSIDE_RANGE" });
    return { percentage: v.percentage };
  }
  if (v.discountAmount) {
    const amount = Number(v.discountAmount.amount);
    if (!Number.isFinite(amount))
      throw new TopLevelError(
        `Variable $input of type DiscountCodeBasicInput! was provided invalid value for customerGets.value.discountAmount.amount (invalid decimal '${v.discountAmount.amount}')`,
        "INVALID_VARIABLE",
      );
    const field = [P, "customerGets", "value", "discountAmount", "amount"];
    if (amount < 0) errors.push({ field, message: "Value must be less than or equal to 0", code: "LESS_THAN_OR_EQUAL_TO" });
    else if (amount >= 1e18) errors.push({ field, message: "Value must be greater than -1000000000000000000", code: "LESS_THAN" });
    return { amount: String(amount), appliesOnEachItem: Boolean(v.discountAmount.appliesOnEachItem) };
  }
  return undefined;
}

function parseItems(shop: ShopState, input: BasicInput, errors: UserError[]): DiscountItems | undefined {
  const items = input.customerGets?.items;
  if (!items) return undefined;
  const products = [...(items.products?.productsToAdd ?? []), ...(items.products?.productVariantsToAdd ?? [])];
  const collections = items.collections?.add ?? [];
  if (products.length && collections.length) {
    errors.push({
      field: [P, "customerGets", "items", "collections", "add"],
      message: "Cannot entitle collections in combination with product variants or products",
      code: "CONFLICT",
    });
    return undefined;
  }
  if (products.length) {
    const ids: number[] = [];
    for (const g of items.products?.productsToAdd ?? []) {
      const id = Number(String(g).split("/").pop());
      if (!shop.products.some((p) => p.id === id))
        errors.push({ field: [P, "customerGets", "items", "products", "productsToAdd"], message: `Product with id: ${id} is invalid`, code: "INVALID" });
      ids.push(id);
    }
    return { productIds: ids };
  }
  if (collections.length) return { collectionIds: collections.map((g) => Number(String(g).split("/").pop())) };
  return { all: true };
}

function parseMinimum(input: BasicInput, errors: UserError[]): MinimumRequirement | undefined {
  const m = input.minimumRequirement;
  if (m === undefined) return undefined;
  if (m === null) return null;
  const subtotal = m.subtotal?.greaterThanOrEqualToSubtotal;
  const quantity = m.quantity?.greaterThanOrEqualToQuantity;
  if (subtotal != null && quantity != null) {
    errors.push({
      field: [P, "minimumRequirement", "subtotal", "greaterThanOrEqualToSubtotal"],
      message: "Minimum subtotal cannot be defined when minimum quantity is.",
      code: "CONFLICT",
    });
    errors.push({
      field: [P, "minimumRequirement", "quantity", "greaterThanOrEqualToQuantity"],
      message: "Minimum quantity cannot be defined when minimum subtotal is.",
      code: "CONFLICT",
    });
    return undefined;
  }
  if (subtotal != null) return { subtotal: String(Number(subtotal)) };
  if (quantity != null) return { quantity: Number(quantity) };
  return null;
}

function checkCommon(input: BasicInput, errors: UserError[], creating: boolean, current?: Discount) {
  if (creating || input.title !== undefined) {
    if (!input.title || input.title.trim() === "") errors.push({ field: [P, "title"], message: "Title can't be blank", code: "BLANK" });
    else if (input.title.length > 255) errors.push({ field: [P, "title"], message: "Title is too long (maximum is 255 characters)", code: "TOO_LONG" });
  }
  if ((creating && !input.startsAt) || (input.startsAt === null && input.startsAt !== undefined))
    errors.push({ field: [P, "startsAt"], message: "Starts at can't be blank", code: "BLANK" });
  const startsAt = input.startsAt ?? current?.startsAt;
  const endsAt = input.endsAt !== undefined ? input.endsAt : current?.endsAt;
  if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt)) errors.push({ field: [P, "endsAt"], message: "Ends at needs to be after starts_at", code: "INVALID" });
  if (input.usageLimit != null) {
    if (input.usageLimit <= 0) errors.push({ field: [P, "usageLimit"], message: "Usage limit must be greater than 0", code: "GREATER_THAN" });
    else if (input.usageLimit > 2147483647)
      errors.push({ field: [P, "usageLimit"], message: "Usage limit must be less than or equal to 2147483647", code: "LESS_THAN_OR_EQUAL_TO" });
  }
  if (input.context != null && input.customerSelection != null) errors.push({ field: [P], message: "Only one of context or customerSelection can be provided.", code: "INVALID" });
  if (input.tags && input.tags.length > 5) errors.push({ field: [P, "tags"], message: "Tags cannot exceed 5", code: "TOO_MANY_TAGS" });
}

export function createBasic(state: EmulatorState, shop: ShopState, input: BasicInput): { discount: Discount | null; userErrors: UserError[] } {
  const errors: UserError[] = [];
  checkCommon(input, errors, true);
  errors.push(...codeProblems(input.code, [P]));
  if (input.code && codeIndex(shop).has(input.code.toLowerCase())) errors.push({ field: [P, "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" });
  const value = parseValue(input, errors);
  if (!value && !errors.some((e) => e.field?.includes("customerGets"))) errors.push({ field: [P, "customerGets"], message: "Customer gets can't be blank", code: "BLANK" });
  const items = parseItems(shop, input, errors) ?? { all: true };
  const minimumRequirement = parseMinimum(input, errors) ?? null;
  if (errors.length) return { discount: null, userErrors: errors };
  const now = nowIso();
  const discount: Discount = {
    id: state.nextId++,
    title: input.title!,
    startsAt: normalizeDate(input.startsAt!)!,
    endsAt: input.endsAt ? normalizeDate(input.endsAt) : null,
    value: value!,
    items,
    minimumRequirement,
    usageLimit: input.usageLimit ?? null,
    appliesOncePerCustomer: Boolean(input.appliesOncePerCustomer),
    combinesWith: {
      orderDiscounts: Boolean(input.combinesWith?.orderDiscounts),
      productDiscounts: Boolean(input.combinesWith?.productDiscounts),
      shippingDiscounts: Boolean(input.combinesWith?.shippingDiscounts),
    },
    codes: [],
    customersUsed: [],
    asyncUsageCount: 0,
    tags: input.tags ?? [],
    createdAt: now,
    updatedAt: now,
  };
  addCode(state, shop, discount, input.code!);
  shop.discounts[discount.id] = discount;
  return { discount, userErrors: [] };
}

function addCode(state: EmulatorState, shop: ShopState, discount: Discount, code: string) {
  const redeem = { id: state.nextId++, code, usageCount: 0, createdAt: nowIso() };
  discount.codes.push(redeem);
  codeIndex(shop).set(code.toLowerCase(), { discountId: discount.id, codeId: redeem.id });
  return redeem;
}

export function updateBasic(shop: ShopState, id: number, input: BasicInput): { discount: Discount | null; userErrors: UserError[] } {
  const discount = shop.discounts[id];
  if (!discount) return { discount: null, userErrors: [{ field: ["id"], message: "Discount does not exist", code: null }] };
  const errors: UserError[] = [];
  checkCommon(input, errors, false, discount);
  if (input.code !== undefined) {
    if (discount.codes.length > 1) errors.push({ field: ["id"], message: "Cannot update the code of a bulk discount.", code: null });
    else {
      errors.push(...codeProblems(input.code, [P]));
      const owner = input.code ? codeIndex(shop).get(input.code.toLowerCase()) : undefined;
      if (owner && owner.discountId !== discount.id) errors.push({ field: [P, "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" });
    }
  }
  const value = parseValue(input, errors);
  const items = parseItems(shop, input, errors);
  const minimumRequirement = parseMinimum(input, errors);
  if (errors.length) return { discount: null, userErrors: errors };
  if (input.title != null) discount.title = input.title;
  if (input.startsAt) discount.startsAt = normalizeDate(input.startsAt)!;
  if (input.endsAt !== undefined) discount.endsAt = input.endsAt ? normalizeDate(input.endsAt) : null;
  if (value) discount.value = value;
  if (items) discount.items = items;
  if (minimumRequirement !== undefined) discount.minimumRequirement = minimumRequirement;
  if (input.usageLimit !== undefined) discount.usageLimit = input.usageLimit;
  if (input.appliesOncePerCustomer != null) discount.appliesOncePerCustomer = input.appliesOncePerCustomer;
  if (input.combinesWith) Object.assign(discount.combinesWith, input.combinesWith);
  if (input.tags) discount.tags = input.tags;
  if (input.code != null && discount.codes[0] && discount.codes[0].code !== input.code) {
    // Renamed in place: same DiscountRedeemCode id (FACTS §1.6).
    const index = codeIndex(shop);
    index.delete(discount.codes[0].code.toLowerCase());
    discount.codes[0].code = input.code;
    index.set(input.code.toLowerCase(), { discountId: discount.id, codeId: discount.codes[0].id });
  }
  discount.updatedAt = nowIso();
  return { discount, userErrors: [] };
}

export function activate(shop: ShopState, id: number): Discount | null {
  const d = shop.discounts[id];
  if (!d) return null;
  if (d.endsAt !== null) {
    d.endsAt = null;
    d.updatedAt = nowIso();
  }
  return d;
}

export function deactivate(shop: ShopState, id: number): Discount | null {
  const d = shop.discounts[id];
  if (!d) return null;
  const status = statusOf(d);
  if (status === "EXPIRED") return d;
  const now = nowIso();
  if (status === "SCHEDULED") d.startsAt = now;
  d.endsAt = now;
  d.updatedAt = now;
  return d;
}

export function remove(shop: ShopState, id: number): boolean {
  const d = shop.discounts[id];
  if (!d) return false;
  const index = codeIndex(shop);
  for (const c of d.codes) index.delete(c.code.toLowerCase());
  delete shop.discounts[id];
  return true;
}

export const BULK_ADD_MAX = 250;

/** discountRedeemCodeBulkAdd: validated at once, codes created asynchronously (see runBulkCreation). */
export function startBulkAdd(state: EmulatorState, shop: ShopState, discountId: number, codes: { code: string }[]): { creation: BulkCreation | null; userErrors: UserError[] } {
  if (codes.length > BULK_ADD_MAX)
    throw new TopLevelError(`The input array size of ${codes.length} is greater than the maximum allowed of ${BULK_ADD_MAX}.`, "MAX_INPUT_SIZE_EXCEEDED", [
      "discountRedeemCodeBulkAdd",
      "codes",
    ]);
  if (!shop.discounts[discountId]) return { creation: null, userErrors: [{ field: ["discountId"], message: "Code discount does not exist.", code: "INVALID" }] };
  if (codes.length === 0) return { creation: null, userErrors: [{ field: ["codes"], message: "Codes can't be blank", code: "BLANK" }] };
  const creation: BulkCreation = {
    id: state.nextId++,
    discountId,
    done: false,
    codes: codes.map((c) => ({ code: c.code, redeemCodeId: null, errors: [] })),
    createdAt: nowIso(),
  };
  shop.bulkCreations[creation.id] = creation;
  return { creation, userErrors: [] };
}

export function runBulkCreation(state: EmulatorState, shop: ShopState, creation: BulkCreation) {
  if (creation.done) return;
  const discount = shop.discounts[creation.discountId];
  const seen = new Set<string>();
  const index = codeIndex(shop);
  for (const entry of creation.codes) {
    const problems = codeProblems(entry.code, [], "").map((e) => ({ field: ["code"], message: e.message.trim(), code: null }));
    if (problems.length) entry.errors = problems;
    else if (seen.has(entry.code.toLowerCase())) entry.errors = [{ field: ["code"], message: "Codes must be unique within BulkDiscountCodeCreation", code: null }];
    else if (index.has(entry.code.toLowerCase()) || !discount) entry.errors = [{ field: ["code"], message: "must be unique. Please try a different code.", code: null }];
    else entry.redeemCodeId = addCode(state, shop, discount, entry.code).id;
    seen.add(entry.code.toLowerCase());
  }
  if (discount) discount.updatedAt = nowIso();
  creation.done = true;
}

export type Selector = { ids?: string[] | null; search?: string | null; savedSearchId?: string | null };

/** The selector rules shared by the bulk discount mutations (FACTS §1.6). */
export function selectorErrors(sel: Selector, allowedSearchFields: string[]): UserError[] {
  const given = [sel.ids != null, sel.search != null, sel.savedSearchId != null].filter(Boolean).length;
  if (given === 0) return [{ field: null, message: "Missing expected argument key: 'ids', 'search' or 'saved_search_id'.", code: "MISSING_ARGUMENT" }];
  if (given > 1) return [{ field: null, message: "Only one of 'ids', 'search' or 'saved_search_id' is allowed.", code: "TOO_MANY_ARGUMENTS" }];
  if (sel.ids && sel.ids.length === 0) return [{ field: null, message: "Something went wrong, please try again.", code: null }];
  if (sel.search != null) {
    if (sel.search.trim() === "") return [{ field: ["search"], message: "'Search' can't be blank.", code: "BLANK" }];
    const bad = [...sel.search.matchAll(/(\w+):/g)].map((m) => m[1]!).filter((f) => !allowedSearchFields.includes(f));
    if (bad.length) return [{ field: ["search"], message: `Invalid search field(s): ${bad.join(", ")}. Check the query syntax.`, code: "INVALID" }];
  }
  if (sel.savedSearchId != null) return [{ field: ["savedSearchId"], message: "Invalid 'saved_search_id'.", code: "INVALID" }];
  return [];
}

/** A minimal reading of Shopify's search syntax: `field:value` terms and free text (title). */
export function matchesDiscountQuery(d: Discount, query: string | null | undefined): boolean {
  if (!query) return true;
  for (const term of query.match(/(\w+:("[^"]*"|\S+))|\S+/g) ?? []) {
    const m = /^(\w+):(.*)$/.exec(term);
    if (!m) {
      if (!d.title.toLowerCase().includes(term.replace(/"/g, "").toLowerCase())) return false;
      continue;
    }
    const [, field, raw] = m;
    const value = raw!.replace(/^"|"$/g, "").toLowerCase();
    if (field === "status" && statusOf(d).toLowerCase() !== value) return false;
    if (field === "title" && !d.title.toLowerCase().includes(value.replace(/\*$/, ""))) return false;
    if (field === "code" && !d.codes.some((c) => c.code.toLowerCase() === value)) return false;
    if (field === "id" && String(d.id) !== value.replace(/^.*\//, "")) return false;
    if (field === "method" && value !== "code") return false;
    if (field === "tag" && !d.tags.map((t) => t.toLowerCase()).includes(value)) return false;
    if (field === "discount_type" && value !== ("percentage" in d.value ? "percentage" : "fixed_amount")) return false;
  }
  return true;
}

export function summaryOf(shop: ShopState, d: Discount): string {
  const parts: string[] = [];
  const money = (amount: string) => `${shop.currencyCode === "GBP" ? "£" : "$"}${Number(amount).toFixed(2)}`;
  const off = "percentage" in d.value ? `${Math.round(d.value.percentage * 10000) / 100}% off` : `${money(d.value.amount)} off`;
  parts.push("all" in d.items ? `${off} entire order` : `${off} one-time purchase products`);
  if (d.minimumRequirement && "subtotal" in d.minimumRequirement) parts.push(`Minimum purchase of ${money(d.minimumRequirement.subtotal)}`);
  if (d.minimumRequirement && "quantity" in d.minimumRequirement) parts.push(`Minimum quantity of ${d.minimumRequirement.quantity}`);
  if (d.appliesOncePerCustomer) parts.push("One use per customer");
  return parts.join(" • ");
}
