import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { refundedSaleCents, type RefundLike } from "./refunds";

const empty: RefundLike = { refund_line_items: [], order_adjustments: [], transactions: [], refund_shipping_lines: [] };
const set = (amount: string, currency = "USD") => ({ shop_money: { amount, currency_code: currency } });

describe("R28: the sale a refund takes back", () => {
  it("a refund of lines takes their subtotals, in shop money", () => {
    expect(
      refundedSaleCents(
        {
          ...empty,
          refund_line_items: [{ subtotal: 10.5, subtotal_set: set("10.50") }, { subtotal: "4.00" }],
          transactions: [{ kind: "refund", status: "success", amount: "16.00" }],
        },
        "USD",
      ),
    ).toBe(1450);
  });

  it("an amount-only refund takes its refund_discrepancy adjustment, in shop money", () => {
    expect(
      refundedSaleCents(
        {
          ...empty,
          order_adjustments: [{ kind: "refund_discrepancy", amount: "-12.00", amount_set: set("-12.00", "CAD") }],
          transactions: [{ kind: "refund", status: "success", amount: "11.00", currency: "EUR" }],
        },
        "CAD",
      ),
    ).toBe(1200);
  });

  it("without an adjustment, the successful refund transactions in the order's currency, less shipping refunded", () => {
    const refund = {
      ...empty,
      transactions: [
        { kind: "refund", status: "success", amount: "20.00", currency: "USD" },
        { kind: "refund", status: "failure", amount: "20.00" },
        { kind: "refund", status: "success", amount: "5.00", currency: "EUR" },
      ],
      refund_shipping_lines: [{ subtotal_amount_set: set("5.00") }],
    };
    expect(refundedSaleCents(refund, "USD")).toBe(1500);
  });

  it("a shipping-only refund leaves the sale alone: the app's sale is the subtotal, shipping excluded", () => {
    const shippingOnly = {
      ...empty,
      transactions: [{ kind: "refund", status: "success", amount: "6.00", currency: "USD" }],
      refund_shipping_lines: [{ subtotal_amount_set: set("6.00"), amount: "6.00" }],
    };
    expect(refundedSaleCents(shippingOnly, "USD")).toBe(0);
  });

  it("Shopify's own refunds/create example, stripped of its lines, is an amount-only refund of its transactions", () => {
    const example = (JSON.parse(readFileSync("emulator/webhook-examples/refunds/create.json", "utf8")) as { example_payload: RefundLike }).example_payload;
    expect(refundedSaleCents({ ...example, refund_line_items: [] }, "USD")).toBe(7500 + 1000);
    expect(refundedSaleCents(empty, "USD")).toBe(0);
  });
});
