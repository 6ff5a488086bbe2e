import { describe, expect, it } from "vitest";
import { lookupBatches, lookupBatchSize, MAX_QUERY_COST, paddedLookupSize } from "./lookup-batches";

describe("R7/R33: lookup batches sized by Shopify's calculated cost", () => {
  it("R33: a one-point lookup fits 1,000 to a query, a three-point one 333", () => {
    expect(lookupBatchSize(1)).toBe(MAX_QUERY_COST);
    expect(lookupBatchSize(3)).toBe(333);
    expect(lookupBatchSize(1500)).toBe(1);
  });

  it("R33: a batch whose cost would exceed the maximum is split into even batches, in order", () => {
    const codes = Array.from({ length: 1200 }, (_, i) => `C${i}`);
    const batches = lookupBatches(codes, 1);
    expect(batches.map((b) => b.length)).toEqual([600, 600]);
    expect(batches.flat()).toEqual(codes);
    expect(lookupBatches(codes.slice(0, 1000), 1).map((b) => b.length)).toEqual([1000]);
    expect(lookupBatches(codes.slice(0, 1001), 2).map((b) => b.length)).toEqual([334, 334, 333]);
    expect(lookupBatches([], 1)).toEqual([]);
  });

  it("R33: a batch is padded to a multiple of 25 lookups, never past the maximum", () => {
    expect(paddedLookupSize(1, 1)).toBe(25);
    expect(paddedLookupSize(26, 1)).toBe(50);
    expect(paddedLookupSize(990, 1)).toBe(1000);
    expect(paddedLookupSize(333, 3)).toBe(333);
    expect(() => paddedLookupSize(1001, 1)).toThrow();
  });
});
