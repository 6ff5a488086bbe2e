// The discount documents the app sends, and the mapping from an offer to Shopify's
// DiscountCodeBasicInput. Shapes and limits follow the real Admin API (2026-10).
import type { Offer } from "@prisma/client";
import type { AdminClient, DataOf, UserError } from "./client.server";
import { usageLimitEnforcer } from "~/domain/offers/usage-limit";

export const CREATE_CODE_DISCOUNT = `#graphql
  mutation CreateCodeDiscount($input: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $input) {
      codeDiscountNode {
        id
        codeDiscount { ... on DiscountCodeBasic { codes(first: 1) { nodes { id code } } } }
      }
      userErrors { field message code }
    }
  }
` as const;

export const UPDATE_CODE_DISCOUNT = `#graphql
  mutation UpdateCodeDiscount($id: ID!, $input: DiscountCodeBasicInput!) {
    discountCodeBasicUpdate(id: $id, basicCodeDiscount: $input) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }
` as const;

export const ADD_REDEEM_CODES = `#graphql
  mutation AddRedeemCodes($discountId: ID!, $codes: [DiscountRedeemCodeInput!]!) {
    discountRedeemCodeBulkAdd(discountId: $discountId, codes: $codes) {
      bulkCreation { id done }
      userErrors { field message code }
    }
  }
` as const;

export const BULK_CREATION_STATUS = `#graphql
  query BulkCreationStatus($id: ID!) {
    discountRedeemCodeBulkCreation(id: $id) { id done codesCount importedCount failedCount }
  }
` as const;

export const BULK_CREATION_RESULTS = `#graphql
  query BulkCreationResults($id: ID!, $after: String) {
    discountRedeemCodeBulkCreation(id: $id) {
      codes(first: 250, after: $after) {
        nodes { code errors { message } discountRedeemCode { id } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
` as const;

export const CODE_EXISTS = `#graphql
  query CodeExists($code: String!) {
    codeDiscountNodeByCode(code: $code) { id }
  }
` as const;

/** 25 codes looked up in one call (aliases of CODE_EXISTS): the same points, 25× fewer calls. */
export const CODES_EXIST = `#graphql
  query CodesExist($c0: String!, $c1: String!, $c2: String!, $c3: String!, $c4: String!, $c5: String!, $c6: String!, $c7: String!, $c8: String!, $c9: String!, $c10: String!, $c11: String!, $c12: String!, $c13: String!, $c14: String!, $c15: String!, $c16: String!, $c17: String!, $c18: String!, $c19: String!, $c20: String!, $c21: String!, $c22: String!, $c23: String!, $c24: String!) {
    c0: codeDiscountNodeByCode(code: $c0) { id }
    c1: codeDiscountNodeByCode(code: $c1) { id }
    c2: codeDiscountNodeByCode(code: $c2) { id }
    c3: codeDiscountNodeByCode(code: $c3) { id }
    c4: codeDiscountNodeByCode(code: $c4) { id }
    c5: codeDiscountNodeByCode(code: $c5) { id }
    c6: codeDiscountNodeByCode(code: $c6) { id }
    c7: codeDiscountNodeByCode(code: $c7) { id }
    c8: codeDiscountNodeByCode(code: $c8) { id }
    c9: codeDiscountNodeByCode(code: $c9) { id }
    c10: codeDiscountNodeByCode(code: $c10) { id }
    c11: codeDiscountNodeByCode(code: $c11) { id }
    c12: codeDiscountNodeByCode(code: $c12) { id }
    c13: codeDiscountNodeByCode(code: $c13) { id }
    c14: codeDiscountNodeByCode(code: $c14) { id }
    c15: codeDiscountNodeByCode(code: $c15) { id }
    c16: codeDiscountNodeByCode(code: $c16) { id }
    c17: codeDiscountNodeByCode(code: $c17) { id }
    c18: codeDiscountNodeByCode(code: $c18) { id }
    c19: codeDiscountNodeByCode(code: $c19) { id }
    c20: codeDiscountNodeByCode(code: $c20) { id }
    c21: codeDiscountNodeByCode(code: $c21) { id }
    c22: codeDiscountNodeByCode(code: $c22) { id }
    c23: codeDiscountNodeByCode(code: $c23) { id }
    c24: codeDiscountNodeByCode(code: $c24) { id }
  }
` as const;

export const DELETE_DISCOUNT = `#graphql
  mutation DeleteDiscount($id: ID!) {
    discountCodeDelete(id: $id) {
      deletedCodeDiscountId
      userErrors { field message code }
    }
  }
` as const;

export const DISCOUNT_CODES_PAGE = `#graphql
  query DiscountCodesPage($id: ID!, $after: String) {
    discountNode(id: $id) {
      discount { ... on DiscountCodeBasic { codes(first: 250, after: $after) { nodes { id code } pageInfo { hasNextPage endCursor } } } }
    }
  }
` as const;

export const DELETE_REDEEM_CODES = `#graphql
  mutation DeleteRedeemCodes($discountId: ID!, $ids: [ID!]) {
    discountCodeRedeemCodeBulkDelete(discountId: $discountId, ids: $ids) {
      job { id done }
      userErrors { field message code }
    }
  }
` as const;

export const DEACTIVATE_DISCOUNT = `#graphql
  mutation DeactivateDiscount($id: ID!) {
    discountCodeDeactivate(id: $id) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }
` as const;

export const ACTIVATE_DISCOUNT = `#graphql
  mutation ActivateDiscount($id: ID!) {
    discountCodeActivate(id: $id) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }
` as const;

export const CODE_OWNER = `#graphql
  query CodeOwner($code: String!) {
    codeDiscountNodeByCode(code: $code) {
      id
      codeDiscount { ... on DiscountCodeBasic { title } }
    }
  }
` as const;

/** Shopify accepts at most 250 codes per discountRedeemCodeBulkAdd call. */
export const REDEEM_CODES_PER_CALL = 250;

export interface DiscountWindow {
  title: string;
  code: string;
  startsAt: Date;
  endsAt: Date | null;
}

/**
 * The DiscountCodeBasicInput for an offer's discount group. A per-order usage limit is set on the
 * Shopify discount whatever the number of codes it holds: Shopify counts usageLimit (and
 * appliesOncePerCustomer) per redeem code, so each member's code gets its own limit and Shopify
 * enforces it at checkout in every store (R15, docs/decisions/040, superseding 006). A per-item
 * limit is not Shopify's to count: the app enforces it from orders.
 */
export function discountInputFor(offer: Offer, window: DiscountWindow, opts: { includeCode?: boolean; percent?: number | null } = {}) {
  const percent = opts.percent ?? offer.discountPercent ?? 0;
  const value =
    offer.discountType === "PERCENTAGE"
      ? { percentage: Math.round(percent * 100) / 10000 }
      : { discountAmount: { amount: ((offer.discountAmountCents ?? 0) / 100).toFixed(2), appliesOnEachItem: false } };
  const productIds = JSON.parse(offer.productIds) as string[];
  const collectionIds = JSON.parse(offer.collectionIds) as string[];
  const items =
    offer.appliesTo === "PRODUCTS"
      ? { products: { productsToAdd: productIds } }
      : offer.appliesTo === "COLLECTIONS"
        ? { collections: { add: collectionIds } }
        : { all: true };
  const minimumRequirement =
    offer.minimumType === "SUBTOTAL"
      ? { subtotal: { greaterThanOrEqualToSubtotal: ((offer.minimumSubtotalCents ?? 0) / 100).toFixed(2) } }
      : offer.minimumType === "QUANTITY"
        ? { quantity: { greaterThanOrEqualToQuantity: String(offer.minimumQuantity ?? 1) } }
        : null;
  return {
    title: window.title,
    ...(opts.includeCode === false ? {} : { code: window.code }),
    startsAt: window.startsAt.toISOString(),
    endsAt: window.endsAt ? window.endsAt.toISOString() : null,
    context: { all: "ALL" as const },
    customerGets: { value, items },
    minimumRequirement,
    appliesOncePerCustomer: offer.oncePerCustomer,
    usageLimit: usageLimitEnforcer(offer) === "SHOPIFY" ? offer.usageLimit : null,
    combinesWith: {
      orderDiscounts: offer.combinesWithOrder,
      productDiscounts: offer.combinesWithProduct,
      shippingDiscounts: offer.combinesWithShipping,
    },
  };
}

export type CreateResult = { ok: true; discountId: string; redeemCodeId: string | null } | { ok: false; taken: boolean; message: string };

export async function createCodeDiscount(admin: AdminClient, input: ReturnType<typeof discountInputFor>): Promise<CreateResult> {
  const { data, userErrors } = await admin.mutate(CREATE_CODE_DISCOUNT, { input: input as never });
  const node = data.discountCodeBasicCreate?.codeDiscountNode;
  if (node && userErrors.length === 0) {
    const codes = node.codeDiscount && "codes" in node.codeDiscount ? node.codeDiscount.codes.nodes : [];
    return { ok: true, discountId: node.id, redeemCodeId: codes[0]?.id ?? null };
  }
  return { ok: false, taken: userErrors.some((e) => e.code === "TAKEN"), message: describeUserErrors(userErrors) };
}

export function describeUserErrors(errors: UserError[]): string {
  return errors.map((e) => e.message).join(" ") || "Shopify refused the change.";
}

export interface RedeemCodeOutcome {
  code: string;
  ok: boolean;
  redeemCodeId: string | null;
  message: string | null;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Adds up to 250 codes to a discount and waits for Shopify's asynchronous bulk creation to
 * finish. Polls the cheap status first; reads per-code results only when some failed.
 */
export async function addRedeemCodes(admin: AdminClient, discountId: string, codes: string[], opts: { pollMs?: number } = {}): Promise<RedeemCodeOutcome[] | { error: string }> {
  const { data, userErrors } = await admin.mutate(ADD_REDEEM_CODES, { discountId, codes: codes.map((code) => ({ code })) });
  const creation = data.discountRedeemCodeBulkAdd?.bulkCreation;
  if (!creation) return { error: describeUserErrors(userErrors) };
  let wait = opts.pollMs ?? 25;
  let failedCount: number;
  for (;;) {
    const { discountRedeemCodeBulkCreation: s } = await admin.query(BULK_CREATION_STATUS, { id: creation.id });
    if (!s) return { error: "Shopify lost track of the bulk code creation." };
    if (s.done) {
      failedCount = s.failedCount;
      break;
    }
    await pause(wait);
    wait = Math.min(1000, wait * 2);
  }
  if (failedCount === 0) return codes.map((code) => ({ code, ok: true, redeemCodeId: null, message: null }));
  const outcomes: RedeemCodeOutcome[] = [];
  let after: string | null = null;
  for (;;) {
    const res: DataOf<typeof BULK_CREATION_RESULTS> = await admin.query(BULK_CREATION_RESULTS, { id: creation.id, after });
    const page = res.discountRedeemCodeBulkCreation?.codes;
    if (!page) break;
    for (const n of page.nodes)
      outcomes.push({ code: n.code, ok: n.discountRedeemCode !== null, redeemCodeId: n.discountRedeemCode?.id ?? null, message: n.errors.map((e) => e.message).join(" ") || null });
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor ?? null;
  }
  return outcomes;
}

/**
 * Which discount holds a code in a store (case-insensitive), if any, and its title: a few
 * points per lookup. The redeem code's own id is looked up only when a delete needs it.
 */
export async function findCodeOwner(admin: AdminClient, code: string): Promise<{ discountId: string; title: string | null; redeemCodeId: null } | null> {
  const { codeDiscountNodeByCode: node } = await admin.query(CODE_OWNER, { code });
  if (!node) return null;
  const title = node.codeDiscount && "title" in node.codeDiscount ? node.codeDiscount.title : null;
  return { discountId: node.id, title, redeemCodeId: null };
}

/** Codes per CODES_EXIST call. */
export const CODES_PER_LOOKUP = 25;

/**
 * Which of these codes are in this store (any discount, any case)? One point per code, looked up
 * CODES_PER_LOOKUP at a time (a short last call repeats its last code). Returns the codes held.
 */
export async function codesExist(admin: AdminClient, codes: string[]): Promise<Set<string>> {
  const held = new Set<string>();
  for (let i = 0; i < codes.length; i += CODES_PER_LOOKUP) {
    const part = codes.slice(i, i + CODES_PER_LOOKUP);
    const variables = Object.fromEntries(Array.from({ length: CODES_PER_LOOKUP }, (_, k) => [`c${k}`, part[Math.min(k, part.length - 1)]!]));
    const data = (await admin.query(CODES_EXIST, variables as never)) as Record<string, { id: string } | null>;
    part.forEach((code, k) => {
      if (data[`c${k}`]) held.add(code);
    });
  }
  return held;
}

/** Is the code in this store (any discount, any case)? One point per lookup. */
export async function codeExists(admin: AdminClient, code: string): Promise<boolean> {
  const { codeDiscountNodeByCode } = await admin.query(CODE_EXISTS, { code });
  return Boolean(codeDiscountNodeByCode);
}

/** Deletes a discount; one that is already gone counts as deleted. */
export async function deleteDiscount(admin: AdminClient, id: string): Promise<{ ok: true } | { ok: false; message: string }> {
  const { data, userErrors } = await admin.mutate(DELETE_DISCOUNT, { id });
  if (data.discountCodeDelete?.deletedCodeDiscountId || userErrors.some((e) => /does not exist/i.test(e.message))) return { ok: true };
  return { ok: false, message: describeUserErrors(userErrors) };
}

/**
 * Which of `codes` a discount holds, read 250 per page (not one lookup per code), stopping as soon
 * as all are found: upper-cased code → redeem-code id.
 */
export async function findCodesInDiscount(admin: AdminClient, discountId: string, codes: string[]): Promise<Map<string, string>> {
  const missing = new Set(codes.map((c) => c.toUpperCase()));
  const found = new Map<string, string>();
  let after: string | null = null;
  while (missing.size) {
    const res: DataOf<typeof DISCOUNT_CODES_PAGE> = await admin.query(DISCOUNT_CODES_PAGE, { id: discountId, after });
    const discount = res.discountNode?.discount;
    if (!discount || !("codes" in discount)) break;
    for (const n of discount.codes.nodes) if (missing.delete(n.code.toUpperCase())) found.set(n.code.toUpperCase(), n.id);
    if (!discount.codes.pageInfo.hasNextPage) break;
    after = discount.codes.pageInfo.endCursor ?? null;
  }
  return found;
}

/** Removes codes from a discount: their redeem-code ids are looked up when not known. */
export async function deleteRedeemCodes(admin: AdminClient, discountId: string, codes: { code: string; redeemCodeId: string | null }[]): Promise<{ ok: true } | { ok: false; message: string }> {
  const ids = codes.filter((c) => c.redeemCodeId).map((c) => c.redeemCodeId!);
  const unknown = codes.filter((c) => !c.redeemCodeId).map((c) => c.code);
  if (unknown.length) ids.push(...(await findCodesInDiscount(admin, discountId, unknown)).values());
  for (let i = 0; i < ids.length; i += REDEEM_CODES_PER_CALL) {
    const { userErrors } = await admin.mutate(DELETE_REDEEM_CODES, { discountId, ids: ids.slice(i, i + REDEEM_CODES_PER_CALL) });
    if (userErrors.length && !userErrors.some((e) => /does not exist/i.test(e.message))) return { ok: false, message: describeUserErrors(userErrors) };
  }
  return { ok: true };
}

/** Deactivates a discount (Shopify sets its end to now: status EXPIRED). */
export async function deactivateDiscount(admin: AdminClient, id: string): Promise<{ ok: true } | { ok: false; message: string }> {
  const { userErrors } = await admin.mutate(DEACTIVATE_DISCOUNT, { id });
  return userErrors.length ? { ok: false, message: describeUserErrors(userErrors) } : { ok: true };
}

/** Activates a discount: Shopify removes its end date (status ACTIVE, or SCHEDULED before its start). */
export async function activateDiscount(admin: AdminClient, id: string): Promise<{ ok: true } | { ok: false; message: string }> {
  const { userErrors } = await admin.mutate(ACTIVATE_DISCOUNT, { id });
  return userErrors.length ? { ok: false, message: describeUserErrors(userErrors) } : { ok: true };
}
