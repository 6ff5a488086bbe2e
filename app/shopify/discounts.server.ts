// The discount documents the app sends, and the mapping from an offer to Shopify's
// DiscountCodeBasicInput. Shapes and limits follow the real Admin API (2026-10).
import type { Offer } from "@prisma/client";
import { expectCost, ShopifyGraphqlError, type AdminClient, type DataOf, type UserError } from "./client.server";
import { lookupBatches, lookupBatchSize, paddedLookupSize } from "~/domain/codes/lookup-batches";
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

/**
 * A bulk creation's state and, once it is done, each code's outcome: the created redeem code's id
 * (DiscountRedeemCodeBulkCreationCode.discountRedeemCode, null when it failed) or its errors. One
 * page holds a whole bulk add (250 codes), so the poll that sees `done` brings the ids with it.
 */
export const BULK_CREATION_RESULTS = `#graphql
  query BulkCreationResults($id: ID!, $after: String) {
    discountRedeemCodeBulkCreation(id: $id) {
      id
      done
      failedCount
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
    offer.appliesTo === "PRODUCTS" ? { products: { productsToAdd: productIds } } : offer.appliesTo === "COLLECTIONS" ? { collections: { add: collectionIds } } : { all: true };
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
 * finish. Each poll reads the creation's per-code results too (one page of 250): the one that sees
 * it done has every code's outcome and redeem-code id, kept so that later removals address the
 * codes directly (R33) instead of paging through the discount.
 */
export async function addRedeemCodes(admin: AdminClient, discountId: string, codes: string[], opts: { pollMs?: number } = {}): Promise<RedeemCodeOutcome[] | { error: string }> {
  const { data, userErrors } = await admin.mutate(ADD_REDEEM_CODES, { discountId, codes: codes.map((code) => ({ code })) });
  const creation = data.discountRedeemCodeBulkAdd?.bulkCreation;
  if (!creation) return { error: describeUserErrors(userErrors) };
  let wait = opts.pollMs ?? 25;
  const outcomes: RedeemCodeOutcome[] = [];
  let after: string | null = null;
  for (;;) {
    const res: DataOf<typeof BULK_CREATION_RESULTS> = await admin.query(BULK_CREATION_RESULTS, { id: creation.id, after });
    const s = res.discountRedeemCodeBulkCreation;
    if (!s) return { error: "Shopify lost track of the bulk code creation." };
    if (!s.done) {
      await pause(wait);
      wait = Math.min(1000, wait * 2);
      continue;
    }
    for (const n of s.codes.nodes)
      outcomes.push({ code: n.code, ok: n.discountRedeemCode !== null, redeemCodeId: n.discountRedeemCode?.id ?? null, message: n.errors.map((e) => e.message).join(" ") || null });
    if (!s.codes.pageInfo.hasNextPage) break;
    after = s.codes.pageInfo.endCursor ?? null;
  }
  return outcomes;
}

/**
 * Which discount holds a code in a store (case-insensitive), if any, and its title: a few
 * points per lookup. The redeem code's own id is looked up only when a delete needs it.
 */
export async function findCodeOwner(admin: AdminClient, code: string): Promise<{ discountId: string; title: string | null } | null> {
  const { codeDiscountNodeByCode: node } = await admin.query(CODE_OWNER, { code });
  if (!node) return null;
  const title = node.codeDiscount && "title" in node.codeDiscount ? node.codeDiscount.title : null;
  return { discountId: node.id, title };
}

/** What one aliased `codeDiscountNodeByCode(code:) { id }` costs: one object (docs/shopify-query-cost.md). */
export const CODE_LOOKUP_COST = 1;

const lookupDocuments = new Map<number, string>();
/**
 * CODE_EXISTS repeated `size` times under aliases (c0…), one variable each: what the graphql
 * documents test validates for CODE_EXISTS holds for every alias. Built once per size (sizes come in
 * steps of 25, see paddedLookupSize), and its cost told to the client before it is first sent.
 */
export function codesExistDocument(size: number): string {
  let doc = lookupDocuments.get(size);
  if (!doc) {
    const vars = Array.from({ length: size }, (_, k) => `$c${k}: String!`).join(", ");
    const fields = Array.from({ length: size }, (_, k) => `  c${k}: codeDiscountNodeByCode(code: $c${k}) { id }`).join("\n");
    doc = `query CodesExist(${vars}) {\n${fields}\n}\n`;
    lookupDocuments.set(size, doc);
    expectCost(doc, size * CODE_LOOKUP_COST);
  }
  return doc;
}

/**
 * Which of these codes are in this store (any discount, any case)? One point per code, as many
 * codes per query as Shopify's single-query maximum allows (1,000; lookupBatches), the batches in
 * flight together (`concurrency`; the client's bucket tracker holds back what the bucket cannot
 * pay yet). A short batch repeats its last code up to a step of 25. A batch Shopify still finds
 * too expensive (MAX_COST_EXCEEDED) is split in two and each half asked again. Returns the codes held.
 */
export async function codesExist(admin: AdminClient, codes: string[], opts: { concurrency?: number; perQuery?: number } = {}): Promise<Set<string>> {
  const held = new Set<string>();
  const fits = lookupBatchSize(CODE_LOOKUP_COST);
  const ask = async (part: string[]): Promise<void> => {
    const size = part.length <= fits ? paddedLookupSize(part.length, CODE_LOOKUP_COST) : part.length;
    const variables = Object.fromEntries(Array.from({ length: size }, (_, k) => [`c${k}`, part[Math.min(k, part.length - 1)]!]));
    let data: Record<string, unknown>;
    try {
      data = await admin.query(codesExistDocument(size), variables);
    } catch (error) {
      if (part.length > 1 && error instanceof ShopifyGraphqlError && error.codes.includes("MAX_COST_EXCEEDED")) {
        const half = Math.ceil(part.length / 2);
        await Promise.all([ask(part.slice(0, half)), ask(part.slice(half))]);
        return;
      }
      throw error;
    }
    part.forEach((code, k) => {
      if (data[`c${k}`]) held.add(code);
    });
  };
  // `perQuery` (tests): codes per query whatever they cost, to see Shopify refuse an oversized batch.
  const queue = opts.perQuery ? lookupBatches(codes, 1, opts.perQuery) : lookupBatches(codes, CODE_LOOKUP_COST);
  await Promise.all(
    Array.from({ length: Math.min(opts.concurrency ?? 8, queue.length) }, async () => {
      for (let part = queue.shift(); part; part = queue.shift()) await ask(part);
    }),
  );
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
export async function deleteRedeemCodes(
  admin: AdminClient,
  discountId: string,
  codes: { code: string; redeemCodeId: string | null }[],
): Promise<{ ok: true } | { ok: false; message: string }> {
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
