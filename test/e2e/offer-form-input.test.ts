import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { launchBrowser, newMerchantPage, screenshot, watchConsole } from "./browser";

// R35: a refused save keeps what the merchant typed, with a message beside each field; on edit
// the save bar stays open, so the edits never look saved.
describe("R35: the offer form keeps what the merchant typed when the server refuses it", () => {
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

  const value = (label: string) => app.getByLabel(label, { exact: true }).inputValue();
  const saveBarOpen = () => page.locator("#save-bar").isVisible();

  it("R35: creating with three invalid fields keeps every typed value, each with its message", async () => {
    await page.locator("#app-nav a", { hasText: "Offers" }).click();
    await app.getByRole("link", { name: "Create offer" }).first().click();
    await app.getByLabel("Offer name").fill("Autumn creators");
    await app.getByLabel("Flat payout").fill("ten");
    await app.getByLabel("Discount group name").fill("Autumn creator codes");
    await app.getByLabel("Naming strategy").fill("{HANDLE}-{DISCOUNT}");
    await app.getByLabel("Percentage off").fill("250");
    await app.getByLabel("Limit per member's code").fill("2147483648");
    await app.getByRole("button", { name: "Create offer" }).click();
    await app.getByText("Some fields need your attention").waitFor();
    await app.getByText("Enter the flat payout in USD, for example 10 or 12.50.").waitFor();
    await app.getByText("The percentage off must be more than 0 and at most 100.").waitFor();
    await app.getByText(/Enter a whole number of uses, from 1 to 2,147,483,647/).waitFor();
    // Give a late revalidation the chance to reset the form before looking.
    await page.waitForTimeout(500);
    expect(await value("Offer name")).toBe("Autumn creators");
    expect(await value("Flat payout")).toBe("ten");
    expect(await value("Discount group name")).toBe("Autumn creator codes");
    expect(await value("Naming strategy")).toBe("{HANDLE}-{DISCOUNT}");
    expect(await value("Percentage off")).toBe("250");
    expect(await value("Limit per member's code")).toBe("2147483648");
    await expect.poll(saveBarOpen).toBe(true);
    await screenshot(page, "offer-form-create-refused");

    await app.getByLabel("Flat payout").fill("10");
    await app.getByLabel("Percentage off").fill("12.50");
    // R16: the preview names codes as the server will (12.50 % → 125).
    await expect.poll(() => app.getByTestId("naming-preview").first().textContent()).toMatch(/-125$/);
    await app.getByLabel("Limit per member's code").fill("5");
    await app.getByRole("button", { name: "Create offer" }).click();
    await app.getByRole("heading", { name: "Autumn creators" }).waitFor();
  });

  it("R35: editing with three invalid fields keeps every typed value, each with its message, and the save bar stays", async () => {
    await app.getByRole("link", { name: "Edit offer" }).first().click();
    await app.getByLabel("Offer name").waitFor();
    expect(await value("Offer name")).toBe("Autumn creators");
    await app.getByLabel("Offer name").fill("Autumn creators (extended)");
    await app.getByLabel("Discount group name").fill("");
    await app.getByLabel("Percentage off").fill("0");
    await app.getByLabel("End date").fill("2020-01-01");
    await expect.poll(saveBarOpen).toBe(true);
    await app.getByRole("button", { name: "Save offer" }).click();
    await app.getByText("Some fields need your attention").waitFor();
    await app.getByText("Enter the discount group name shown in Shopify.").waitFor();
    await app.getByText("The percentage off must be more than 0 and at most 100.").waitFor();
    await app.getByText("The end date must be after the start date.").waitFor();
    await page.waitForTimeout(500);
    expect(await value("Offer name")).toBe("Autumn creators (extended)");
    expect(await value("Discount group name")).toBe("");
    expect(await value("Percentage off")).toBe("0");
    expect(await value("End date")).toBe("2020-01-01");
    // The edits are not saved, and the save bar says so.
    await expect.poll(saveBarOpen).toBe(true);
    await screenshot(page, "offer-form-edit-refused");

    // Another offer loading is what resets the form: back to the list and into the edit again.
    await page.locator("#app-nav a", { hasText: "Offers" }).click();
    await app.getByText("Autumn creators").first().click();
    await app.getByRole("link", { name: "Edit offer" }).first().click();
    await app.getByLabel("Offer name").waitFor();
    await expect.poll(() => value("Offer name")).toBe("Autumn creators");
    expect(await value("Percentage off")).toBe("12.5");
    expect(errors).toEqual([]);
  });

  it("R35: a member whose name hides a text-direction override is refused with the message beside the field", async () => {
    await page.locator("#app-nav a", { hasText: "Projects" }).click();
    await app.getByLabel("Project name").fill("Input checks");
    await app.getByRole("button", { name: "Create project" }).click();
    await app.getByRole("heading", { name: "Input checks" }).waitFor();
    await app.getByLabel("First name").fill("Eve\u202Eevil");
    await app.getByLabel("Email").fill("eve@creators.example");
    await app.getByRole("button", { name: "Add member" }).click();
    await app.getByText("Remove the invisible control characters (for example text-direction overrides).").waitFor();
    expect(await value("First name")).toBe("Eve\u202Eevil");
    expect(await value("Email")).toBe("eve@creators.example");
    await screenshot(page, "project-member-refused");
    expect(errors).toEqual([]);
  });
});
