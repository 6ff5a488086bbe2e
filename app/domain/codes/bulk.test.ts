import { describe, expect, it } from "vitest";
import { alphabetOf, checkSpace, generateCodes, MAX_BULK_COUNT, parseBulkSpec, previewCodes, randomCode, seededRandom, spaceProblem, type BulkSpec } from "./bulk";
import { codeKey, codeProblem } from "./code-rules";

const spec = (over: Partial<BulkSpec> = {}): BulkSpec => ({ count: 1000, length: 8, charset: "BOTH", excludeAmbiguous: true, prefix: "", suffix: "", ...over });

describe("bulk random codes (R19)", () => {
  it("R19: generated codes are unique, of the asked length, from the asked characters, with prefix and suffix", () => {
    const s = spec({ count: 5_000, prefix: "PRINT-", suffix: "-26" });
    const codes = generateCodes(s, s.count, () => false, seededRandom(1));
    expect(codes).toHaveLength(5_000);
    expect(new Set(codes.map(codeKey)).size).toBe(5_000);
    const alphabet = alphabetOf("BOTH", true);
    for (const code of codes) {
      expect(code).toMatch(/^PRINT-.{8}-26$/);
      expect([...code.slice(6, 14)].every((c) => alphabet.includes(c))).toBe(true);
      expect(codeProblem(code)).toBeNull();
    }
  });

  it("R19: ambiguous characters (0/O, 1/I) are left out by default and can be allowed", () => {
    expect(alphabetOf("BOTH", true)).not.toMatch(/[0O1I]/);
    expect(alphabetOf("DIGITS", true)).toBe("23456789");
    expect(alphabetOf("LETTERS", false)).toBe("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    const codes = generateCodes(spec({ charset: "LETTERS" }), 2000, () => false, seededRandom(2));
    expect(codes.join("")).toMatch(/^[A-Z]+$/);
    expect(codes.join("")).not.toMatch(/[OI]/);
    expect(generateCodes(spec({ charset: "DIGITS", excludeAmbiguous: false }), 500, () => false, seededRandom(3)).join("")).toMatch(/[01]/);
  });

  it("R19: a taken code is never generated (a code the app knows in the offer's stores)", () => {
    const first = generateCodes(spec(), 50, () => false, seededRandom(9));
    const taken = new Set(first.slice(0, 25).map(codeKey));
    const again = generateCodes(spec(), 50, (k) => taken.has(k), seededRandom(9));
    expect(again.filter((c) => taken.has(codeKey(c)))).toEqual([]);
    expect(again).toHaveLength(50);
  });

  it("R19: replacement of taken codes is deterministic under a seeded random source", () => {
    const taken = new Set(["AAAA", "BBBB"]);
    const a = generateCodes(spec({ length: 4 }), 10, (k) => taken.has(k), seededRandom(42));
    const b = generateCodes(spec({ length: 4 }), 10, (k) => taken.has(k), seededRandom(42));
    expect(a).toEqual(b);
    expect(generateCodes(spec({ length: 4 }), 10, (k) => taken.has(k), seededRandom(43))).not.toEqual(a);
    // The same draws with one of them taken: that one is replaced by the next fresh draw, the others stay.
    const free = generateCodes(spec(), 5, () => false, seededRandom(7));
    const replaced = generateCodes(spec(), 5, (k) => k === codeKey(free[2]!), seededRandom(7));
    expect(replaced.slice(0, 2)).toEqual(free.slice(0, 2));
    expect(replaced.slice(2, 4)).toEqual(free.slice(3, 5));
    expect(replaced[4]).not.toBe(free[2]);
  });

  it("R19: the requested count must fit the space (at most 1 % of it, with the codes already known)", () => {
    expect(checkSpace(spec({ count: 100_000 })).fits).toBe(true);
    expect(spaceProblem(spec({ count: 100_000, charset: "DIGITS", length: 6 }))).toMatch(/Make the codes longer/);
    // 8 digits without 0 and 1: 16,777,216 codes; 1 % is 167,772.
    expect(checkSpace(spec({ count: 100_000, charset: "DIGITS" }), 67_000).fits).toBe(true);
    expect(checkSpace(spec({ count: 100_000, charset: "DIGITS" }), 68_000).fits).toBe(false);
    const c = checkSpace(spec({ count: 1000, length: 4, charset: "LETTERS" }));
    expect(c.space).toBe(24 ** 4);
    expect(c.expectedRepeats).toBeCloseTo((1000 * 1000) / (2 * 24 ** 4));
  });

  it("R19/R35: the form is validated per field", () => {
    expect(parseBulkSpec({ count: "100,000", length: "8", charset: "BOTH", prefix: "summer-", suffix: "" })).toEqual({
      ok: true,
      value: { count: MAX_BULK_COUNT, length: 8, charset: "BOTH", excludeAmbiguous: true, prefix: "SUMMER-", suffix: "" },
    });
    const bad = parseBulkSpec({ count: "100001", length: "3", charset: "EMOJI", prefix: "=cmd", suffix: "a b" });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(["charset", "count", "length", "prefix", "suffix"]);
    expect(parseBulkSpec({ count: "0", length: "8", charset: "BOTH" }).ok).toBe(false);
    expect(parseBulkSpec({ count: "10", length: "8", charset: "BOTH", excludeAmbiguous: "false" })).toMatchObject({ ok: true, value: { excludeAmbiguous: false } });
  });

  it("R19: the preview shows 5 samples of the shape", () => {
    const samples = previewCodes(spec({ prefix: "X" }), seededRandom(5));
    expect(samples).toHaveLength(5);
    for (const s of samples) expect(s).toMatch(/^X[A-Z2-9]{8}$/);
    expect(randomCode(spec({ length: 4 }), () => 0)).toBe("AAAA");
  });
});
