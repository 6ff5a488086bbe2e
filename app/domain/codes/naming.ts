// Naming strategies (R16): a pattern of tokens with a literal prefix and suffix, upper-cased,
// within Shopify's code rules. Collisions (with existing codes, or among the generated ones) get
// a deterministic numeric suffix: ANNA20, ANNA20-2, ANNA20-3… in member order.
import { codeKey, MAX_CODE_LENGTH } from "./code-rules";
import { parseDecimal, parseMoneyToCents } from "../input/fields";

export const NAMING_TOKENS = ["{FIRST_NAME}", "{LAST_NAME}", "{HANDLE}", "{DISCOUNT}", "{RANDOM:n}"] as const;
const TOKEN = /\{(FIRST_NAME|LAST_NAME|HANDLE|DISCOUNT|RANDOM:(\d+))\}/g;
const RANDOM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I: easy to read aloud

export interface NamingStrategy {
  pattern: string;
  prefix: string;
  suffix: string;
}

export interface NamedMember {
  firstName: string;
  lastName: string;
  handle: string;
}

/** Problems with a pattern, for the offer form; null when usable. */
export function patternProblem(pattern: string): string | null {
  if (pattern.trim() === "") return "Enter a naming pattern, for example {FIRST_NAME}{DISCOUNT}.";
  for (const m of pattern.matchAll(/\{([^}]*)\}/g)) {
    const token = m[1]!;
    if (!/^(FIRST_NAME|LAST_NAME|HANDLE|DISCOUNT|RANDOM:\d+)$/.test(token)) return `Unknown token {${token}}. Use ${NAMING_TOKENS.join(", ")}.`;
    const n = /^RANDOM:(\d+)$/.exec(token)?.[1];
    if (n && (Number(n) < 1 || Number(n) > 32)) return "{RANDOM:n} takes a length from 1 to 32.";
  }
  if (!/\{(FIRST_NAME|LAST_NAME|HANDLE|RANDOM:\d+)\}/.test(pattern)) return "Include {FIRST_NAME}, {LAST_NAME}, {HANDLE} or {RANDOM:n} so each member gets a different code.";
  return null;
}

/** Letters and digits only, accents folded (Zoë → ZOE), upper-cased. */
export function codeSafe(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");
}

function affix(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9_-]/g, "");
}

export function randomChunk(length: number, random: () => number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += RANDOM_ALPHABET[Math.floor(random() * RANDOM_ALPHABET.length)];
  return out;
}

/** The code a strategy proposes for one member, before collision handling. */
export function proposeCode(strategy: NamingStrategy, member: NamedMember, discountLabel: string, random: () => number = Math.random): string {
  const body = strategy.pattern.replace(TOKEN, (_m, token: string, n?: string) => {
    if (n) return randomChunk(Number(n), random);
    if (token === "FIRST_NAME") return codeSafe(member.firstName);
    if (token === "LAST_NAME") return codeSafe(member.lastName);
    if (token === "HANDLE") return codeSafe(member.handle.replace(/^@/, ""));
    return codeSafe(discountLabel);
  });
  const code = `${affix(strategy.prefix)}${affix(body.replace(/\s+/g, ""))}${affix(strategy.suffix)}`;
  return (code || "CODE").slice(0, MAX_CODE_LENGTH);
}

/**
 * Codes for several members: each distinct from `taken` (keys of codes that exist already) and
 * from each other, by appending -2, -3, … deterministically in member order.
 */
export function proposeCodes(strategy: NamingStrategy, members: NamedMember[], discountLabel: string, taken: Iterable<string>, random: () => number = Math.random): string[] {
  const used = new Set([...taken].map(codeKey));
  return members.map((member) => {
    const base = proposeCode(strategy, member, discountLabel, random);
    let code = base;
    for (let n = 2; used.has(codeKey(code)); n++) {
      const tail = `-${n}`;
      code = base.slice(0, MAX_CODE_LENGTH - tail.length) + tail;
    }
    used.add(codeKey(code));
    return code;
  });
}

/**
 * The {DISCOUNT} text (R16): the offer's value with the decimal point dropped and no trailing
 * zeros, the same for percentages and amounts: 20 % → "20", 12.5 % → "125", 15.00 → "15",
 * 15.50 → "155". The form's preview and the server both name codes with it.
 */
export function discountLabel(offer: { discountType: string; discountPercent: number | null; discountAmountCents: number | null }): string {
  const value = offer.discountType === "PERCENTAGE" ? Math.round((offer.discountPercent ?? 0) * 100) / 100 : Math.round(offer.discountAmountCents ?? 0) / 100;
  return String(value).replace(".", "");
}

/** The {DISCOUNT} text for the offer form's values as typed, parsed as the server parses them; null while not a number. */
export function discountLabelOfForm(values: { discountType: string; discountPercent: string; discountAmountCents: string }): string | null {
  const percent = values.discountType === "PERCENTAGE" ? parseDecimal(values.discountPercent.trim()) : null;
  const cents = values.discountType === "PERCENTAGE" ? null : parseMoneyToCents(values.discountAmountCents.trim());
  if (percent === null && cents === null) return null;
  return discountLabel({ discountType: values.discountType, discountPercent: percent, discountAmountCents: cents });
}
