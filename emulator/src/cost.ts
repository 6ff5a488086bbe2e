// Shopify's calculated query cost, calibrated against real recorded calls (docs/shopify-query-cost.md,
// scripts/cost-replay.ts). shopify.dev "rate limits" states the base: scalars and enums 0, objects 1,
// interfaces and unions the most expensive of their possible selections, connections sized by
// `first`/`last`, mutations 10. What the recorded costs show beyond that:
// - a connection costs 2 plus sizeFactor(first) × the cost of one item, where sizeFactor grows with
//   the logarithm of the page size (floor(2·ln n), at least 1): first 10 → 4, 50 → 7, 250 → 11.
//   Nested connections multiply through these factors, not through `first` itself.
//   `nodes` and `edges { node }` selected together are both charged; pageInfo is free.
// - a `*Count` root costs 10, a count nested in an object 1 (a few nested counts 10: FIELD_COSTS);
//   small embedded objects (money, addresses, weights…) are free (FREE_TYPES).
// - a mutation costs 10 (a few more or less: MUTATION_COSTS) plus what its payload selects below
//   the payload's direct objects.
// - selections turned off by @include(if: false) or @skip(if: true) cost nothing; an operation
//   costs at least 1.
// The requested cost is static. The actual cost (docs/decisions/021) recounts what came back:
// - a page's items are charged at their average actual cost; a partial page 2·ln(first) ×
//   returned/first × item, rounded up once past 0.2 (ceil(x − 0.2)), never more than the full
//   page; a full page sizeFactor(size) × item, rounded up;
// - an empty `nodes` page the requested size at one point an item, unless the same connection
//   returned items for another item of the enclosing list or page, or it sits in an item reached
//   through an enclosing page's `edges` (then 2); an empty `edges` page 2;
// - a null object costs only itself; a mutation whose payload is null costs its base;
// - `__typename` costs 1 on every object that returns it; a nested connection's partial page that
//   selects `pageInfo` costs 1 more;
// - an empty list that takes `first` (not a connection) costs one item's objects, no connections;
// - the actual cost never exceeds the requested cost.
import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  valueFromASTUntyped,
} from "graphql";

export const MAX_QUERY_COST = 1000;
export const MUTATION_COST = 10;

/** Object types Shopify does not charge for (embedded values, not separate lookups). */
export const FREE_TYPES = new Set<string>([
  "PageInfo",
  "UserError",
  "MoneyV2",
  "MoneyBag",
  "MailingAddress",
  "LocationAddress",
  "Weight",
  "InventoryItemMeasurement",
  "CustomerEmailMarketingConsentState",
  "CustomerSmsMarketingConsentState",
  "CollectionRuleSet",
  "CollectionRule",
  "CollectionRuleConditionObject",
  "CollectionRuleCategoryCondition",
  "CollectionRuleMetafieldCondition",
  "CollectionRuleProductCategoryCondition",
  "CollectionRuleTextCondition",
  "ShopAddress",
  "ApiVersion",
  "WebhookSubscriptionEndpoint",
  "WebhookHttpEndpoint",
  "WebhookEventBridgeEndpoint",
  "WebhookPubSubEndpoint",
]);

/** Fields with a cost of their own (parent type.field), replacing the default of 1 for an object. */
export const FIELD_COSTS: Record<string, number> = {
  "Blog.articlesCount": 10,
  "Article.commentsCount": 10,
  "Location.hasUnfulfilledOrders": 1,
};

/** Object types that cost more than 1 wherever they are selected. */
export const TYPE_COSTS: Record<string, number> = {
  StoreCreditAccount: 6,
};

/** Mutations Shopify charges more (or less) than 10 for, before what their payload selects. */
export const MUTATION_COSTS: Record<string, number> = {
  customerSegmentMembersQueryCreate: 2,
  storeCreditAccountDebit: 15,
  fileCreate: 20,
  orderCapture: 20,
  productCreateMedia: 20,
  refundCreate: 20,
  fulfillmentTrackingInfoUpdate: 50,
  fulfillmentTrackingInfoUpdateV2: 50,
};

/** A `*Count` root field (productsCount, ordersCount, …) costs 10; nested counts cost 1 unless listed in FIELD_COSTS. */
export const ROOT_COUNT_COST = 10;

/** What `__typename` adds to the actual cost of an object that returns it (free in the requested cost). */
export const ACTUAL_TYPENAME_COST = 1;

/** A partial page's items are rounded up only past this fraction of a point (ceil(x − 0.2)). */
export const ACTUAL_ROUNDING_SLACK = 0.2;

interface Context {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  actual: boolean;
  /** Below a root field (a connection there is nested). */
  nested?: boolean;
  /** Actual cost: names of the connections that returned items for some item of the enclosing list or page. */
  filled?: Set<string>;
  /** Actual cost: inside an item reached through an enclosing page's `edges { node }`. */
  inEdges?: boolean;
  /** Actual cost: the stand-in item of an empty list that takes a page size (its connections cost nothing). */
  emptyList?: boolean;
}

/** How many items' cost a connection of `size` requested items is charged for. */
export function sizeFactor(size: number): number {
  if (!(size > 0)) return 0;
  return Math.max(1, Math.floor(2 * Math.log(size)));
}

/**
 * Actual cost of the items of a partial page: `returned` of `first` items of `itemCost` each,
 * 2·ln(first) × returned/first × itemCost rounded up past ACTUAL_ROUNDING_SLACK, at most the full page.
 */
export function partialPageItems(first: number, returned: number, itemCost: number): number {
  const full = sizeFactor(first) * itemCost;
  const share = ((2 * Math.log(first) * returned) / first) * itemCost;
  return Math.min(full, Math.max(0, Math.ceil(share - ACTUAL_ROUNDING_SLACK)));
}

function argument(field: FieldNode, name: string, ctx: Context): unknown {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  return valueFromASTUntyped(arg.value, ctx.variables);
}

/** False when @skip(if: true) or @include(if: false) turns the selection off. */
function included(sel: SelectionNode, ctx: Context): boolean {
  for (const d of sel.directives ?? []) {
    const name = d.name.value;
    if (name !== "skip" && name !== "include") continue;
    const arg = d.arguments?.find((a) => a.name.value === "if");
    const value = arg ? valueFromASTUntyped(arg.value, ctx.variables) : undefined;
    if (name === "skip" && value === true) return false;
    if (name === "include" && value === false) return false;
  }
  return true;
}

/** Fields of a selection set that apply to `type` (fragments and inline fragments expanded). */
function collect(selectionSet: SelectionSetNode, type: GraphQLCompositeType, ctx: Context, out: FieldNode[] = []): FieldNode[] {
  for (const sel of selectionSet.selections) {
    if (!included(sel, ctx)) continue;
    if (sel.kind === Kind.FIELD) out.push(sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const cond = sel.typeCondition?.name.value;
      if (!cond || cond === type.name || applies(cond, type, ctx)) collect(sel.selectionSet, type, ctx, out);
    } else {
      const frag = ctx.fragments[sel.name.value];
      if (frag && (frag.typeCondition.name.value === type.name || applies(frag.typeCondition.name.value, type, ctx))) collect(frag.selectionSet, type, ctx, out);
    }
  }
  return out;
}

function applies(condition: string, type: GraphQLCompositeType, ctx: Context): boolean {
  const condType = ctx.schema.getType(condition);
  if (!condType || !isAbstractType(condType) || !isObjectType(type)) return false;
  return ctx.schema.isSubType(condType, type);
}

function isConnection(type: GraphQLCompositeType): type is GraphQLObjectType {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const fields = type.getFields();
  return "nodes" in fields || "edges" in fields;
}

/** Cost of selecting `selectionSet` on a value of `type`; `data` gives actual counts when known. */
function selectionCost(selectionSet: SelectionSetNode, type: GraphQLCompositeType, ctx: Context, data: unknown): number {
  if (isAbstractType(type)) {
    const candidates = ctx.schema.getPossibleTypes(type);
    const typename = data && typeof data === "object" ? (data as { __typename?: string }).__typename : undefined;
    const concrete = typename ? candidates.filter((c) => c.name === typename) : candidates;
    let max = 0;
    for (const candidate of concrete) max = Math.max(max, selectionCost(selectionSet, candidate, ctx, data));
    return max;
  }
  if (!isObjectType(type)) return 0;
  let total = 0;
  const fields = type.getFields();
  for (const node of collect(selectionSet, type, ctx)) {
    // `__typename` is free in the requested cost but charged once run, on each object that returns it.
    if (node.name.value === "__typename" && ctx.actual && data && typeof data === "object") total += ACTUAL_TYPENAME_COST;
    const field = fields[node.name.value];
    if (!field) continue;
    const value = ctx.actual && data && typeof data === "object" ? (data as Record<string, unknown>)[node.alias?.value ?? node.name.value] : undefined;
    total += fieldCost(node, field, type, ctx, value);
  }
  return total;
}

/** The cost a field is defined with: its own (FIELD_COSTS/TYPE_COSTS) or 1 for an object, 0 for free types. */
function definedCost(field: GraphQLField<unknown, unknown>, parent: GraphQLCompositeType, ctx: Context): number {
  const own = FIELD_COSTS[`${parent.name}.${field.name}`];
  if (own !== undefined) return own;
  const named = getNamedType(field.type);
  if (named.name === "Count" && parent === ctx.schema.getQueryType()) return ROOT_COUNT_COST;
  if (isLeafType(named) || FREE_TYPES.has(named.name)) return 0;
  return TYPE_COSTS[named.name] ?? 1;
}

function fieldCost(node: FieldNode, field: GraphQLField<unknown, unknown>, parent: GraphQLCompositeType, ctx: Context, value: unknown): number {
  const named = getNamedType(field.type);
  if (isLeafType(named)) return definedCost(field, parent, ctx);
  const composite = named as GraphQLCompositeType;
  if (isConnection(composite) && node.selectionSet) return connectionCost(node, composite, ctx, value);
  const own = definedCost(field, parent, ctx);
  ctx = { ...ctx, nested: true, filled: undefined };
  if (!node.selectionSet) return own;
  if (ctx.actual && value === null) return Math.min(own, 1);
  if (isListType(getNullableType(field.type))) {
    // The lists of introspection (fields, enumValues, inputFields…) are requested at 1 but free once run.
    if (ctx.actual && named.name.startsWith("__")) return 0;
    // An empty list that takes a page size (`Order.fulfillments(first:)`, not a connection) is
    // charged once run as one item that returned its objects but none of its connections.
    const emptyList = ctx.actual && Array.isArray(value) && value.length === 0 && argument(node, "first", ctx) !== undefined;
    const items = Array.isArray(value) ? (emptyList ? [{}] : value) : [undefined];
    if (emptyList) ctx = { ...ctx, emptyList: true };
    const listCtx = ctx.actual ? { ...ctx, filled: filledConnections(items) } : ctx;
    let max = 0;
    for (const item of items) if (item !== null) max = Math.max(max, selectionCost(node.selectionSet, composite, listCtx, item));
    return own + max;
  }
  return own + selectionCost(node.selectionSet, composite, ctx, value);
}

function connectionCost(node: FieldNode, connection: GraphQLObjectType, ctx: Context, value: unknown): number {
  const fields = connection.getFields();
  const nodeType = getNamedType((fields.nodes ?? fields.edges).type) as GraphQLCompositeType;
  const conn = ctx.actual && value && typeof value === "object" ? (value as { nodes?: unknown[]; edges?: { node?: unknown }[] }) : undefined;
  const requested = Number(argument(node, "first", ctx) ?? argument(node, "last", ctx) ?? 0);
  let size = requested;
  // Actual cost: the items returned. An empty page is charged for the page size asked, at one
  // point an item for `nodes` (their selections were never resolved) and nothing for `edges`.
  let empty = false;
  const nested = ctx.nested === true;
  if (ctx.actual) {
    if (value === undefined && ctx.emptyList) return 0;
    if (value === null || value === undefined) return 2;
    const returned = Math.max(conn?.nodes?.length ?? 0, conn?.edges?.length ?? 0);
    if (returned > 0) size = returned;
    else empty = true;
    // Empty here while the same connection returned items for another item of the enclosing list:
    // charged like an empty `edges` page.
    if (empty && ctx.filled?.has(node.alias?.value ?? node.name.value)) return 2;
  }
  const partial = ctx.actual && !empty && requested > 0 && size < requested;
  // An empty page inside an item reached through an enclosing page's `edges { node }` costs 2.
  if (empty && ctx.inEdges) return 2;
  const selections = collect(node.selectionSet!, connection, ctx);
  ctx = { ...ctx, nested: true, filled: undefined };
  let perItem = 0;
  let other = 0;
  for (const child of selections) {
    const name = child.name.value;
    if (name === "nodes" && child.selectionSet && fields.nodes) {
      perItem += empty ? 1 : itemCost(nodeType) + itemsCost(child.selectionSet, nodeType, ctx, conn?.nodes);
    } else if (name === "edges" && child.selectionSet && fields.edges) {
      const edgeType = getNamedType(fields.edges.type) as GraphQLObjectType;
      for (const edgeChild of collect(child.selectionSet, edgeType, ctx)) {
        if (edgeChild.name.value === "node" && edgeChild.selectionSet)
          perItem += empty
            ? 0
            : itemCost(nodeType) +
              itemsCost(
                edgeChild.selectionSet,
                nodeType,
                { ...ctx, inEdges: true },
                conn?.edges?.map((e) => e?.node),
              );
      }
    } else if (fields[name]) {
      const v = conn ? (conn as Record<string, unknown>)[child.alias?.value ?? name] : undefined;
      other += fieldCost(child, fields[name], connection, ctx, v);
    }
  }
  // perItem is an average once run (itemsCost), so a full page is rounded up.
  let items = partial ? partialPageItems(requested, size, perItem) : Math.ceil(sizeFactor(size) * perItem);
  // A nested connection's partial page that selects pageInfo costs one point more.
  if (partial && nested && selections.some((c) => c.name.value === "pageInfo")) items += 1;
  return 2 + items + other;
}

/** Actual cost: the connections (by response key) that returned items for at least one of `items`. */
function filledConnections(items: unknown[]): Set<string> {
  const out = new Set<string>();
  for (const item of items) {
    if (!item || typeof item !== "object") continue;
    for (const [key, v] of Object.entries(item)) {
      const page = v as { nodes?: unknown; edges?: unknown } | null;
      if (!page || typeof page !== "object") continue;
      if ((Array.isArray(page.nodes) && page.nodes.length > 0) || (Array.isArray(page.edges) && page.edges.length > 0)) out.add(key);
    }
  }
  return out;
}

/** What one item of a connection costs before its selections. */
function itemCost(type: GraphQLCompositeType): number {
  return TYPE_COSTS[type.name] ?? 1;
}

/** Cost of one item of a connection: the average of the returned items once run, or the static estimate. */
function itemsCost(selectionSet: SelectionSetNode, type: GraphQLCompositeType, ctx: Context, items: unknown[] | undefined): number {
  if (!ctx.actual || !items || items.length === 0) return selectionCost(selectionSet, type, { ...ctx, actual: false }, undefined);
  const itemCtx = { ...ctx, filled: filledConnections(items) };
  let sum = 0;
  for (const item of items) sum += selectionCost(selectionSet, type, itemCtx, item);
  return sum / items.length;
}

export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  data?: Record<string, unknown> | null,
): number {
  const ctx: Context = { schema, fragments, variables, actual: data !== undefined };
  const root = operation.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (!root) return 0;
  const rootFields = root.getFields();
  let total = 0;
  for (const node of collect(operation.selectionSet, root, ctx)) {
    // Introspection (`__schema`, `__type`) is charged like any object.
    const meta = node.name.value === "__schema" ? SchemaMetaFieldDef : node.name.value === "__type" ? TypeMetaFieldDef : undefined;
    const field = (meta as GraphQLField<unknown, unknown> | undefined) ?? rootFields[node.name.value];
    if (!field) continue;
    const value = ctx.actual ? (data?.[node.alias?.value ?? node.name.value] ?? null) : undefined;
    if (operation.operation === "mutation") total += mutationCost(node, field, ctx, value);
    else total += fieldCost(node, field, root, ctx, value);
  }
  // The actual cost never exceeds the requested cost.
  if (ctx.actual) total = Math.min(total, operationCost(schema, operation, fragments, variables));
  // Every executed operation costs at least 1 (`{ __typename }`, a mutation skipped by @skip).
  return Math.max(1, total);
}

/** A mutation: 10, plus what its payload selects beyond the payload's own direct objects. */
function mutationCost(node: FieldNode, field: GraphQLField<unknown, unknown>, ctx: Context, value: unknown): number {
  const payload = getNamedType(field.type) as GraphQLCompositeType;
  const base = MUTATION_COSTS[field.name] ?? MUTATION_COST;
  // A mutation that failed as a whole (payload null) is charged its base cost only.
  if (!node.selectionSet || !isObjectType(payload) || (ctx.actual && value === null)) return base;
  let total = base;
  const fields = payload.getFields();
  for (const child of collect(node.selectionSet, payload, ctx)) {
    const f = fields[child.name.value];
    if (!f) continue;
    const v = ctx.actual && value && typeof value === "object" ? (value as Record<string, unknown>)[child.alias?.value ?? child.name.value] : undefined;
    const cost = fieldCost(child, f, payload, ctx, v);
    const named = getNamedType(f.type) as GraphQLCompositeType;
    // The payload's direct object (the created or updated resource) is part of the 10.
    total += isLeafType(named) || isConnection(named) ? cost : Math.max(0, cost - definedCost(f, payload, ctx));
  }
  return total;
}
