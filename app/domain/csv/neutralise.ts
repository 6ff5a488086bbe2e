/**
 * A CSV cell a spreadsheet will not run as a formula (OWASP "CSV injection"): text starting with
 * = + - @, a tab or a carriage return is prefixed with a single quote. Applied to every cell of
 * every export; values are stored as typed and neutralised only on the way out.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
