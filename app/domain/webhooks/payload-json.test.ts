import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePayloadJson } from "./payload-json";

describe("R27/R28: webhook payloads keep ids above 2^53 exactly", () => {
  it("an integer beyond Number.MAX_SAFE_INTEGER becomes its digit string; everything else is JSON.parse's", () => {
    const text =
      '{"id":820982911946154508,"order_id":-9007199254740993,"n":9007199254740991,"price":"12.50","x":1.5e300,"s":"id 820982911946154508 \\" 1234567890123456789","a":[1234567890123456789,{"k":0}],"f":0.12345678901234567890,"e":12345678901234567890e2,"esc":"\\\\","after":12345678901234567890}';
    expect(parsePayloadJson(text)).toEqual({
      id: "820982911946154508",
      order_id: "-9007199254740993",
      n: 9007199254740991,
      price: "12.50",
      x: 1.5e300,
      s: 'id 820982911946154508 " 1234567890123456789',
      a: ["1234567890123456789", { k: 0 }],
      f: Number("0.12345678901234567890"),
      e: Number("12345678901234567890e2"),
      esc: "\\", // one backslash: a string ending in an escaped backslash
      after: "12345678901234567890",
    });
  });

  it("a real refunds/create example with its order id set to the real order's (…508) keeps it", () => {
    const example = readFileSync("emulator/webhook-examples/refunds/create.json", "utf8");
    const payload = JSON.stringify((JSON.parse(example) as { example_payload: unknown }).example_payload).replace(
      /"order_id":820982911946154500/g,
      '"order_id":820982911946154508',
    );
    const parsed = parsePayloadJson(payload) as { order_id: string; transactions: { order_id: string; amount: string }[] };
    expect(parsed.order_id).toBe("820982911946154508");
    expect(parsed.transactions[0]!.order_id).toBe("820982911946154508");
    expect(parsed.transactions[0]!.amount).toBe("75.00");
    expect((JSON.parse(payload) as { order_id: number }).order_id).not.toBe(820982911946154508n.toString());
  });

  it("invalid JSON is still refused", () => {
    expect(() => parsePayloadJson('{"id":12345678901234567890,')).toThrow(SyntaxError);
    expect(() => parsePayloadJson("{nope}")).toThrow(SyntaxError);
  });
});
