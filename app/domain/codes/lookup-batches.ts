// R7/R33: how many codes one aliased lookup query may carry. Shopify refuses a query whose
// calculated cost exceeds the single-query maximum (1,000 points, MAX_COST_EXCEEDED) before running
// it, and charges every alias on its own (docs/shopify-query-cost.md): a batch holds as many codes
// as fit under the maximum. A batch is padded (its last code repeated) to a multiple of PAD_STEP
// so that only a few distinct documents exist (the Admin client learns each document's cost).

/** Shopify's single-query maximum calculated cost (shopify.dev, API rate limits). */
export const MAX_QUERY_COST = 1000;
/** Aliases per document come in steps of this many (at most PAD_STEP − 1 padded lookups per batch). */
export const PAD_STEP = 25;

/** The most codes one query may look up when each costs `costPerCode` (at least 1). */
export function lookupBatchSize(costPerCode: number, maxCost = MAX_QUERY_COST): number {
  if (!(costPerCode > 0)) throw new Error("a lookup costs at least something");
  return Math.max(1, Math.floor(maxCost / costPerCode));
}

/**
 * `items` in as few batches as the cost allows, of even sizes (1,200 codes at 1 point each: two
 * batches of 600, not 1,000 and 200), in order.
 */
export function lookupBatches<T>(items: T[], costPerCode: number, maxCost = MAX_QUERY_COST): T[][] {
  if (!items.length) return [];
  const size = lookupBatchSize(costPerCode, maxCost);
  const count = Math.ceil(items.length / size);
  const even = Math.ceil(items.length / count);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += even) out.push(items.slice(i, i + even));
  return out;
}

/** The aliases a batch of `n` codes is sent with: n rounded up to PAD_STEP, never over the cost's maximum. */
export function paddedLookupSize(n: number, costPerCode: number, maxCost = MAX_QUERY_COST): number {
  const max = lookupBatchSize(costPerCode, maxCost);
  if (n > max) throw new Error(`${n} lookups cost more than ${maxCost}`);
  return Math.min(max, Math.ceil(n / PAD_STEP) * PAD_STEP);
}
