/** @jsxImportSource preact */
// @vitest-environment jsdom
import { render } from "preact";
import { afterEach, describe, expect, it } from "vitest";
import type { OrderConversion, OrderView } from "./api";
import { installFakeShopify, until, type Call } from "./fake-shopify";

const ORDER = "gid://shopify/Order/777";
const conversion: OrderConversion = {
  id: "c1",
  member: "Cara One",
  memberId: "m1",
  offer: "Creator launch",
  code: "CARA-ONE",
  currency: "USD",
  saleCents: 4000,
  saleUsdCents: 4000,
  payoutCents: 600,
  rate: { unitsPerUsd: 1, day: "2026-11-27", source: "identity", status: "CURRENT" },
  status: "COUNTED",
  manual: false,
  adjustments: [],
  memberUrl: "app:app/members/m1/dashboard",
  canExclude: true,
  managedBy: null,
};
const view = (over: Partial<OrderView> = {}): OrderView => ({ installed: true, orderId: ORDER, conversions: [conversion], offers: [], attributeRefusal: null, ...over });

async function renderAction(orderView: OrderView, write: (call: Call) => { status?: number; body: unknown } = () => ({ body: orderView })) {
  const fake = installFakeShopify({
    target: "admin.order-details.action.render",
    orderGid: ORDER,
    routes: {
      "GET /api/extensions/orders/777": () => ({ body: orderView }),
      "POST /api/extensions/orders/777": write,
      "GET /api/extensions/offers/o1/members": (call) => ({
        body: {
          members: [
            { id: "m2", name: "Dan One", code: "DAN-ONE" },
            { id: "m3", name: "Dana Two", code: "DANA-TWO" },
          ].filter((m) => m.name.includes(new URL(call.url, "http://x").searchParams.get("q") ?? "")),
        },
      }),
    },
  });
  const { default: run } = await import("./OrderAction");
  await run();
  await until(() => document.querySelector("s-admin-action")?.getAttribute("loading") === null || document.querySelector("s-admin-action")?.getAttribute("loading") === "false");
  return fake;
}
const $ = (selector: string) => document.querySelector(selector) as (HTMLElement & { value?: string }) | null;
/** The merchant types into a field: its value, input and change events, then Preact re-renders. */
async function type(selector: string, value: string) {
  const el = $(selector)!;
  el.value = value;
  el.dispatchEvent(new Event("input"));
  el.dispatchEvent(new Event("change"));
  await new Promise((r) => setTimeout(r, 20));
}
const primary = () => $('s-button[slot="primary-action"]')!;

describe("creator attribution action (R41, issue 19)", () => {
  afterEach(() => render(null, document.body));

  it("R41: excluding needs a reason, then posts the conversion and the reason and closes the modal", async () => {
    const { calls, closed } = await renderAction(view());
    expect($("s-admin-action")!.getAttribute("heading")).toBe("Creator attribution");
    expect(primary().textContent).toBe("Exclude from payouts");
    primary().click();
    await until(() => $("s-text-area")!.getAttribute("error") === "Say why.");
    expect(calls.filter((c) => c.method === "POST")).toEqual([]);
    await type("s-text-area", "Employee order");
    primary().click();
    await until(() => closed.count === 1, "close()");
    expect(calls.filter((c) => c.method === "POST")).toEqual([
      { url: "/api/extensions/orders/777", method: "POST", body: { intent: "exclude", conversionId: "c1", reason: "Employee order" } },
    ]);
  });

  it("R41: a code-less order is attributed to a member found by name in an offer, with a reason", async () => {
    const { calls, closed } = await renderAction(view({ conversions: [], offers: [{ id: "o1", name: "Creator launch" }] }));
    expect(primary().textContent).toBe("Attribute order");
    await until(() => $("s-option[value=m2]") !== null, "the member list");
    await type("s-search-field", "Dana");
    await until(() => $("s-option[value=m2]") === null && $("s-option[value=m3]") !== null, "the search");
    expect(calls.at(-1)!.url).toBe("/api/extensions/offers/o1/members?q=Dana");
    await type("s-text-area", "Customer forgot the code");
    primary().click();
    await until(() => closed.count === 1, "close()");
    expect(calls.filter((c) => c.method === "POST").map((c) => c.body)).toEqual([{ intent: "attribute", offerId: "o1", memberId: "m3", reason: "Customer forgot the code" }]);
  });

  it("R41: the backend's refusal is shown and the modal stays open; an order that cannot be attributed says why and offers no action", async () => {
    const { closed } = await renderAction(view(), () => ({ status: 409, body: { error: "Already excluded" } }));
    await type("s-text-area", "again");
    primary().click();
    await until(() => $("s-banner") !== null, "the refusal");
    expect($("s-banner")!.textContent).toBe("Not saved: Already excluded");
    expect(closed.count).toBe(0);
    render(null, document.body);
    await renderAction(view({ conversions: [], attributeRefusal: "The app has not received this order from Shopify." }));
    expect($("s-admin-action")!.textContent).toContain("The app has not received this order from Shopify.");
    expect(primary().hasAttribute("disabled")).toBe(true);
  });
});
