import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { launchBrowser, newMerchantPage, screenshot, watchConsole } from "./browser";
import type { EmulatorState } from "../../emulator/src/state";

describe("R1a/R2/R4/R6: linking regional stores and syncing an offer's codes to them", () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const app = (): FrameLocator => page.frameLocator("#app-frame");
  const open = async (store: string, section: string) => {
    await page.goto(`${inject("emulatorUrl")}/store/${store}/apps/creator-codes`);
    await app().getByText("Currency:").waitFor({ timeout: 30_000 });
    await page.locator("#app-nav a", { hasText: section }).click();
  };
  const createLinkCodeIn = async (store: string) => {
    await open(store, "Stores");
    await app().getByRole("button", { name: "Create link code" }).click();
    const code = app().getByTestId("link-code");
    await code.waitFor();
    return (await code.textContent())!.trim();
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newMerchantPage(browser);
    errors = watchConsole(page);
  });
  afterAll(() => browser?.close());

  it("links ca-store and uk-store to us-store with link codes created in each", async () => {
    const caCode = await createLinkCodeIn("ca-store");
    const ukCode = await createLinkCodeIn("uk-store");
    await open("us-store", "Stores");
    for (const [code, label] of [
      [caCode, "Canada"],
      [ukCode, "United Kingdom"],
    ] as const) {
      await app().getByLabel("Link code").fill(code);
      await app().getByLabel("Label", { exact: true }).fill(label);
      await app().getByRole("button", { name: "Connect store" }).click();
      await app()
        .getByRole("textbox", { name: /Label for/ })
        .nth(label === "Canada" ? 0 : 1)
        .waitFor();
    }
    expect(await app().getByText("Connected", { exact: true }).count()).toBe(2);
    // A used code does not work twice.
    await app().getByLabel("Link code").fill(caCode);
    await app().getByRole("button", { name: "Connect store" }).click();
    await app().getByText("This link code was already used. Create a new one in the other store.").waitFor();
    await screenshot(page, "settings-stores");
  });

  it("creates a synced offer with a percentage per store, generates codes, and sees every store reach 100%", async () => {
    await open("us-store", "Projects");
    await app().getByLabel("Project name").fill("Global creators");
    await app().getByRole("button", { name: "Create project" }).click();
    for (const [first, last] of [
      ["Maya", "Singh"],
      ["Leo", "Rossi"],
    ]) {
      await app().getByLabel("First name").fill(first);
      await app().getByLabel("Last name").fill(last);
      await app().getByLabel("Email").fill(`${first}.${last}@creators.example`.toLowerCase());
      await app().getByRole("button", { name: "Add member" }).click();
      await app()
        .getByRole("cell", { name: `${first} ${last}` })
        .waitFor();
    }

    await page.locator("#app-nav a", { hasText: "Offers" }).click();
    await app().getByRole("link", { name: "Create offer" }).first().click();
    await app().getByLabel("Offer name").fill("Global summer");
    await app().getByLabel("Flat payout").fill("8");
    await app().getByLabel("Discount group name").fill("Global summer codes");
    await app().getByLabel("Percentage off").fill("20");
    await app().getByLabel("Enable sync").check();
    // R3: with sync on, the form itself offers neither a fixed amount nor product/collection restrictions.
    expect(await app().getByLabel("Discount option").locator('option[value="FIXED_AMOUNT"]').isDisabled()).toBe(true);
    expect(await app().getByLabel("Applies to").locator('option[value="PRODUCTS"]').isDisabled()).toBe(true);
    expect(await app().getByLabel("Applies to").locator('option[value="COLLECTIONS"]').isDisabled()).toBe(true);
    await app().getByLabel("Discount option").scrollIntoViewIfNeeded();
    await screenshot(page, "offer-form-sync-on");
    expect(
      await app()
        .getByLabel(/Canada \(ca-store\)/)
        .isChecked(),
    ).toBe(true);
    expect(
      await app()
        .getByLabel(/United Kingdom \(uk-store\)/)
        .isChecked(),
    ).toBe(true);
    await app().getByLabel("Use the same discount value across stores").uncheck();
    await app().getByLabel("Percentage off in Canada").fill("15");
    await app().getByLabel("Percentage off in United Kingdom").fill("10");
    await app().getByRole("button", { name: "Create offer" }).click();
    await app().getByRole("heading", { name: "Global summer" }).waitFor();

    await app().getByRole("link", { name: "Add members" }).first().click();
    await app()
      .getByLabel(/Global creators/)
      .check();
    await app().getByRole("button", { name: "Confirm projects" }).click();
    for (const name of ["Maya Singh", "Leo Rossi"])
      await app()
        .getByRole("row", { name: new RegExp(name) })
        .getByRole("checkbox")
        .check();
    await app().getByRole("button", { name: "Review 2 codes" }).click();
    await app().getByRole("button", { name: "Set active dates" }).click();
    await app().getByRole("button", { name: "Review" }).click();
    await app().getByRole("button", { name: "Generate promo codes" }).click();
    await app().getByText("All done").waitFor({ timeout: 30_000 });
    // R17: one row per member, one badge per store; the R7 checks are not reported as creations.
    await app().getByText("2 of 2 codes done · 2 created in every store").waitFor();
    for (const heading of ["Primary store", "Canada", "United Kingdom"]) await app().getByRole("columnheader", { name: heading }).waitFor();
    for (const name of ["Maya Singh", "Leo Rossi"]) {
      const row = app().getByRole("row", { name: new RegExp(name) });
      expect(await row.getByText("Created", { exact: true }).count()).toBe(3);
    }
    expect(await app().getByRole("row").count()).toBe(3);
    await screenshot(page, "job-report");

    await app().getByRole("link", { name: "Done" }).click();
    await app().getByText("Sync status").waitFor();
    await expect.poll(async () => app().getByText("2 in sync · 0 pending · 0 failed").count(), { timeout: 20_000 }).toBe(3);
    await screenshot(page, "offer-sync-status");

    const state = (await (await fetch(`${inject("emulatorUrl")}/_emulator/state`)).json()) as EmulatorState;
    const group = (shop: string) => Object.values(state.shops[shop]!.discounts).find((d) => d.title === "Global summer codes")!;
    for (const [shop, percentage] of [
      ["us-store.myshopify.com", 0.2],
      ["ca-store.myshopify.com", 0.15],
      ["uk-store.myshopify.com", 0.1],
    ] as const) {
      expect(
        group(shop)
          .codes.map((c) => c.code)
          .sort(),
      ).toEqual(["LEO20", "MAYA20"]);
      expect(group(shop).value).toEqual({ percentage });
    }
    expect(errors).toEqual([]);
  });

  it("R24/R23/R25: deactivates one member's code in every store after a confirmation, then activates it back", async () => {
    const inStores = async () => {
      const state = (await (await fetch(`${inject("emulatorUrl")}/_emulator/state`)).json()) as EmulatorState;
      return ["us-store", "ca-store", "uk-store"].map((s) =>
        Object.values(state.shops[`${s}.myshopify.com`]!.discounts)
          .find((d) => d.title === "Global summer codes")!
          .codes.map((c) => c.code)
          .sort(),
      );
    };
    await open("us-store", "Offers");
    await app().getByText("Global summer", { exact: true }).first().click();
    await app().getByText("Sync status").waitFor();
    await app()
      .getByRole("row", { name: /Maya Singh/ })
      .getByRole("checkbox")
      .check();
    await app().getByRole("button", { name: "Deactivate codes", exact: true }).click();
    await app().getByText("Deactivate 1 member's code in 3 stores?").waitFor();
    await screenshot(page, "offer-deactivate-confirm");
    await app().getByRole("button", { name: "Yes, deactivate" }).click();
    await app().getByRole("heading", { name: "Deactivating codes" }).waitFor();
    await app().getByText("All done").waitFor({ timeout: 30_000 });
    expect(
      await app()
        .getByRole("row", { name: /Maya Singh/ })
        .getByText("Deactivated", { exact: true })
        .count(),
    ).toBe(3);
    expect(await inStores()).toEqual([["LEO20"], ["LEO20"], ["LEO20"]]);

    await app().getByRole("link", { name: "Done" }).click();
    await app().getByText("Sync status").waitFor();
    await app()
      .getByRole("row", { name: /Maya Singh/ })
      .getByText("Deactivated", { exact: true })
      .waitFor();
    await app()
      .getByRole("row", { name: /Maya Singh/ })
      .getByRole("checkbox")
      .check();
    await app()
      .getByRole("row", { name: /Leo Rossi/ })
      .getByRole("checkbox")
      .check();
    await app().getByRole("button", { name: "Activate codes", exact: true }).click();
    // Leo's code is active already: left alone.
    await app().getByText("Activate 1 member's code in 3 stores?").waitFor();
    await app().getByText("1 member is already active").waitFor();
    await app().getByRole("button", { name: "Yes, activate" }).click();
    await app().getByText("All done").waitFor({ timeout: 30_000 });
    expect(await inStores()).toEqual([
      ["LEO20", "MAYA20"],
      ["LEO20", "MAYA20"],
      ["LEO20", "MAYA20"],
    ]);
    await screenshot(page, "job-activate");
    expect(errors).toEqual([]);
  });

  it("R38: the Jobs page lists the offer's jobs newest first, with who, progress and outcome, and opens each one", async () => {
    await open("us-store", "Jobs");
    await app().getByRole("heading", { name: "Jobs" }).waitFor();
    // Other browser tests share the database and add jobs of their own offers: this offer's three.
    const rows = app().locator("tbody tr").filter({ hasText: "Global summer" });
    await expect.poll(() => rows.count()).toBe(3);
    const texts = await rows.allInnerTexts();
    expect(texts.map((t) => ["Activating codes", "Deactivating codes", "Generating promo codes"].find((title) => t.trim().startsWith(title)))).toEqual([
      "Activating codes",
      "Deactivating codes",
      "Generating promo codes",
    ]);
    for (const t of texts) expect(t).toMatch(/Global summer/);
    expect(await rows.getByText("Done", { exact: true }).count()).toBe(3);
    await screenshot(page, "jobs-list");
    await app().getByRole("combobox", { name: "Outcome" }).selectOption("FAILED");
    await app().getByText("No jobs match these filters.").waitFor();
    await app().getByRole("combobox", { name: "Outcome" }).selectOption("");
    await app().getByRole("link", { name: "Deactivating codes" }).click();
    await app().getByRole("heading", { name: "Deactivating codes" }).waitFor();
    await app().getByText("All done").waitFor();
    expect(errors).toEqual([]);
  });

  it("R20/R21/R26: from the project, refreshes three members' codes (one renamed, one recreated, one proposed) and the old codes die in every store; then deactivates two and activates one back", async () => {
    const codesIn = async () => {
      const state = (await (await fetch(`${inject("emulatorUrl")}/_emulator/state`)).json()) as EmulatorState;
      return ["us-store", "ca-store", "uk-store"].map((s) =>
        Object.values(state.shops[`${s}.myshopify.com`]!.discounts)
          .flatMap((d) => (d.title === "Global summer codes" ? d.codes.map((c) => c.code) : []))
          .sort(),
      );
    };
    // A third member joins the project and the offer.
    await open("us-store", "Projects");
    await app().getByText("Global creators").first().click();
    await app().getByLabel("First name").fill("Ava");
    await app().getByLabel("Last name").fill("Chen");
    await app().getByLabel("Email").fill("ava.chen@creators.example");
    await app().getByRole("button", { name: "Add member" }).click();
    await app().getByRole("cell", { name: "Ava Chen" }).waitFor();
    await page.locator("#app-nav a", { hasText: "Offers" }).click();
    await app().getByText("Global summer", { exact: true }).first().click();
    await app().getByRole("link", { name: "Add members" }).first().click();
    await app()
      .getByLabel(/Global creators/)
      .check();
    await app().getByRole("button", { name: "Confirm projects" }).click();
    await app()
      .getByRole("row", { name: /Ava Chen/ })
      .getByRole("checkbox")
      .check();
    await app().getByRole("button", { name: "Review 1 code" }).click();
    await app().getByRole("button", { name: "Set active dates" }).click();
    await app().getByRole("button", { name: "Review" }).click();
    await app().getByRole("button", { name: "Generate promo codes" }).click();
    await app().getByText("All done").waitFor({ timeout: 30_000 });
    expect(await codesIn()).toEqual(Array(3).fill(["AVA20", "LEO20", "MAYA20"]));

    // The project's "Manage offers": every member selected, the connected offer, Refresh.
    await page.locator("#app-nav a", { hasText: "Projects" }).click();
    await app().getByText("Global creators").first().click();
    await app().getByRole("cell", { name: "Ava Chen" }).waitFor();
    for (const name of ["Maya Singh", "Leo Rossi", "Ava Chen"])
      await app()
        .getByRole("row", { name: new RegExp(name) })
        .getByRole("checkbox")
        .check();
    await app().getByRole("button", { name: "Manage offers" }).click();
    await app().getByRole("heading", { name: "Manage offers" }).waitFor();
    await app().getByText("3 members of your selection in this offer").waitFor();
    await screenshot(page, "project-manage-offers");
    await app().getByRole("button", { name: "Continue with 3 members" }).click();

    await app().getByRole("heading", { name: "Refresh promo codes" }).waitFor();
    await app().getByLabel("New code for Maya Singh").fill("MAYA-SUMMER");
    await app()
      .getByRole("row", { name: /Leo Rossi/ })
      .getByRole("button", { name: "Keep the name, reset usage" })
      .click();
    expect(await app().getByLabel("New code for Leo Rossi").inputValue()).toBe("LEO20");
    const avaNew = await app().getByLabel("New code for Ava Chen").inputValue();
    expect(avaNew).toMatch(/^AVA/);
    // A name another member holds is refused on its row, and nothing is written.
    await app().getByLabel("New code for Ava Chen").fill("maya20");
    await app().getByRole("button", { name: "Refresh 3 codes" }).click();
    await app().getByRole("button", { name: "Yes, refresh" }).click();
    await app().getByText('"MAYA20" is already used in the offer "Global summer". Pick another code.').waitFor();
    await screenshot(page, "refresh-row-error");
    await app().getByLabel("New code for Ava Chen").fill(avaNew);
    await app().getByRole("button", { name: "Refresh 3 codes" }).click();
    await app().getByText("Refresh 3 members' codes in 3 stores?").waitFor();
    await app().getByText("1 member keep their name").waitFor();
    await screenshot(page, "refresh-confirm");
    await app().getByRole("button", { name: "Yes, refresh" }).click();
    await app().getByRole("heading", { name: "Refreshing promo codes" }).waitFor();
    await app().getByText("All done").waitFor({ timeout: 60_000 });
    for (const name of ["Maya Singh", "Leo Rossi", "Ava Chen"])
      expect(
        await app()
          .getByRole("row", { name: new RegExp(name) })
          .getByText("Refreshed", { exact: true })
          .count(),
      ).toBe(3);
    await screenshot(page, "job-refresh");
    expect(await codesIn()).toEqual(Array(3).fill([avaNew, "LEO20", "MAYA-SUMMER"].sort()));

    // The offer's table shows the new codes; deactivate Maya and Leo, then activate Maya back.
    await app().getByRole("link", { name: "Done" }).click();
    await app().getByText("Sync status").waitFor();
    await app()
      .getByRole("row", { name: /Maya Singh/ })
      .getByText("MAYA-SUMMER")
      .waitFor();
    for (const name of ["Maya Singh", "Leo Rossi"])
      await app()
        .getByRole("row", { name: new RegExp(name) })
        .getByRole("checkbox")
        .check();
    await app().getByRole("button", { name: "Deactivate codes", exact: true }).click();
    await app().getByText("Deactivate 2 members' codes in 3 stores?").waitFor();
    await app().getByRole("button", { name: "Yes, deactivate" }).click();
    await app().getByText("All done").waitFor({ timeout: 30_000 });
    expect(await codesIn()).toEqual(Array(3).fill([avaNew]));
    await app().getByRole("link", { name: "Done" }).click();
    await app().getByText("Sync status").waitFor();
    await app()
      .getByRole("row", { name: /Maya Singh/ })
      .getByRole("checkbox")
      .check();
    await app().getByRole("button", { name: "Activate codes", exact: true }).click();
    await app().getByRole("button", { name: "Yes, activate" }).click();
    await app().getByText("All done").waitFor({ timeout: 30_000 });
    expect(await codesIn()).toEqual(Array(3).fill([avaNew, "MAYA-SUMMER"].sort()));
    await app().getByRole("link", { name: "Done" }).click();
    await app()
      .getByRole("row", { name: /Leo Rossi/ })
      .getByText("Deactivated", { exact: true })
      .waitFor();
    await screenshot(page, "offer-after-refresh");
    expect(errors).toEqual([]);
  });

  it("an hour later the app renews its expiring tokens and keeps syncing; a store whose refresh token Shopify revoked is shown in Settings › Stores until its merchant opens the app", async () => {
    const control = (path: string, body: unknown) =>
      fetch(`${inject("emulatorUrl")}/_emulator/${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    await control("shops/uk-store/revoke-tokens", {});
    await control("clock", { advanceSeconds: 3601 });
    await open("us-store", "Offers");
    await app().getByText("Global summer", { exact: true }).first().click();
    await app().getByRole("link", { name: "Edit offer" }).click();
    await app().getByLabel("Percentage off in Canada").fill("16");
    await app().getByRole("button", { name: "Save offer" }).click();
    await app().getByText("Sync status").waitFor();
    const percentIn = async (shop: string) => {
      const state = (await (await fetch(`${inject("emulatorUrl")}/_emulator/state`)).json()) as EmulatorState;
      return Object.values(state.shops[shop]!.discounts).find((d) => d.title === "Global summer codes")!.value;
    };
    // us-store and ca-store: their tokens expired at Shopify, were renewed, and the change landed.
    await expect.poll(() => percentIn("ca-store.myshopify.com"), { timeout: 30_000 }).toEqual({ percentage: 0.16 });

    // uk-store's refresh token is refused: the store is marked once its operation fails.
    await expect
      .poll(
        async () => {
          await page.locator("#app-nav a", { hasText: "Stores" }).click();
          await app().getByText("Primary store").waitFor();
          return app().getByText("A store needs its merchant to open the app").count();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(1);
    expect(
      await app()
        .getByText(/no longer accepts the app's access to United Kingdom \(uk-store\.myshopify\.com\)/)
        .count(),
    ).toBe(1);
    expect(await app().getByText("Open the app there").count()).toBe(1);
    await screenshot(page, "settings-stores-needs-merchant");

    // A staff member of uk-store opens the app (a new token exchange): the warning is gone.
    await open("uk-store", "Stores");
    await open("us-store", "Stores");
    await app().getByText("Connected", { exact: true }).first().waitFor();
    expect(await app().getByText("A store needs its merchant to open the app").count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
