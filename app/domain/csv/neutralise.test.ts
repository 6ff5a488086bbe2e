import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { isFormulaLike, neutraliseCell, restoreCell } from "./neutralise";

describe("CSV injection (issue 17)", () => {
  it("CSV injection: a cell starting with =, +, -, @, tab or CR is prefixed with an apostrophe", () => {
    for (const cell of ['=HYPERLINK("https://x.example","Click")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1"]) expect(neutraliseCell(cell)).toBe(`'${cell}`);
  });

  it("CSV injection: ordinary cells, empty cells and missing values are left as they are", () => {
    expect(neutraliseCell("SUMMER-SALE")).toBe("SUMMER-SALE");
    expect(neutraliseCell("Anna Lee")).toBe("Anna Lee");
    expect(neutraliseCell(" =1")).toBe(" =1");
    expect(neutraliseCell("")).toBe("");
    expect(neutraliseCell(null)).toBe("");
    expect(neutraliseCell(undefined)).toBe("");
  });

  it("CSV injection: no neutralised cell starts with a trigger, and restoreCell gives back what was written", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = neutraliseCell(s);
        expect(isFormulaLike(out)).toBe(false);
        expect(restoreCell(out)).toBe(s.startsWith("'") && isFormulaLike(s.slice(1)) ? s.slice(1) : s);
      }),
    );
  });
});
