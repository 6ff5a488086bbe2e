import { describe, expect, it } from "vitest";
import { crossSiteRefusal } from "./cross-site.server";

const headers = (h: Record<string, string>) => (name: string) => h[name.toLowerCase()];

describe("Remix's cross-site origin check, answered 4xx (R35)", () => {
  it("R35: an action from another site is refused with 403, an origin that is not a URL with 400", () => {
    expect(crossSiteRefusal("POST", headers({ origin: "https://evil.example", host: "app.example" }))).toBe(403);
    expect(crossSiteRefusal("POST", headers({ origin: "null", host: "app.example" }))).toBe(403);
    expect(crossSiteRefusal("DELETE", headers({ origin: "https://app.example" }))).toBe(403); // no host to compare with
    expect(crossSiteRefusal("POST", headers({ origin: "not a url", host: "app.example" }))).toBe(400);
  });
  it("R35: same-site actions, requests without Origin and reads pass through", () => {
    expect(crossSiteRefusal("POST", headers({ origin: "https://app.example", host: "app.example" }))).toBeNull();
    expect(crossSiteRefusal("POST", headers({ origin: "https://app.example", host: "internal:3000", "x-forwarded-host": "app.example, proxy" }))).toBeNull();
    expect(crossSiteRefusal("POST", headers({ host: "app.example" }))).toBeNull();
    expect(crossSiteRefusal("GET", headers({ origin: "https://evil.example", host: "app.example" }))).toBeNull();
  });
  it("R41: the admin extensions' Bearer-authenticated API takes cross-origin writes (Shopify admin's extension sandbox is another origin)", () => {
    expect(crossSiteRefusal("POST", headers({ origin: "https://extensions.shopifycdn.com", host: "app.example" }), "/api/extensions/orders/1")).toBeNull();
    expect(crossSiteRefusal("POST", headers({ origin: "https://extensions.shopifycdn.com", host: "app.example" }), "/app/offers/new")).toBe(403);
  });
});
