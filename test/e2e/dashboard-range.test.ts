// #21: a dashboard's "from" after "to" gets a message on the field, the form keeps what was typed
// (read back from the page), and the dashboard says which days it shows meanwhile.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, FrameLocator, Page } from "playwright-core";
import type { PrismaClient } from "@prisma/client";
import { launchBrowser, newMerchantPage, screenshot, watchConsole } from "./browser";

const SHOP = "us-store.myshopify.com";
const MESSAGE = "The end date is before the start date. Choose an end date on or after the start date.";

describe("#21: dashboard date range", () => {
  let browser: Browser;
  let page: Page;
  let app: FrameLocator;
  let errors: string[];
  let db: PrismaClient;
  let offerId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newMerchantPage(browser);
    errors = watchConsole(page);
    await page.goto(`${inject("emulatorUrl")}/store/us-store/apps/creator-codes`);
    app = page.frameLocator("#app-frame");
    await app.getByText("Currency: USD").waitFor({ timeout: 30_000 });
    const { createPrismaClient } = await import("~/db.server");
    db = createPrismaClient(inject("databaseUrl"));
    const offer = await db.offer.create({
      data: {
        shop: SHOP,
        name: "Range check",
        payoutType: "FLAT",
        payoutFlatCents: 500,
        groupName: "Range check codes",
        discountType: "PERCENTAGE",
        discountPercent: 10,
        startsAt: new Date(),
      },
    });
    offerId = offer.id;
  });
  afterAll(async () => {
    await browser?.close();
    await db?.$disconnect();
  });

  it("#21/R35: from after to is said on the To field while typing and after applying, with the typed dates kept", async () => {
    await page.locator("#app-nav a", { hasText: "Offers" }).click();
    await app.getByRole("link", { name: "Range check" }).click();
    await page.locator("#title-buttons button", { hasText: "Performance" }).click();
    await app.getByLabel("From").waitFor();
    await app.getByLabel("From").fill("2026-11-20");
    await app.getByLabel("To").fill("2026-11-05");
    await app.getByText(MESSAGE).waitFor();
    expect(await app.getByRole("button", { name: "Apply" }).isDisabled()).toBe(true);

    // The same range from the address (a bookmark, a shared link): the server says it, the form keeps it.
    const frame = page.frame({ name: "app-iframe" })!;
    await frame.evaluate(
      (to) => (window as unknown as { __remixRouter: { navigate: (to: string) => Promise<void> } }).__remixRouter.navigate(to),
      `/app/offers/${offerId}/dashboard?from=2026-11-20&to=2026-11-05`,
    );
    await app.getByText(/^Showing .* until the dates are fixed\.$/).waitFor();
    expect([await app.getByLabel("From").inputValue(), await app.getByLabel("To").inputValue()]).toEqual(["2026-11-20", "2026-11-05"]);
    expect(await app.getByText(MESSAGE).count()).toBe(1);
    await screenshot(page, "dashboard-range-error");

    await app.getByLabel("To").fill("2026-11-25");
    expect(await app.getByText(MESSAGE).count()).toBe(0);
    await app.getByRole("button", { name: "Apply" }).click();
    await frame.waitForURL(/from=2026-11-20&to=2026-11-25/);
    expect(await app.getByText(/until the dates are fixed/).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
