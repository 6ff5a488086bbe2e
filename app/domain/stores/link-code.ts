// Link codes (R1a): single use, valid 24 hours, shown once to the admin of the store that grants
// access, stored only as a hash. Format: CCL-XXXX-XXXX-XXXX from an unambiguous alphabet.
import { createHash, randomInt } from "node:crypto";

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

export function hashLinkCode(code: string): string {
  return createHash("sha256").update(code).digest("hex");
}
