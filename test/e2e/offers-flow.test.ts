import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { launchBrowser, newMerchantPage, screenshot, watchConsole } from "./browser";
import type { EmulatorState } from "../../emulator/src/state";

const MEMBERS_CSV = [
  "first_name,last_name,email,handle",
  "Anna,Lee,anna.lee@creators.example,@anna",
  "Ben,Ortiz,ben.ortiz@creators.example,@ben",
  "Chloé,Martin,chloe.martin@creators.example,@chloe",
  "Dev,Patel,dev.patel@creators.example,@dev",
].join("\n");

describe("R14/R17: a merchant creates an offer, imports members and generates their codes", () => {
  let browser: Browser;
  let page: Page;
  let app: FrameLocator;
  let errors: string[];
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newMerchantPage(browser);
    errors = watchConsole(page);
    await page.goto(`${inject("emulatorUrl")}/store/us-store/apps/creator-codes`);
    app = page.frameLocator("#app-frame");
    await app.getByText("Currency: USD").waitFor({ timeout: 30_000 });
  });
  afterAll(() => browser?.close());

  const nav = async (label: string) => {
    await page.locator("#app-nav a", { hasText: label }).click();
  };

  it("creates an offer, fixing the fields the form flags first", async () => {
    await nav("Offers");
    await app.getByRole("heading", { name: "Offers", exact: true }).waitFor();
    await screenshot(page, "offers-empty");
    await app.getByRole("link", { name: "Create offer" }).first().click();
    await app.getByLabel("Offer name").waitFor();
    await app.getByLabel("Percentage off").fill("250");
    await app.getByRole("button", { name: "Create offer" }).click();
    await app.getByText("Some fields need your attention").waitFor();
    expect(await app.getByText("Enter a name for the offer.").count()).toBe(1);
    expect(await app.getByText("The percentage off must be more than 0 and at most 100.").count()).toBe(1);
    expect(await app.getByText("Enter the flat payout in USD, for example 10 or 12.50.").count()).toBe(1);
    await screenshot(page, "offer-form-errors");

    await app.getByLabel("Offer name").fill("Spring creators");
    await app.getByLabel("Flat payout").fill("12.50");
    await app.getByLabel("Discount group name").fill("Spring creator codes");
    await app.getByLabel("Percentage off").fill("15");
    // The save bar shows while the form has unsaved changes (App Bridge, in the shell).
    await expect.poll(() => page.locator("#save-bar").isVisible()).toBe(true);
    await app.getByRole("button", { name: "Create offer" }).click();
    await app.getByRole("heading", { name: "Spring creators" }).waitFor();
    await expect.poll(() => page.locator("#toasts").textContent()).toContain("Offer created");
  });

  it("imports members from a CSV into a project", async () => {
    await nav("Projects");
    await app.getByLabel("Project name").fill("Spring launch");
    await app.getByRole("button", { name: "Create project" }).click();
    await app.getByRole("heading", { name: "Spring launch" }).waitFor();
    await app.locator('input[type="file"]').setInputFiles({ name: "members.csv", mimeType: "text/csv", buffer: Buffer.from(MEMBERS_CSV) });
    await app.getByText("members.csv").waitFor();
    await app.getByRole("button", { name: "Import", exact: true }).click();
    await app.getByText("Dev Patel").waitFor();
    expect(await app.getByText("4 members", { exact: true }).count()).toBe(1);
  });

  it("adds three members to the offer, edits a proposed code, generates, and sees the results", async () => {
    await nav("Offers");
    await app.getByText("Spring creators").click();
    await app.getByRole("link", { name: "Add members" }).first().click();
    await app.getByLabel("Spring launch (4 members)").check();
    await app.getByRole("button", { name: "Confirm projects" }).click();
    for (const name of ["Anna Lee", "Ben Ortiz", "Chloé Martin"])
      await app
        .getByRole("row", { name: new RegExp(name) })
        .getByRole("checkbox")
        .check();
    await app.getByRole("button", { name: "Review 3 codes" }).click();
    const annaCode = app.getByLabel("Code for Anna Lee");
    await annaCode.waitFor();
    expect(await annaCode.inputValue()).toBe("ANNA15");
    expect(await app.getByLabel("Code for Chloé Martin").inputValue()).toBe("CHLOE15");
    await annaCode.fill("ANNA-SPRING");
    await app.getByRole("button", { name: "Set active dates" }).click();
    await app.getByRole("button", { name: "Review" }).click();
    await app.getByRole("button", { name: "Generate promo codes" }).click();
    await app.getByText("All done").waitFor({ timeout: 30_000 });
    const rows = app.locator("tbody tr");
    expect(await rows.count()).toBe(3);
    expect(await app.getByText("Created", { exact: true }).count()).toBe(3);
    await screenshot(page, "generation-results");

    const state = (await (await fetch(`${inject("emulatorUrl")}/_emulator/state`)).json()) as EmulatorState;
    const discounts = Object.values(state.shops["us-store.myshopify.com"]!.discounts).filter((d) => d.title === "Spring creator codes");
    expect(discounts).toHaveLength(1);
    expect(discounts[0]!.codes.map((c) => c.code).sort()).toEqual(["ANNA-SPRING", "BEN15", "CHLOE15"]);
    expect(discounts[0]!.value).toEqual({ percentage: 0.15 });

    await nav("Offers");
    await app.getByRole("link", { name: "Spring creators" }).first().waitFor();
    await screenshot(page, "offers-list");
    expect(errors).toEqual([]);
  });

  it("R27/R30: orders placed with the codes show on the offer's performance dashboard", async () => {
    const orders: { subtotal_price: string }[] = [];
    for (const [code, quantity] of [
      ["anna-spring", 2],
      ["BEN15", 1],
    ] as const) {
      const res = await fetch(`${inject("emulatorUrl")}/_emulator/shops/us-store/orders`, { method: "POST", body: JSON.stringify({ lines: [{ quantity }], discountCode: code }) });
      expect(res.status).toBe(200);
      orders.push(((await res.json()) as { order: { subtotal_price: string } }).order);
    }
    // Independently: USD store (rate 1), flat $12.50 per conversion.
    const sales = orders.reduce((n, o) => n + Math.round(Number(o.subtotal_price) * 100), 0);
    const usd = (cents: number) => `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    await app.getByText("Spring creators").click();
    await app.getByRole("link", { name: "Performance" }).first().click();
    await expect
      .poll(
        async () => {
          await page.waitForTimeout(300);
          await app.getByRole("button", { name: "Apply" }).click();
          return app.getByTestId("total-conversions").textContent();
        },
        { timeout: 20_000 },
      )
      .toBe("2");
    expect(await app.getByTestId("total-sales").textContent()).toBe(usd(sales));
    expect(await app.getByTestId("total-payouts").textContent()).toBe(usd(2 * 1250));
    await screenshot(page, "offer-dashboard");

    // The member's own performance page: Anna's one order.
    await nav("Projects");
    await app.getByText("Spring launch").click();
    await app.getByRole("cell", { name: "Anna Lee" }).click();
    await app.getByRole("link", { name: "Performance" }).first().click();
    await expect.poll(() => app.getByTestId("total-conversions").textContent(), { timeout: 20_000 }).toBe("1");
    expect(await app.getByTestId("total-sales").textContent()).toBe(usd(Math.round(Number(orders[0]!.subtotal_price) * 100)));
    expect(errors).toEqual([]);
  });
});
