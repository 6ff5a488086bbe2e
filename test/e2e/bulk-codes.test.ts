import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { parse } from "csv-parse/sync";
import { launchBrowser, newMerchantPage, screenshot, watchConsole } from "./browser";

describe("R19/R38: a merchant generates 500 bulk codes, watches the job, and downloads the codes as CSV", () => {
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

  it("R19: previews 5 samples, generates 500 codes, sees the job reach 100 %, and exports them", async () => {
    await page.locator("#app-nav a", { hasText: "Offers" }).click();
    await app.getByRole("link", { name: "Create offer" }).first().click();
    await app.getByLabel("Offer name").fill("Print run");
    await app.getByLabel("Flat payout").fill("5");
    await app.getByLabel("Discount group name").fill("Print run codes");
    await app.getByLabel("Percentage off").fill("10");
    await app.getByRole("button", { name: "Create offer" }).click();
    await app.getByRole("heading", { name: "Print run" }).waitFor();

    // The offer's actions may fold into "More actions" on a narrow page.
    const action = app.getByRole("link", { name: "Generate bulk codes" });
    if (!(await action.isVisible())) await app.getByRole("button", { name: "More actions" }).click();
    await action.click();
    await app.getByRole("heading", { name: "Generate bulk codes" }).waitFor();
    await app.getByLabel("How many codes").fill("500");
    await app.getByLabel("Prefix").fill("print-");
    await app.getByRole("button", { name: "Preview" }).click();
    await app.getByText("The count fits: every code will be unique.").waitFor();
    const samples = await app.locator("code").allTextContents();
    expect(samples).toHaveLength(5);
    for (const s of samples) expect(s).toMatch(/^PRINT-[A-HJ-NP-Z2-9]{8}$/);
    await screenshot(page, "bulk-codes-preview");

    await app.getByRole("button", { name: "Generate codes" }).click();
    await app.getByRole("heading", { name: "Generating bulk codes" }).waitFor();
    await app.getByRole("progressbar").waitFor();
    await app.getByText("All done").waitFor({ timeout: 180_000 });
    await app.getByText("500 of 500 codes done").waitFor();
    await screenshot(page, "bulk-codes-job-done");

    await app.getByRole("link", { name: "Export codes" }).click();
    await app.getByRole("heading", { name: "Generate bulk codes" }).waitFor();
    await app.getByText("Bulk codes in this offer: 500").waitFor();
    const download = page.waitForEvent("download");
    await app.getByRole("button", { name: "Export codes" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("print-run-codes.csv");
    const rows = parse(fs.readFileSync((await file.path())!), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(500);
    expect(new Set(rows.map((r) => r.code)).size).toBe(500);
    expect(rows.every((r) => /^PRINT-/.test(r.code!) && r.kind === "bulk" && r.status === "active" && r.stores === "us-store.myshopify.com")).toBe(true);
    expect(errors).toEqual([]);
  }, 300_000);
});
