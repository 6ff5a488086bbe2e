// Bulk random codes not tied to members (R19, issue 17): the shape a merchant asks for (how many,
// length, character set, ambiguous characters left out, prefix/suffix), the check that the
// requested count fits the space of possible codes, and the generator itself. Randomness is a
// parameter: the app draws from the operating system's CSPRNG (codes are coupons: guessable codes
// are given-away money), tests from a seeded source, so a replacement of a taken code is
// deterministic under a seed.
import { codeKey, codeProblem, MAX_CODE_LENGTH } from "./code-rules";

export const BULK_CHARSETS = ["LETTERS", "DIGITS", "BOTH"] as const;
export type BulkCharset = (typeof BULK_CHARSETS)[number];
export const BULK_CHARSET_LABELS: Record<BulkCharset, string> = { LETTERS: "Letters (A–Z)", DIGITS: "Digits (0–9)", BOTH: "Letters and digits" };

/** Characters that read alike on print and screens: 0/O and 1/I (as {RANDOM:n} in naming.ts). */
export const AMBIGUOUS = "0O1I";
export const MIN_BULK_COUNT = 1;
export const MAX_BULK_COUNT = 100_000;
export const MIN_RANDOM_LENGTH = 4;
export const MAX_RANDOM_LENGTH = 32;
export const MAX_AFFIX_LENGTH = 20;
/**
 * The most of the space a batch (with the codes already known in the offer's stores) may fill:
 * 1 %. Then each draw is fresh with ≥ 99 % chance (generation and replacement stay quick), and a
 * customer guessing a code hits a valid one with at most that chance.
 */
export const MAX_FILL_RATIO = 0.01;
export const PREVIEW_SAMPLES = 5;

export interface BulkSpec {
  count: number;
  length: number;
  charset: BulkCharset;
  excludeAmbiguous: boolean;
  prefix: string;
  suffix: string;
}

/** A source of numbers in [0, 1). */
export type Random = () => number;

export function alphabetOf(charset: BulkCharset, excludeAmbiguous: boolean): string {
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  const digits = "0123456789";
  const all = charset === "LETTERS" ? letters : charset === "DIGITS" ? digits : letters + digits;
  return excludeAmbiguous ? [...all].filter((c) => !AMBIGUOUS.includes(c)).join("") : all;
}

/** How many different codes the shape allows (a float: 32^32 is beyond 2^53 but only compared). */
export function spaceSize(spec: Pick<BulkSpec, "length" | "charset" | "excludeAmbiguous">): number {
  return alphabetOf(spec.charset, spec.excludeAmbiguous).length ** spec.length;
}

export interface SpaceCheck {
  space: number;
  /** Codes of this batch plus codes already known in the offer's stores, over the space. */
  fillRatio: number;
  /** Expected number of repeated draws among the batch alone (birthday bound n²/2N): each is redrawn. */
  expectedRepeats: number;
  /** The chance that one random guess of a code of this shape is a valid code of the batch. */
  guessChance: number;
  fits: boolean;
}

export function checkSpace(spec: BulkSpec, knownCodes = 0): SpaceCheck {
  const space = spaceSize(spec);
  const fillRatio = (spec.count + knownCodes) / space;
  return { space, fillRatio, expectedRepeats: (spec.count * spec.count) / (2 * space), guessChance: spec.count / space, fits: fillRatio <= MAX_FILL_RATIO };
}

export type BulkSpecErrors = Partial<Record<keyof BulkSpec, string>>;

/** The merchant's form values → a spec, or a message per field (R35). */
export function parseBulkSpec(form: Record<string, string | undefined>): { ok: true; value: BulkSpec } | { ok: false; errors: BulkSpecErrors } {
  const errors: BulkSpecErrors = {};
  // "100,000" and "100 000" are what people type; anything else that is not digits is refused.
  const int = (raw: string | undefined) => {
    const digits = (raw ?? "").replace(/[,_\s]/g, "");
    return /^\d{1,7}$/.test(digits) ? Number(digits) : NaN;
  };
  const count = int(form.count);
  if (!Number.isInteger(count) || count < MIN_BULK_COUNT || count > MAX_BULK_COUNT)
    errors.count = `Enter a whole number from ${MIN_BULK_COUNT} to ${MAX_BULK_COUNT.toLocaleString("en-US")}.`;
  const length = int(form.length);
  if (!Number.isInteger(length) || length < MIN_RANDOM_LENGTH || length > MAX_RANDOM_LENGTH) errors.length = `Enter a length from ${MIN_RANDOM_LENGTH} to ${MAX_RANDOM_LENGTH}.`;
  const charset = (BULK_CHARSETS as readonly string[]).includes(form.charset ?? "") ? (form.charset as BulkCharset) : null;
  if (!charset) errors.charset = "Choose letters, digits, or both.";
  const affix = (key: "prefix" | "suffix") => {
    const value = (form[key] ?? "").trim().toUpperCase();
    if (value.length > MAX_AFFIX_LENGTH) errors[key] = `At most ${MAX_AFFIX_LENGTH} characters.`;
    else if (value && !/^[A-Z0-9_-]+$/.test(value)) errors[key] = "Use letters, digits, - and _ only.";
    return value;
  };
  const prefix = affix("prefix");
  const suffix = affix("suffix");
  const excludeAmbiguous = form.excludeAmbiguous !== "false" && form.excludeAmbiguous !== "off";
  if (Object.keys(errors).length || !charset) return { ok: false, errors };
  const value: BulkSpec = { count, length, charset, excludeAmbiguous, prefix, suffix };
  if (prefix.length + length + suffix.length > MAX_CODE_LENGTH)
    return { ok: false, errors: { length: `Codes can be at most ${MAX_CODE_LENGTH} characters with the prefix and suffix.` } };
  return { ok: true, value };
}

/** The message when the count does not fit the space, or null. */
export function spaceProblem(spec: BulkSpec, knownCodes = 0): string | null {
  const check = checkSpace(spec, knownCodes);
  if (check.fits) return null;
  return `${spec.count.toLocaleString("en-US")} codes would fill ${formatPercent(check.fillRatio)} of the ${formatCount(check.space)} possible codes (at most ${formatPercent(MAX_FILL_RATIO)}: codes would be easy to guess). Make the codes longer or use more characters.`;
}

export function formatCount(n: number): string {
  return n < 1e15 ? Math.round(n).toLocaleString("en-US") : n.toExponential(2).replace("e+", " × 10^");
}

export function formatPercent(ratio: number): string {
  if (ratio >= 0.1) return `${(ratio * 100).toFixed(0)} %`;
  if (ratio >= 1e-4) return `${(ratio * 100).toPrecision(2)} %`;
  return `${(ratio * 100).toExponential(1)} %`;
}

/** One random code of the shape. */
export function randomCode(
  spec: Pick<BulkSpec, "length" | "charset" | "excludeAmbiguous" | "prefix" | "suffix">,
  random: Random,
  alphabet = alphabetOf(spec.charset, spec.excludeAmbiguous),
): string {
  let body = "";
  for (let i = 0; i < spec.length; i++) body += alphabet[Math.floor(random() * alphabet.length)]!;
  return `${spec.prefix}${body}${spec.suffix}`;
}

/**
 * `count` codes of the shape, unique among themselves and none for which `isTaken(codeKey)` holds.
 * A repeated or taken draw is simply drawn again; `maxDraws` guards a space that is (nearly) full.
 */
export function generateCodes(spec: Omit<BulkSpec, "count">, count: number, isTaken: (key: string) => boolean, random: Random): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const maxDraws = count * 20 + 1000;
  const alphabet = alphabetOf(spec.charset, spec.excludeAmbiguous);
  for (let draws = 0; out.length < count; draws++) {
    if (draws >= maxDraws) throw new Error(`Could not find ${count} free codes of this shape: the space is nearly full.`);
    const code = randomCode(spec, random, alphabet);
    const key = codeKey(code);
    if (seen.has(key) || isTaken(key)) continue;
    seen.add(key);
    out.push(code);
  }
  return out;
}

/** Samples for the preview (not reserved: the generation draws its own). */
export function previewCodes(spec: BulkSpec, random: Random): string[] {
  return generateCodes(spec, PREVIEW_SAMPLES, () => false, random);
}

/** Every generated code passes the app's code rules (a guard: prefix/suffix are validated above). */
export function bulkCodeProblem(code: string): string | null {
  return codeProblem(code);
}

/** A seeded source (mulberry32): the same seed gives the same codes. For tests and benches. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
