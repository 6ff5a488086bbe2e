/** @jsxImportSource preact */
// @vitest-environment jsdom
import { render } from "preact";
import { afterEach, describe, expect, it } from "vitest";
import type { OrderConversion, OrderView } from "./api";
import { installFakeShopify, until } from "./fake-shopify";

const ORDER = "gid://shopify/Order/5551234";
const conversion = (over: Partial<OrderConversion> = {}): OrderConversion => ({
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
  ...over,
});
const view = (over: Partial<OrderView> = {}): OrderView => ({ installed: true, orderId: ORDER, conversions: [conversion()], offers: [], attributeRefusal: null, ...over });

async function renderBlock(answer: { status?: number; body: unknown }) {
  const fake = installFakeShopify({ target: "admin.order-details.block.render", orderGid: ORDER, routes: { "GET /api/extensions/orders/5551234": () => answer } });
  const { default: run } = await import("./OrderBlock");
  await run();
  await until(() => Boolean(document.querySelector("s-admin-block")) && !document.querySelector("s-admin-block")!.textContent!.includes("Loading"));
  return fake;
}
const block = () => document.querySelector("s-admin-block")!;

describe("order details block (R41, issue 19)", () => {
  afterEach(() => render(null, document.body));

  it("R41: shows each code's member, offer, code, sale and payout in USD, status and a link to the member's dashboard", async () => {
    const { calls } = await renderBlock({ body: view() });
    expect(calls).toEqual([{ url: "/api/extensions/orders/5551234", method: "GET", body: undefined }]);
    expect(block().getAttribute("heading")).toBe("Creator Codes");
    const text = block().textContent!;
    expect(text).toContain("Cara One");
    expect(text).toContain("Creator launch · code CARA-ONE");
    expect(text).toContain("Sale: $40.00");
    expect(text).toContain("Payout: $6.00");
    expect(block().querySelector("s-badge")!.textContent).toBe("Counted");
    expect(block().querySelector("s-badge")!.getAttribute("tone")).toBe("success");
    expect(block().querySelector("s-link")!.getAttribute("href")).toBe("app:app/members/m1/dashboard");
  });

  it("R40/R41: a foreign-currency sale shows the local amount and the rate with its day; an excluded one its reason; a connected store's view has no link", async () => {
    const cad = conversion({
      currency: "CAD",
      saleCents: 13500,
      saleUsdCents: 10000,
      payoutCents: 0,
      status: "EXCLUDED",
      rate: { unitsPerUsd: 1.35, day: "2026-11-26", source: "ecb", status: "CURRENT" },
      adjustments: [{ kind: "EXCLUDE", payoutCents: -1200, reason: "Employee order" }],
      memberUrl: null,
      managedBy: "us-store.myshopify.com",
      canExclude: false,
    });
    await renderBlock({ body: view({ conversions: [cad] }) });
    const text = block().textContent!;
    expect(text).toContain("Sale: $100.00 (CA$135.00 at 1.35 CAD/USD, rate of 2026-11-26)");
    expect(text).toContain("Excluded: Employee order");
    expect(text).toContain("Managed in us-store.myshopify.com");
    expect(block().querySelector("s-badge")!.getAttribute("tone")).toBe("critical");
    expect(block().querySelector("s-link")).toBeNull();
  });

  it("R41: an order with no tracked code says so briefly; a store without the app set up shows nothing misleading; a refusal shows an error", async () => {
    await renderBlock({ body: view({ conversions: [], offers: [{ id: "o1", name: "Creator launch" }] }) });
    expect(block().textContent).toBe("No creator code was used on this order.");
    render(null, document.body);
    await renderBlock({ body: view({ installed: false, conversions: [] }) });
    expect(block().textContent).toBe("Creator Codes is not set up for this store.");
    render(null, document.body);
    await renderBlock({ status: 401, body: { error: "A session token is required" } });
    expect(block().querySelector("s-banner")!.textContent).toBe("Creator Codes could not load this order (401).");
    expect(block().textContent).not.toContain("Payout");
  });
});
