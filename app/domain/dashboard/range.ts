// A dashboard's date range (R30, issue 21): `?from=&to=` as calendar days. A range that can't be
// shown gets a message on the field at fault, the merchant's own entries are kept in the form,
// and the dashboard shows the last 30 days meanwhile (never a silent empty result).
import { parseCalendarDate } from "../input/fields";

export interface DashboardRange {
  from: string; // YYYY-MM-DD, inclusive
  to: string; // YYYY-MM-DD, inclusive
}

/** The longest range a dashboard shows (about three years of days). */
export const MAX_RANGE_DAYS = 1100;

export interface RangeErrors {
  from?: string;
  to?: string;
}

export function defaultRange(today = new Date()): DashboardRange {
  const to = today.toISOString().slice(0, 10);
  const from = new Date(today.getTime() - 29 * 86400_000).toISOString().slice(0, 10);
  return { from, to };
}

/** Why this from/to can't be shown (empty fields are fine: the default days stand in). */
export function rangeErrors(from: string, to: string): RangeErrors {
  const errors: RangeErrors = {};
  const f = from.trim() ? parseCalendarDate(from) : null;
  const t = to.trim() ? parseCalendarDate(to) : null;
  if (from.trim() && !f) errors.from = "Enter a real start date, like 2026-11-01.";
  if (to.trim() && !t) errors.to = "Enter a real end date, like 2026-11-30.";
  if (f && t && t < f) errors.to = "The end date is before the start date. Choose an end date on or after the start date.";
  else if (f && t && (t.getTime() - f.getTime()) / 86400_000 > MAX_RANGE_DAYS) errors.to = `Choose a range of at most ${MAX_RANGE_DAYS.toLocaleString("en-US")} days.`;
  return errors;
}

/** The range to show, what the merchant asked for (kept in the form) and the messages. */
export function readRange(asked: { from: string | null; to: string | null }, today = new Date()): { range: DashboardRange; asked: DashboardRange; errors: RangeErrors } {
  const fallback = defaultRange(today);
  const from = asked.from ?? "";
  const to = asked.to ?? "";
  const errors = rangeErrors(from, to);
  const keptAsked = { from: from || fallback.from, to: to || fallback.to };
  if (errors.from || errors.to) return { range: fallback, asked: keptAsked, errors };
  const range = { from: from ? from.trim() : fallback.from, to: to ? to.trim() : fallback.to };
  // One field given: the other defaults; a default that lands on the wrong side is a message too.
  const crossed = rangeErrors(range.from, range.to);
  if (crossed.to) return { range: fallback, asked: keptAsked, errors: crossed };
  return { range, asked: range, errors: {} };
}
