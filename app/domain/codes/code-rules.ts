// Shopify's code rules (FACTS §1.8: 1–255 characters, no line breaks), plus ours for codes a
// customer types at checkout: no spaces, no invisible characters. Codes are unique per store case-insensitively, so the
// app compares them by key.
export const MAX_CODE_LENGTH = 255;

export const codeKey = (code: string): string => code.trim().toUpperCase();

/** The problem with a code as a merchant would read it, or null when it is fine. */
export function codeProblem(code: string): string | null {
  if (code.length === 0) return "Enter a code.";
  if (code.length > MAX_CODE_LENGTH) return `Codes can be at most ${MAX_CODE_LENGTH} characters.`;
  if (/[\r\n]/.test(code)) return "Codes can't contain line breaks.";
  if (/\s/.test(code)) return "Codes can't contain spaces.";
  // Invisible characters (controls, zero-width and text-direction marks, unpaired surrogates)
  // would make a code that reads differently from what a customer types (R35).
  if (/[\p{Cc}\p{Cf}\p{Cs}]/u.test(code)) return "Codes can't contain invisible or control characters.";
  return null;
}
