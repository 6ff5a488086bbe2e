// Shopify's calculated query cost (shopify.dev "rate limits"): scalars and enums 0, objects 1,
// interfaces and unions the most expensive of their possible selections, connections 2 plus
// `first`/`last` times the cost of one node, mutations 10 at least. The requested cost is static;
// the actual cost re-counts connections with the number of nodes really returned.
// Observed calibration (FACTS §2): discountCodeBasicCreate returning only an id costs 10,
// discountRedeemCodeBulkAdd with a scalar selection 10, with codes(first:10) about 24.
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
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromASTUntyped,
} from "graphql";

export const MAX_QUERY_COST = 1000;
export const MUTATION_COST = 10;

interface Context {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function argument(field: FieldNode, name: string, ctx: Context): unknown {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  return valueFromASTUntyped(arg.value, ctx.variables);
}

function isConnection(typeName: string): boolean {
  return typeName.endsWith("Connection");
}

/** Fields of a selection set that apply to `type` (fragments and inline fragments expanded). */
function collect(selectionSet: SelectionSetNode, type: GraphQLCompositeType, ctx: Context, out: FieldNode[] = []): FieldNode[] {
  for (const sel of selectionSet.selections) {
    if (sel.kind === Kind.FIELD) out.push(sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const cond = sel.typeCondition?.name.value;
      if (!cond || cond === type.name || applies(cond, type, ctx)) collect(sel.selectionSet, type, ctx, out);
    } else {
      const frag = ctx.fragments[sel.name.value];
      if (frag && (frag.typeCondition.name.value === type.name || applies(frag.typeCondition.name.value, type, ctx)))
        collect(frag.selectionSet, type, ctx, out);
    }
  }
  return out;
}

function applies(condition: string, type: GraphQLCompositeType, ctx: Context): boolean {
  const condType = ctx.schema.getType(condition);
  if (!condType || !isAbstractType(condType) || !isObjectType(type)) return false;
  return ctx.schema.isSubType(condType, type);
}

/** Cost of selecting `selectionSet` on a value of `type`; `data` gives actual counts when known. */
function selectionCost(selectionSet: SelectionSetNode, type: GraphQLCompositeType, ctx: Context, data?: unknown): number {
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
    const field = fields[node.name.value];
    if (!field) continue;
    const value = data && typeof data === "object" ? (data as Record<string, unknown>)[node.alias?.value ?? node.name.value] : undefined;
    total += fieldCost(node, field, ctx, data === undefined ? undefined : value ?? null);
  }
  return total;
}

function fieldCost(node: FieldNode, field: GraphQLField<unknown, unknown>, ctx: Context, value?: unknown): number {
  const named = getNamedType(field.type);
  if (isLeafType(named) || !node.selectionSet) return 0;
  const composite = named as GraphQLCompositeType;
  if (isConnection(named.name)) {
    const requested = Number(argument(node, "first", ctx) ?? argument(node, "last", ctx) ?? 1);
    let size = requested;
    let nodeData: unknown[] | undefined;
    if (value !== undefined) {
      const conn = value as { nodes?: unknown[]; edges?: { node: unknown }[] } | null;
      nodeData = conn?.nodes ?? conn?.edges?.map((e) => e.node) ?? [];
      size = nodeData.length;
    }
    const nodeType = connectionNodeType(composite);
    let perNode = 0;
    if (nodeType) {
      for (const child of collect(node.selectionSet, composite as GraphQLCompositeType, ctx)) {
        const childName = child.name.value;
        if ((childName === "nodes" || childName === "edges") && child.selectionSet) {
          const inner =
            childName === "nodes"
              ? child.selectionSet
              : (child.selectionSet.selections.find((s) => s.kind === Kind.FIELD && s.name.value === "node") as FieldNode | undefined)
                  ?.selectionSet;
          if (inner) perNode = Math.max(perNode, 1 + selectionCost(inner, nodeType, ctx, nodeData?.[0]));
        }
      }
    }
    return 2 + size * perNode;
  }
  if (isListType(getNullableType(field.type)) && Array.isArray(value)) {
    return 1 + value.reduce<number>((sum, item) => Math.max(sum, selectionCost(node.selectionSet!, composite, ctx, item)), 0);
  }
  return 1 + selectionCost(node.selectionSet, composite, ctx, value === null ? undefined : value);
}

function connectionNodeType(connection: GraphQLCompositeType): GraphQLCompositeType | undefined {
  if (!isObjectType(connection)) return undefined;
  const nodes = connection.getFields()["nodes"];
  return nodes ? (getNamedType(nodes.type) as GraphQLCompositeType) : undefined;
}

export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  data?: Record<string, unknown> | null,
): number {
  const ctx: Context = { schema, fragments, variables };
  const root = operation.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (!root) return 0;
  const rootFields = root.getFields();
  let total = 0;
  for (const node of collect(operation.selectionSet, root, ctx)) {
    const field = rootFields[node.name.value];
    if (!field) continue;
    const value = data === undefined ? undefined : data?.[node.alias?.value ?? node.name.value] ?? null;
    if (operation.operation === "mutation") {
      const named = getNamedType(field.type) as GraphQLCompositeType;
      const inner = node.selectionSet ? selectionCost(node.selectionSet, named, ctx, value ?? undefined) : 0;
      total += Math.max(MUTATION_COST, inner);
    } else {
      total += fieldCost(node, field, ctx, value);
    }
  }
  return Math.max(1, total);
}
