// Shopify's webhook payloads print ids as bare JSON numbers, and ids can exceed 2^53 (FACTS §3.3:
// the example order 820982911946154508 becomes 820982911946154500 through JSON.parse). A refund's
// `order_id` is the only link from refunds/create to its order, so it must survive exactly.
// parsePayloadJson is JSON.parse, except that an integer a double cannot hold exactly is kept as
// its digit string. Code that reads ids therefore takes `number | string` and uses String(id).

const LONG_DIGITS = /\d{16}/;
const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;

export function parsePayloadJson(text: string): unknown {
  // Most payloads have no 16-digit run at all: no scan (the acknowledgement path, decision 008).
  if (!LONG_DIGITS.test(text)) return JSON.parse(text);
  let out = "";
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
      continue;
    }
    if (ch === 34) {
      inString = true;
      continue;
    }
    if (ch === 45 /* - */ || (ch >= 48 && ch <= 57)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) continue; // not a number: JSON.parse reports it
      const token = m[0];
      if (!m[1] && !m[2] && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(from, i)}"${token}"`;
        from = i + token.length;
      }
      i += token.length - 1;
    }
  }
  return JSON.parse(out + text.slice(from));
}
