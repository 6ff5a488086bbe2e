// Link codes (R1a): single use, valid 24 hours, shown once to the admin of the store that grants
// access, stored only as an HMAC keyed with the app's secret. Format: CCL-XXXX-XXXX-XXXX from an unambiguous alphabet.
import { createHmac, randomInt } from "node:crypto";

export const LINK_CODE_TTL_MS = 24 * 60 * 60 * 1000;
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function newLinkCode(): string {
  const group = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  return `CCL-${group()}-${group()}-${group()}`;
}

/** Typed codes are forgiving: case, spaces and missing dashes don't matter. */
export function normalizeLinkCode(input: string): string | null {
  const raw = input.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const body = raw.startsWith("CCL") ? raw.slice(3) : raw;
  if (!/^[A-Z0-9]{12}$/.test(body)) return null;
  return `CCL-${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8)}`;
}

/**
 * What is stored of a code: an HMAC-SHA256 keyed with the app's secret, so a copy of the
 * database alone does not let anyone test guesses offline (issue 12). The code is looked up by it.
 */
export function hashLinkCode(code: string, secret: string): string {
  return createHmac("sha256", secret).update(code).digest("hex");
}
