import { describe, expect, it } from "vitest";
import { neutraliseCell } from "./neutralise";

describe("neutraliseCell", () => {
  it("R36/#21: a cell a spreadsheet would run as a formula is exported as text", () => {
    for (const v of ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]) expect(neutraliseCell(v)).toBe(`'${v}`);
  });
  it("R36/#21: ordinary text is exported unchanged", () => {
    for (const v of ["Anna", "anna@example.com", "", "1=1", " =x"]) expect(neutraliseCell(v)).toBe(v);
  });
});
