import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, newMerchantPage, screenshot, watchConsole } from "./browser";

// /auth/login is where the library sends a request without a shop (issue 11 §5): it renders a
// shop-domain form, and a valid domain goes to that store's admin to install or open the app.
describe("/auth/login", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("renders the shop-domain form and explains a missing domain", async () => {
    const page = await newMerchantPage(browser);
    const errors = watchConsole(page);
    const response = await page.goto(`${inject("appUrl")}/auth/login`);
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.getByRole("heading", { name: "Log in to Creator Codes" }).count(), { timeout: 30_000 }).toBe(1);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect.poll(() => page.getByText("Enter your store's domain to log in.").count(), { timeout: 30_000 }).toBe(1);
    await screenshot(page, "auth-login");
    expect(errors).toEqual([]);
  });

  it("a store's domain is sent to that store's admin to install the app; a malformed one is refused", async () => {
    const post = (shop: string) => fetch(`${inject("appUrl")}/auth/login`, { method: "POST", body: new URLSearchParams({ shop }), redirect: "manual" });
    const ok = await post("ca-store");
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("https://admin.shopify.com/store/ca-store/oauth/install?client_id=creator-codes-dev-client-id");
    const bad = await post("not a shop!");
    expect(bad.status).toBe(200);
    expect(await bad.text()).toContain("Enter a valid store domain, like your-store.myshopify.com.");
  });
});
