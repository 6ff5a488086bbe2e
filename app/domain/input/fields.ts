// What any merchant-typed value must satisfy before it is stored (R35), with bounds that fit both
// databases: integers within PostgreSQL's INTEGER (2^31 − 1), real calendar dates in a sane year
// range (no 2024-02-30 rolled over to March, no year 0000 or 275760), and text without control,
// bidirectional-override or unpaired-surrogate characters (which PostgreSQL refuses, or which
// make a name or code read differently from what is stored).
import { z } from "zod";

/** The largest value of an Int column on PostgreSQL (and the largest we store on SQLite). */
export const MAX_INT = 2_147_483_647;
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

// C0 and C1 controls (line breaks and tabs are judged separately), bidirectional embeddings,
// overrides and isolates (U+202A–U+202E, U+2066–U+2069), and the byte-order mark.
const CONTROL = /[\p{Cc}\u202A-\u202E\u2066-\u2069\uFEFF]/u;
const LINE_BREAK = /[\r\n\u2028\u2029]/;

/** Why a piece of text can't be stored, or null. */
export function textProblem(value: string, opts: { multiline?: boolean } = {}): string | null {
  if (/\p{Cs}/u.test(value)) return "Remove the invalid characters.";
  if (/\t/.test(value) && !opts.multiline) return "Remove the tab characters.";
  if (CONTROL.test(value.replace(/[\t\r\n]/g, ""))) return "Remove the invisible control characters (for example text-direction overrides).";
  if (!opts.multiline && LINE_BREAK.test(value)) return "Keep it on one line.";
  return null;
}

/** A trimmed, bounded piece of text (a name, a label). */
export function text(opts: { max: number; min?: number; label: string; required?: string; multiline?: boolean }) {
  const required = opts.required ?? `Enter ${opts.label}.`;
  return z
    .string({ invalid_type_error: required, required_error: required })
    .transform((v) => v.trim())
    .superRefine((v, ctx) => {
      const problem = textProblem(v, opts);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      else if (v.length < (opts.min ?? 0)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: required });
      else if (v.length > opts.max) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Keep ${opts.label} to ${opts.max.toLocaleString("en-US")} characters or fewer.` });
    });
}

/**
 * A whole number typed as text ("12", "1,000"), or null when it is not one. Digits only: no
 * exponent, no sign, no decimals, and at most MAX_INT (bigger values are refused, not rounded).
 */
export function parseWholeNumber(value: string): number | null {
  const cleaned = value.replace(/[,\s]/g, "");
  if (!/^\d{1,10}$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return n <= MAX_INT ? n : null;
}

/** A decimal typed as text ("12", "12.5", "1,250.75"), or null. Bounded: at most 12 digits before the point. */
export function parseDecimal(value: string): number | null {
  const cleaned = value.replace(/[,\s]/g, "");
  if (!/^\d{1,12}(\.\d{1,6})?$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** A money amount ("12", "12.5", "$1,250.00") in cents, or null: at most two decimals, at most MAX_INT cents. */
export function parseMoneyToCents(value: string): number | null {
  const cleaned = value.replace(/[,\s$£€]/g, "");
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!m) return null;
  const cents = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return cents <= MAX_INT ? cents : null;
}

/**
 * A calendar date typed as YYYY-MM-DD (what a date input sends), as midnight UTC; null when it is
 * not a real date (2024-02-30) or the year is outside MIN_YEAR..MAX_YEAR.
 */
export function parseCalendarDate(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d;
}

/** A date field: empty → null, otherwise a real calendar date. */
export const dateField = (message: string) =>
  z
    .string({ invalid_type_error: message })
    .default("")
    .transform((v, ctx) => {
      if (v.trim() === "") return null;
      const d = parseCalendarDate(v);
      if (!d) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message });
        return z.NEVER;
      }
      return d;
    });

/** Ids the app hands out (cuid, UUID): letters, digits, - and _. */
export const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A comma-separated list of ids from a URL (`members=a,b`): every part an id, or none at all. */
export function idList(value: string | null | undefined): string[] {
  const parts = (value ?? "").split(",");
  return parts.every((p) => ID.test(p)) ? parts : [];
}
export const idField = (message = "This item does not exist.") => z.string({ invalid_type_error: message }).regex(ID, message);

/** A form field that carries JSON: parsed, then checked by `schema`; not-JSON is a field error. */
export function jsonField<T extends z.ZodTypeAny>(schema: T, message: string) {
  return z
    .string({ invalid_type_error: message, required_error: message })
    .transform((v, ctx) => {
      try {
        return JSON.parse(v) as unknown;
      } catch {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

export type FieldMessages = Record<string, string>;

/** One message per field (the first), keyed by the field's top-level name; "form" for the rest. */
export function fieldMessages(error: z.ZodError): FieldMessages {
  const out: FieldMessages = {};
  for (const issue of error.issues) {
    const key = typeof issue.path[0] === "string" ? issue.path[0] : "form";
    out[key] ??= issue.message;
  }
  return out;
}
