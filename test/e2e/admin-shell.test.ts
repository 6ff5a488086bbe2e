import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, newMerchantPage, screenshot, watchConsole } from "./browser";

describe("the app embedded in the emulator's admin shell", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it("shows the home page with the shop's name and currency, then switches to ca-store", async () => {
    const page = await newMerchantPage(browser);
    const errors = watchConsole(page);
    await page.goto(inject("emulatorUrl"));
    expect(page.url()).toContain("/store/us-store/apps/creator-codes");

    const app = page.frameLocator("#app-frame");
    await expect.poll(() => app.getByRole("heading", { name: "Creator Codes Demo US" }).count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => app.getByText("Currency: USD").count()).toBe(1);
    // The title bar reached the shell through the App Bridge stand-in.
    await expect.poll(() => page.locator("#title-text").textContent()).toBe("Creator Codes Demo US");
    await screenshot(page, "home-us-store");

    await page.getByLabel("Store").selectOption("ca-store");
    await page.waitForURL(/\/store\/ca-store\/apps\/creator-codes/);
    await expect.poll(() => page.frameLocator("#app-frame").getByRole("heading", { name: "Creator Codes Demo Canada" }).count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.frameLocator("#app-frame").getByText("Currency: CAD").count()).toBe(1);
    await screenshot(page, "home-ca-store");

    expect(errors).toEqual([]);
  });
});
