// Cost replay: compares the emulator's calculated query cost with the cost Shopify recorded for real
// calls (issue 11 §3, docs/shopify-query-cost.md). The recordings are not part of this repository:
// pass the root of a checkout of airhorns/shopify-draft-proxy (or any directory holding its
// fixtures/conformance/**) as the first argument or COST_REPLAY_ROOT.
//
//   npx tsx scripts/cost-replay.ts /tmp/dp [--details out.json] [--check]
//
// --check makes it the replay check of issue 11: it exits 1 unless the requested and the actual
// cost each match for at least 95 % of the calls and no call Shopify ran is refused.
//
// Every JSON object in a fixture that carries a GraphQL document (`query`, `document`,
// `request.query`, `request.body.query`, or a `documentPath` into the same checkout) next to a
// response with `extensions.cost` is one recorded call. Calls are made distinct by document and
// variables, kept when the document validates against the emulator's 2026-10 schema, and compared:
// requested cost always, actual cost (computed from the recorded response data) when Shopify
// reported one. Prints one JSON object with the match rates.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Kind, parse, validate, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { adminSchema } from "../emulator/src/schema";
import { MAX_QUERY_COST, operationCost } from "../emulator/src/cost";

interface Cost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
}
interface Call {
  file: string;
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
  data: Record<string, unknown> | null | undefined;
  cost: Cost;
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  if (typeof v === "string") {
    const t = v.trim();
    if (!t.startsWith("{")) return undefined;
    try {
      return asObject(JSON.parse(t));
    } catch {
      return undefined;
    }
  }
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function costOf(body: Record<string, unknown> | undefined): Cost | undefined {
  const cost = asObject(asObject(body?.extensions)?.cost);
  if (!cost || typeof cost.requestedQueryCost !== "number") return undefined;
  return { requestedQueryCost: cost.requestedQueryCost, actualQueryCost: typeof cost.actualQueryCost === "number" ? cost.actualQueryCost : null };
}

/** The response body with a cost block among the usual places a fixture keeps it. */
function responseOf(o: Record<string, unknown>): Record<string, unknown> | undefined {
  const candidates: unknown[] = [o.response, o.result, o.payload, o.body];
  const response = asObject(o.response);
  if (response) candidates.push(response.payload, response.body, response.json, response.data === undefined ? undefined : response);
  for (const c of candidates) {
    const obj = asObject(c);
    if (obj && costOf(obj)) return obj;
  }
  return undefined;
}

function looksLikeDocument(s: unknown): s is string {
  if (typeof s !== "string" || !s.includes("{")) return false;
  const body = s.replace(/#[^\n]*/g, "").trim();
  return /^(query|mutation|subscription|fragment|\{)/.test(body);
}

function documentOf(o: Record<string, unknown>, root: string): { query: string; variables?: unknown; operationName?: unknown } | undefined {
  const request = asObject(o.request);
  const requestBody = asObject(request?.body);
  for (const holder of [o, request, requestBody]) {
    if (!holder) continue;
    for (const key of ["query", "document"]) {
      if (looksLikeDocument(holder[key])) return { query: holder[key] as string, variables: holder.variables ?? o.variables, operationName: holder.operationName };
    }
    if (typeof holder.documentPath === "string") {
      const path = join(root, holder.documentPath);
      if (existsSync(path)) return { query: readFileSync(path, "utf8"), variables: holder.variables ?? o.variables, operationName: holder.operationName };
    }
  }
  return undefined;
}

function walk(value: unknown, root: string, file: string, out: Call[]) {
  if (Array.isArray(value)) {
    for (const v of value) walk(v, root, file, out);
    return;
  }
  const o = asObject(value);
  if (!o || typeof value !== "object") return;
  const doc = documentOf(o, root);
  const response = doc && responseOf(o);
  if (doc && response) {
    const cost = costOf(response)!;
    const data = "data" in response ? (asObject(response.data) ?? null) : undefined;
    out.push({
      file,
      query: doc.query,
      variables: asObject(doc.variables) ?? {},
      operationName: typeof doc.operationName === "string" ? doc.operationName : undefined,
      data,
      cost,
    });
  }
  for (const v of Object.values(o)) walk(v, root, file, out);
}

function jsonFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) jsonFiles(path, out);
    else if (name.endsWith(".json")) out.push(path);
  }
  return out;
}

const args = process.argv.slice(2);
const detailsAt = args.indexOf("--details");
const detailsFile = detailsAt >= 0 ? args[detailsAt + 1] : undefined;
const check = args.includes("--check");
const root = args.find((a, i) => !a.startsWith("--") && (detailsAt < 0 || i !== detailsAt + 1)) ?? process.env.COST_REPLAY_ROOT;
if (!root) {
  console.error("usage: tsx scripts/cost-replay.ts <root holding fixtures/conformance> [--details out.json]");
  process.exit(2);
}
const fixtureDir = existsSync(join(root, "fixtures/conformance")) ? join(root, "fixtures/conformance") : root;

const calls: Call[] = [];
for (const file of jsonFiles(fixtureDir)) {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    continue;
  }
  walk(json, root, file.slice(fixtureDir.length + 1), calls);
}

const schema = adminSchema();
const distinct = new Map<string, Call>();
for (const call of calls) {
  const key = `${call.operationName ?? ""}\u0000${call.query}\u0000${JSON.stringify(call.variables)}`;
  if (!distinct.has(key)) distinct.set(key, call);
}

interface Row {
  file: string;
  operation: string;
  discount: boolean;
  recorded: Cost;
  requested: number;
  actual: number | null;
  requestedOk: boolean;
  actualOk: boolean;
  actualCompared: boolean;
  query: string;
  variables: Record<string, unknown>;
  data: Record<string, unknown> | null | undefined;
}
const rows: Row[] = [];
let invalid = 0;
for (const call of distinct.values()) {
  let document: DocumentNode;
  try {
    document = parse(call.query);
  } catch {
    invalid++;
    continue;
  }
  if (validate(schema, document).length) {
    invalid++;
    continue;
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = (call.operationName && operations.find((o) => o.name?.value === call.operationName)) || operations[0];
  if (!operation) continue;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const requested = operationCost(schema, operation, fragments, call.variables);
  const actual = call.cost.actualQueryCost === null || call.data === undefined ? null : operationCost(schema, operation, fragments, call.variables, call.data);
  const rootFields = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
  rows.push({
    file: call.file,
    operation: `${operation.operation} ${rootFields.join(",")}`,
    // A discount call: a discount root field, or any call recorded in a discounts scenario.
    discount: rootFields.some((f) => /discount/i.test(f)) || /(^|\/)discounts\//.test(call.file),
    recorded: call.cost,
    requested,
    actual,
    requestedOk: requested === call.cost.requestedQueryCost,
    actualOk: actual === null || actual === call.cost.actualQueryCost,
    actualCompared: actual !== null,
    query: call.query,
    variables: call.variables,
    data: call.data,
  });
}

const rate = (part: number, whole: number) => (whole ? Math.round((1000 * part) / whole) / 10 : 100);
const summarize = (list: Row[]) => {
  const both = list.filter((r) => r.requestedOk && r.actualOk).length;
  const withActual = list.filter((r) => r.actualCompared);
  return {
    calls: list.length,
    requestedMatch: list.filter((r) => r.requestedOk).length,
    requestedMatchPercent: rate(list.filter((r) => r.requestedOk).length, list.length),
    actualCompared: withActual.length,
    actualMatch: withActual.filter((r) => r.actualOk).length,
    actualMatchPercent: rate(withActual.filter((r) => r.actualOk).length, withActual.length),
    bothMatch: both,
    bothMatchPercent: rate(both, list.length),
  };
};
const refused = rows.filter((r) => r.recorded.requestedQueryCost <= MAX_QUERY_COST && r.requested > MAX_QUERY_COST);
const summary = {
  recordedCalls: calls.length,
  distinctCalls: distinct.size,
  invalidAgainst2026_10: invalid,
  all: summarize(rows),
  discount: summarize(rows.filter((r) => r.discount)),
  refusedWithMaxCostExceeded: refused.length,
};
console.log(JSON.stringify(summary, null, 2));
if (detailsFile)
  writeFileSync(
    detailsFile,
    JSON.stringify(
      rows.filter((r) => !r.requestedOk || !r.actualOk),
      null,
      1,
    ),
  );
if (process.env.COST_REPLAY_ALL) writeFileSync(process.env.COST_REPLAY_ALL, JSON.stringify(rows));
if (check) {
  // Issue 11 §3's target, compared on the unrounded shares.
  const failures: string[] = [];
  const all = summary.all;
  if (all.requestedMatch < 0.95 * all.calls) failures.push(`requested cost matches ${all.requestedMatch} of ${all.calls} calls (< 95 %)`);
  if (all.actualMatch < 0.95 * all.actualCompared) failures.push(`actual cost matches ${all.actualMatch} of ${all.actualCompared} calls (< 95 %)`);
  if (refused.length) failures.push(`${refused.length} calls Shopify ran are refused with MAX_COST_EXCEEDED`);
  if (!all.calls) failures.push("no recorded call found");
  for (const f of failures) console.error(`cost replay check failed: ${f}`);
  process.exitCode = failures.length ? 1 : 0;
}
