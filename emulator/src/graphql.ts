// Admin GraphQL: every document is parsed and validated against the real schema, costed and
// metered by the shop's leaky bucket, then executed by graphql-js with the resolvers below.
import { execute, GraphQLError, Kind, parse, validate, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { adminSchema } from "./schema";
import { MAX_QUERY_COST, operationCost } from "./cost";
import { PLANS, type Discount, type EmulatorState, type ShopState } from "./state";
import {
  activate,
  codeIndex,
  createBasic,
  deactivate,
  matchesDiscountQuery,
  remove,
  selectorErrors,
  startBulkAdd,
  statusOf,
  summaryOf,
  TopLevelError,
  updateBasic,
  type BasicInput,
  type Selector,
} from "./discounts";

export interface GraphqlResult {
  status: number;
  body: Record<string, unknown>;
}

export interface GraphqlHooks {
  /** Schedules asynchronous work (bulk creations, jobs) as Shopify would run it later. */
  later(work: () => void): void;
  runBulkCreation(shop: ShopState, id: number): void;
}

const documents = new Map<string, { document: DocumentNode } | { errors: readonly GraphQLError[] }>();

function parseAndValidate(query: string) {
  let cached = documents.get(query);
  if (!cached) {
    try {
      const document = parse(query);
      const errors = validate(adminSchema(), document);
      cached = errors.length ? { errors } : { document };
    } catch (error) {
      cached = { errors: [error as GraphQLError] };
    }
    if (documents.size > 500) documents.clear();
    documents.set(query, cached);
  }
  return cached;
}

export const gid = (type: string, id: number | string) => `gid://shopify/${type}/${id}`;
export function idOf(value: unknown): number {
  const n = Number(
    String(value ?? "")
      .split("/")
      .pop(),
  );
  return Number.isFinite(n) ? n : -1;
}

function takeFromBucket(shop: ShopState, apiKey: string, cost: number, now = Date.now()) {
  const plan = PLANS[shop.plan];
  const b = (shop.buckets[apiKey] ??= { available: plan.maximumAvailable, updatedAt: now });
  b.available = Math.min(plan.maximumAvailable, b.available + ((now - b.updatedAt) / 1000) * plan.restoreRate);
  b.updatedAt = now;
  const status = () => ({ maximumAvailable: plan.maximumAvailable, currentlyAvailable: Math.floor(b.available), restoreRate: plan.restoreRate });
  if (cost > b.available) return { ok: false as const, status };
  b.available -= cost;
  return { ok: true as const, status, refund: (n: number) => (b.available = Math.min(plan.maximumAvailable, b.available + n)) };
}

export function runAdminGraphql(
  state: EmulatorState,
  shop: ShopState,
  apiKey: string,
  request: { query?: unknown; variables?: unknown; operationName?: unknown },
  hooks: GraphqlHooks,
  forceThrottle = false,
): GraphqlResult {
  if (typeof request.query !== "string" || request.query.trim() === "") return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
  const parsed = parseAndValidate(request.query);
  if ("errors" in parsed) {
    // Shopify answers invalid documents with GraphQL errors and no cost block.
    return { status: 200, body: { errors: parsed.errors.map((e) => ({ message: e.message, locations: e.locations, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } })) } };
  }
  const document = parsed.document;
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = typeof request.operationName === "string" ? operations.find((o) => o.name?.value === request.operationName) : operations[0];
  if (!operation) return { status: 200, body: { errors: [{ message: "No operation given" }] } };
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const variables = (request.variables && typeof request.variables === "object" ? request.variables : {}) as Record<string, unknown>;

  const requested = operationCost(adminSchema(), operation, fragments, variables);
  if (requested > MAX_QUERY_COST) {
    return {
      status: 200,
      body: {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\nSee https://shopify.dev/api/usage/limits#rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
            extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST, documentation: "https://shopify.dev/api/usage/limits#rate-limits" },
          },
        ],
      },
    };
  }
  const bucket = takeFromBucket(shop, apiKey, forceThrottle ? Infinity : requested);
  if (!bucket.ok) {
    return {
      status: 200,
      body: {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } },
      },
    };
  }
  const rootValue = operation.operation === "mutation" ? mutationRoot(state, shop, hooks) : queryRoot(state, shop);
  const result = execute({ schema: adminSchema(), document, rootValue, variableValues: variables, operationName: operation.name?.value }) as {
    data?: Record<string, unknown> | null;
    errors?: readonly GraphQLError[];
  };
  const topLevel = (result.errors ?? []).map((e) => {
    const original = e.originalError;
    if (original instanceof TopLevelError) return { message: original.message, path: original.path ?? e.path, extensions: { code: original.code } };
    return { message: e.message, locations: e.locations, path: e.path, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  });
  const aborted = (result.errors ?? []).some((e) => e.originalError instanceof TopLevelError);
  const actual = aborted ? null : operationCost(adminSchema(), operation, fragments, variables, result.data ?? null);
  bucket.refund(requested - (actual ?? 0));
  const body: Record<string, unknown> = {};
  if (topLevel.length) body.errors = topLevel;
  if (!aborted || result.data) body.data = result.data ?? null;
  body.extensions = { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() } };
  return { status: 200, body };
}

// ---- shaping state into schema objects -------------------------------------------------------

function money(amount: string | number, currencyCode: string) {
  const n = Number(amount);
  return { __typename: "MoneyV2", amount: Number.isInteger(n) ? `${n}.0` : String(n), currencyCode };
}

interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

const cursorOf = (id: number) => Buffer.from(JSON.stringify({ last_id: id, last_value: String(id) })).toString("base64");
function cursorId(cursor: string | null | undefined): number | undefined {
  if (!cursor) return undefined;
  try {
    return Number((JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id: number }).last_id);
  } catch {
    throw new TopLevelError("Invalid cursor for current pagination sort.", "BAD_REQUEST");
  }
}

export function connection<T extends { id: number }>(items: T[], args: ConnectionArgs, shape: (item: T) => unknown) {
  if (args.first == null && args.last == null) throw new TopLevelError("you must provide one of first or last", "BAD_REQUEST");
  if ((args.first ?? 0) > 250 || (args.last ?? 0) > 250) throw new TopLevelError("The page size must be less than or equal to 250.", "BAD_REQUEST");
  let list = [...items].sort((a, b) => a.id - b.id);
  if (args.reverse) list.reverse();
  const afterId = cursorId(args.after);
  const beforeId = cursorId(args.before);
  if (afterId !== undefined) list = list.slice(list.findIndex((i) => i.id === afterId) + 1);
  if (beforeId !== undefined) {
    const at = list.findIndex((i) => i.id === beforeId);
    if (at >= 0) list = list.slice(0, at);
  }
  const total = list.length;
  let page = list;
  if (args.first != null) page = page.slice(0, args.first);
  if (args.last != null) page = page.slice(Math.max(0, page.length - args.last));
  const nodes = page.map(shape);
  return {
    nodes,
    edges: page.map((item, i) => ({ cursor: cursorOf(item.id), node: nodes[i] })),
    pageInfo: {
      hasNextPage: args.first != null ? total > page.length : beforeId !== undefined,
      hasPreviousPage: args.last != null ? total > page.length : afterId !== undefined,
      startCursor: page[0] ? cursorOf(page[0].id) : null,
      endCursor: page.length ? cursorOf(page[page.length - 1]!.id) : null,
    },
  };
}

function redeemCodeObject(c: { id: number; code: string; usageCount: number }) {
  return { __typename: "DiscountRedeemCode", id: gid("DiscountRedeemCode", c.id), code: c.code, asyncUsageCount: c.usageCount, createdBy: null };
}

function basicObject(shop: ShopState, d: Discount) {
  const value =
    "percentage" in d.value
      ? { __typename: "DiscountPercentage", percentage: d.value.percentage }
      : { __typename: "DiscountAmount", amount: money(d.value.amount, shop.currencyCode), appliesOnEachItem: d.value.appliesOnEachItem };
  const items =
    "all" in d.items
      ? { __typename: "AllDiscountItems", allItems: true }
      : "productIds" in d.items
        ? {
            __typename: "DiscountProducts",
            products: (args: ConnectionArgs) =>
              connection(
                shop.products.filter((p) => (d.items as { productIds: number[] }).productIds.includes(p.id)),
                args,
                (p) => ({ __typename: "Product", id: gid("Product", p.id), title: p.title, handle: p.handle }),
              ),
            productVariants: (args: ConnectionArgs) => connection([], args, () => null),
          }
        : { __typename: "DiscountCollections", collections: (args: ConnectionArgs) => connection([], args, () => null) };
  const min = d.minimumRequirement;
  const minimumRequirement = !min
    ? null
    : "subtotal" in min
      ? { __typename: "DiscountMinimumSubtotal", greaterThanOrEqualToSubtotal: money(min.subtotal, shop.currencyCode) }
      : { __typename: "DiscountMinimumQuantity", greaterThanOrEqualToQuantity: String(min.quantity) };
  const discountClass = "all" in d.items ? "ORDER" : "PRODUCT";
  return {
    __typename: "DiscountCodeBasic",
    title: d.title,
    status: statusOf(d),
    summary: summaryOf(shop, d),
    shortSummary: summaryOf(shop, d).split(" • ")[0],
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    asyncUsageCount: d.codes.reduce((n, c) => n + c.usageCount, 0),
    usageLimit: d.usageLimit,
    appliesOncePerCustomer: d.appliesOncePerCustomer,
    codes: (args: ConnectionArgs & { query?: string }) => connection(d.codes, args, redeemCodeObject),
    codesCount: { __typename: "Count", count: d.codes.length, precision: "EXACT" },
    combinesWith: { __typename: "DiscountCombinesWith", ...d.combinesWith, productDiscountsWithTagsOnSameCartLine: null },
    context: { __typename: "DiscountBuyerSelectionAll", all: "ALL" },
    customerSelection: { __typename: "DiscountCustomerAll", allCustomers: true },
    customerGets: { __typename: "DiscountCustomerGets", value, items, appliesOnOneTimePurchase: true, appliesOnSubscription: false },
    minimumRequirement,
    discountClass,
    discountClasses: [discountClass],
    hasTimelineComment: false,
    shareableUrls: [],
    tags: d.tags,
    recurringCycleLimit: null,
    totalSales: money(0, shop.currencyCode),
  };
}

export function codeNodeObject(shop: ShopState, d: Discount) {
  return { __typename: "DiscountCodeNode", id: gid("DiscountCodeNode", d.id), codeDiscount: basicObject(shop, d) };
}
function discountNodeObject(shop: ShopState, d: Discount) {
  return { __typename: "DiscountNode", id: gid("DiscountCodeNode", d.id), discount: basicObject(shop, d) };
}

function bulkCreationObject(shop: ShopState, id: number) {
  const c = shop.bulkCreations[id];
  if (!c) return null;
  const d = shop.discounts[c.discountId];
  const imported = c.codes.filter((x) => x.redeemCodeId !== null).length;
  const failed = c.done ? c.codes.length - imported : 0;
  const entries = c.codes.map((x, i) => ({ id: i + 1, ...x }));
  return {
    __typename: "DiscountRedeemCodeBulkCreation",
    id: gid("DiscountRedeemCodeBulkCreation", c.id),
    done: c.done,
    codesCount: c.codes.length,
    importedCount: imported,
    failedCount: failed,
    createdAt: c.createdAt,
    discountCode: d ? codeNodeObject(shop, d) : null,
    codes: (args: ConnectionArgs) =>
      connection(entries, args, (x) => ({
        __typename: "DiscountRedeemCodeBulkCreationCode",
        code: x.code,
        errors: x.errors.map((e) => ({ __typename: "DiscountUserError", ...e, extraInfo: null })),
        discountRedeemCode:
          x.redeemCodeId !== null ? redeemCodeObject(d?.codes.find((rc) => rc.id === x.redeemCodeId) ?? { id: x.redeemCodeId, code: x.code, usageCount: 0 }) : null,
      })),
  };
}

function shopObject(shop: ShopState) {
  const plan = PLANS[shop.plan];
  return {
    __typename: "Shop",
    id: gid("Shop", shop.numericId),
    name: shop.name,
    email: shop.email,
    contactEmail: shop.email,
    myshopifyDomain: shop.domain,
    url: `https://${shop.domain}`,
    currencyCode: shop.currencyCode,
    enabledPresentmentCurrencies: [shop.currencyCode],
    ianaTimezone: shop.timezone,
    timezoneAbbreviation: "UTC",
    primaryDomain: { __typename: "Domain", id: gid("Domain", shop.numericId), host: shop.domain, url: `https://${shop.domain}`, sslEnabled: true },
    plan: {
      __typename: "ShopPlan",
      displayName: plan.displayName,
      partnerDevelopment: false,
      shopifyPlus: shop.plan === "plus" || shop.plan === "enterprise",
      publicDisplayName: plan.displayName,
    },
    currencyFormats: { __typename: "CurrencyFormats", moneyFormat: "{{amount}}", moneyWithCurrencyFormat: `{{amount}} ${shop.currencyCode}` },
    billingAddress: { __typename: "ShopAddress", id: gid("ShopAddress", shop.numericId), countryCodeV2: shop.countryCode, country: shop.countryCode },
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
  };
}

const userErrorsOf = (errors: { field: string[] | null; message: string; code: string | null }[]) =>
  errors.map((e) => ({ __typename: "DiscountUserError", ...e, extraInfo: null }));

const codeDiscountMissing = [{ field: ["id"], message: "Code discount does not exist.", code: "INVALID" }];

function queryRoot(state: EmulatorState, shop: ShopState) {
  const sortedDiscounts = (query?: string | null) => Object.values(shop.discounts).filter((d) => matchesDiscountQuery(d, query));
  return {
    shop: () => shopObject(shop),
    codeDiscountNodeByCode: ({ code }: { code: string }) => {
      const owner = codeIndex(shop).get(code.toLowerCase());
      const d = owner && shop.discounts[owner.discountId];
      return d ? codeNodeObject(shop, d) : null;
    },
    discountNode: ({ id }: { id: string }) => {
      const d = shop.discounts[idOf(id)];
      return d ? discountNodeObject(shop, d) : null;
    },
    codeDiscountNode: ({ id }: { id: string }) => {
      const d = shop.discounts[idOf(id)];
      return d ? codeNodeObject(shop, d) : null;
    },
    discountNodes: (args: ConnectionArgs & { query?: string }) => connection(sortedDiscounts(args.query), args, (d) => discountNodeObject(shop, d)),
    codeDiscountNodes: (args: ConnectionArgs & { query?: string }) => connection(sortedDiscounts(args.query), args, (d) => codeNodeObject(shop, d)),
    discountNodesCount: ({ query, limit }: { query?: string; limit?: number }) => {
      const count = sortedDiscounts(query).length;
      const cap = limit ?? 10000;
      return { __typename: "Count", count: Math.min(count, cap), precision: count > cap ? "AT_LEAST" : "EXACT" };
    },
    discountCodesCount: ({ query }: { query?: string }) => {
      let count = 0;
      for (const d of Object.values(shop.discounts)) count += query ? d.codes.filter((c) => query.toLowerCase().includes(c.code.toLowerCase())).length : d.codes.length;
      return { __typename: "Count", count: Math.min(count, 10000), precision: count > 10000 ? "AT_LEAST" : "EXACT" };
    },
    discountRedeemCodeBulkCreation: ({ id }: { id: string }) => bulkCreationObject(shop, idOf(id)),
    job: ({ id }: { id: string }) => {
      const job = shop.jobs[String(id).split("/").pop()!];
      return job ? { __typename: "Job", id: gid("Job", job.id), done: job.done, query: job.done ? {} : null } : null;
    },
    products: (args: ConnectionArgs) =>
      connection(shop.products, args, (p) => ({ __typename: "Product", id: gid("Product", p.id), title: p.title, handle: p.handle, status: "ACTIVE" })),
    // Node lookups by id (up to 250, as Shopify): discounts by their DiscountCodeNode id; an id
    // that names nothing (a deleted discount) is null in its place.
    nodes: ({ ids }: { ids: string[] }) => {
      if (ids.length > 250)
        throw new TopLevelError(`The input array size of ${ids.length} is greater than the maximum allowed of 250.`, "MAX_INPUT_SIZE_EXCEEDED", ["nodes", "ids"]);
      return ids.map((id) => {
        const d = /^gid:\/\/shopify\/DiscountCodeNode\//.test(id) ? shop.discounts[idOf(id)] : undefined;
        return d ? codeNodeObject(shop, d) : null;
      });
    },
  };
}

function mutationRoot(state: EmulatorState, shop: ShopState, hooks: GraphqlHooks) {
  const newJob = (work: () => void, immediately = false) => {
    const job = { id: crypto.randomUUID(), done: false };
    shop.jobs[job.id] = job;
    const run = () => {
      work();
      job.done = true;
    };
    if (immediately) run();
    else hooks.later(run);
    return { __typename: "Job", id: gid("Job", job.id), done: job.done, query: null };
  };
  const bulk = (sel: Selector, apply: (d: Discount) => void) => {
    const errors = selectorErrors(sel, ["status", "times_used", "discount_type", "title", "id", "tag", "starts_at", "ends_at"]);
    if (errors.length) return { job: null, userErrors: userErrorsOf(errors) };
    const targets = sel.ids
      ? sel.ids.map(idOf)
      : Object.values(shop.discounts)
          .filter((d) => matchesDiscountQuery(d, sel.search))
          .map((d) => d.id);
    return {
      job: newJob(() => {
        for (const id of targets) {
          const d = shop.discounts[id];
          if (d) apply(d);
        }
      }),
      userErrors: [],
    };
  };
  return {
    discountCodeBasicCreate: ({ basicCodeDiscount }: { basicCodeDiscount: BasicInput }) => {
      const { discount, userErrors } = createBasic(state, shop, basicCodeDiscount);
      return { codeDiscountNode: discount ? codeNodeObject(shop, discount) : null, userErrors: userErrorsOf(userErrors) };
    },
    discountCodeBasicUpdate: ({ id, basicCodeDiscount }: { id: string; basicCodeDiscount: BasicInput }) => {
      const { discount, userErrors } = updateBasic(shop, idOf(id), basicCodeDiscount);
      return { codeDiscountNode: discount ? codeNodeObject(shop, discount) : null, userErrors: userErrorsOf(userErrors) };
    },
    discountCodeActivate: ({ id }: { id: string }) => {
      const d = activate(shop, idOf(id));
      return { codeDiscountNode: d ? codeNodeObject(shop, d) : null, userErrors: d ? [] : userErrorsOf(codeDiscountMissing) };
    },
    discountCodeDeactivate: ({ id }: { id: string }) => {
      const d = deactivate(shop, idOf(id));
      return { codeDiscountNode: d ? codeNodeObject(shop, d) : null, userErrors: d ? [] : userErrorsOf(codeDiscountMissing) };
    },
    discountCodeDelete: ({ id }: { id: string }) => {
      const ok = remove(shop, idOf(id));
      return { deletedCodeDiscountId: ok ? gid("DiscountCodeNode", idOf(id)) : null, userErrors: ok ? [] : userErrorsOf(codeDiscountMissing) };
    },
    discountRedeemCodeBulkAdd: ({ discountId, codes }: { discountId: string; codes: { code: string }[] }) => {
      const { creation, userErrors } = startBulkAdd(state, shop, idOf(discountId), codes);
      if (creation) hooks.later(() => hooks.runBulkCreation(shop, creation.id));
      return { bulkCreation: creation ? bulkCreationObject(shop, creation.id) : null, userErrors: userErrorsOf(userErrors) };
    },
    discountCodeRedeemCodeBulkDelete: (args: Selector & { discountId: string }) => {
      const d = shop.discounts[idOf(args.discountId)];
      if (!d) return { job: null, userErrors: userErrorsOf([{ field: ["discountId"], message: "Code discount does not exist.", code: "INVALID" }]) };
      const errors = selectorErrors(args, ["code", "id", "times_used"]);
      if (errors.length) return { job: null, userErrors: userErrorsOf(errors) };
      const ids = new Set((args.ids ?? []).map(idOf));
      const search = args.search?.toLowerCase();
      return {
        job: newJob(() => {
          const index = codeIndex(shop);
          d.codes = d.codes.filter((c) => {
            const hit = ids.has(c.id) || (search !== undefined && search.includes(c.code.toLowerCase()));
            if (hit) index.delete(c.code.toLowerCase());
            return !hit;
          });
        }, true),
        userErrors: [],
      };
    },
    discountCodeBulkActivate: (sel: Selector) => bulk(sel, (d) => activate(shop, d.id)),
    discountCodeBulkDeactivate: (sel: Selector) => bulk(sel, (d) => deactivate(shop, d.id)),
    discountCodeBulkDelete: (sel: Selector) => bulk(sel, (d) => remove(shop, d.id)),
  };
}

export { GraphQLError };
