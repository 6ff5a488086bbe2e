import { describe, expect, it } from "vitest";
import { memberSchema, parseMembersCsv } from "~/services/members.server";

describe("members CSV import (R35, #21)", () => {
  it("R35: a binary file (a spreadsheet, an image) gets one clear message, no parser internals", () => {
    const xlsx = "PK\u0003\u0004\u0014\u0000\u0006\u0000\b\u0000\u0000\u0000!\u0000\uFFFD\uFFFD[Content_Types].xml";
    const r = parseMembersCsv(xlsx);
    expect(r.fileError).toMatch(/^This file is not a CSV file\./);
    expect(r.rows).toEqual([]);
  });

  it("R35: text that is not CSV gets the same message, not the parser's", () => {
    const r = parseMembersCsv('first_name,email\n"Anna,anna@x.com\n');
    expect(r.fileError).toMatch(/^This file is not a CSV file\./);
    expect(r.fileError).not.toMatch(/quote|invalid|at line|CsvError/i);
  });

  it("R35: handles are letters, digits, _ . - with an optional @", () => {
    const ok = (handle: string) => memberSchema.safeParse({ firstName: "A", email: "a@x.com", handle }).success;
    for (const h of ["@anna", "anna.lee", "anna_lee-2", "chloé", ""]) expect(ok(h), h).toBe(true);
    for (const h of ["=HYPERLINK(1)", "anna lee", "+1", "anna@x", "@@anna", "a/b"]) expect(ok(h), h).toBe(false);
  });
});
