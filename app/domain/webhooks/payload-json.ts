// Shopify's webhook payloads print ids as bare JSON numbers, and ids can exceed 2^53 (FACTS §3.3:
// the example order 820982911946154508 becomes 820982911946154500 through JSON.parse). A refund's
// `order_id` is the only link from refunds/create to its order, so it must survive exactly.
// parsePayloadJson is JSON.parse, except that an integer a double cannot hold exactly is kept as
// its digit string. Code that reads ids therefore takes `number | string` and uses String(id).

const LONG_DIGITS = /-?\d{16,}/g;

/** Whether the quote at `q` is escaped (an odd run of backslashes before it). */
function escaped(text: string, q: number): boolean {
  let n = 0;
  while (q - n - 1 >= 0 && text.charCodeAt(q - n - 1) === 92) n++;
  return n % 2 === 1;
}

export function parsePayloadJson(text: string): unknown {
  let out = "";
  let from = 0;
  let pos = 0; // string state is known up to here
  let inString = false;
  // Only runs of 16+ digits can be unsafe integers: most payloads have none, and the rest few.
  // Between them, quotes are found with indexOf to know whether a run sits inside a string.
  for (const m of text.matchAll(LONG_DIGITS)) {
    const k = m.index;
    for (let q = text.indexOf('"', pos); q !== -1 && q < k; q = text.indexOf('"', q + 1)) {
      if (!escaped(text, q)) inString = !inString;
      pos = q + 1;
    }
    pos = Math.max(pos, k);
    if (inString) continue;
    const token = m[0];
    const before = text[k - 1] ?? "";
    const after = text[k + token.length] ?? "";
    // A whole integer token: not the tail of a fraction or exponent, not followed by one.
    if (/[\d.eE+-]/.test(before) || /[.eE]/.test(after) || Number.isSafeInteger(Number(token))) continue;
    out += `${text.slice(from, k)}"${token}"`;
    from = k + token.length;
  }
  return JSON.parse(from === 0 ? text : out + text.slice(from));
}
