// R37 in the browser: a merchant deletes the offer's discount in us-store's Shopify admin (the
// emulator's merchant edit, which sends discounts/delete to the app); the app's home page shows
// "Needs attention", the offer's drift list shows the deletion, and Revert creates the discount
// again with its codes.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { launchBrowser, newMerchantPage, screenshot, watchConsole } from "./browser";
import type { EmulatorState } from "../../emulator/src/state";

const SHOP = "us-store.myshopify.com";
const CODES = ["DRIFT-ANNA", "DRIFT-BEN"];

describe("R37: drift seen and reverted in the admin", () => {
  let db: PrismaClient;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let offerId: string;
  const app = (): FrameLocator => page.frameLocator("#app-frame");
  const emulator = (path: string, body?: unknown) =>
    fetch(
      `${inject("emulatorUrl")}/_emulator/${path}`,
      body === undefined
        ? {}
        : {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(body),
          },
    );
  const home = async () => {
    await page.goto(`${inject("emulatorUrl")}/store/us-store/apps/creator-codes`);
    await app().getByText("Currency:").waitFor({ timeout: 30_000 });
  };
  const discountsHolding = async () => {
    const state = (await (await emulator("state")).json()) as EmulatorState;
    return Object.values(state.shops[SHOP]!.discounts).filter((d) => d.codes.some((c) => CODES.includes(c.code)));
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newMerchantPage(browser);
    errors = watchConsole(page);
    await home(); // the app has the store's offline token once a merchant opened it
    const { createPrismaClient } = await import("~/db.server");
    db = createPrismaClient(inject("databaseUrl"));
    const { generateCodesForMembers } = await import("~/services/generation.server");
    const offer = await db.offer.create({
      data: {
        shop: SHOP,
        name: "Drift offer",
        payoutType: "FLAT",
        payoutFlatCents: 500,
        groupName: "Drift offer codes",
        discountType: "PERCENTAGE",
        discountPercent: 15,
        startsAt: new Date(Date.now() - 86400_000),
      },
    });
    offerId = offer.id;
    const members = await Promise.all(
      [
        ["Anna", "Drift"],
        ["Ben", "Drift"],
      ].map(([firstName, lastName]) =>
        db.member.create({
          data: {
            shop: SHOP,
            firstName: firstName!,
            lastName: lastName!,
            email: `${firstName!.toLowerCase()}@drift.example`,
          },
        }),
      ),
    );
    const r = await generateCodesForMembers(db, {
      shop: SHOP,
      actor: "user:e2e",
      offerId,
      items: members.map((m, i) => ({ memberId: m.id, code: CODES[i]! })),
    });
    expect(r.ok).toBe(true);
    for (const deadline = Date.now() + 30_000; (await db.promoCode.count({ where: { offerId, status: "ACTIVE" } })) < 2;) {
      if (Date.now() > deadline) throw new Error("the app's sync worker did not create the codes");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  afterAll(async () => {
    await browser?.close();
    await db?.$disconnect();
  });

  it("R37: the deleted discount shows as Needs attention; the drift list reverts it and the codes work again", async () => {
    const [discount] = await discountsHolding();
    const deleted = await emulator(`shops/us-store/discounts/${discount!.id}/delete`, {});
    expect(deleted.status).toBe(200);
    expect(await discountsHolding()).toEqual([]);
    // discounts/delete → the app's queue → the drift pass reads the discount by id.
    await expect
      .poll(
        () =>
          db.driftItem.count({
            where: { offerId, status: "OPEN", kind: "DISCOUNT_DELETED" },
          }),
        { timeout: 30_000 },
      )
      .toBe(1);

    await home();
    const banner = app().getByTestId("drift-banner");
    await banner.getByText("Needs attention").waitFor({ timeout: 15_000 });
    await screenshot(page, "drift-home-banner");
    await banner.getByRole("link", { name: "Drift offer" }).click();
    await app().getByRole("heading", { name: "Changes made in Shopify" }).waitFor();
    const item = app().getByTestId("drift-item").first();
    await item.getByText("Discount deleted").waitFor();
    await item.getByText("Discount with 2 codes").waitFor();
    await screenshot(page, "drift-list");
    await item.getByRole("button", { name: "Revert" }).click();
    await app().getByText("Reverted", { exact: true }).waitFor({ timeout: 45_000 });
    await screenshot(page, "drift-reverted");

    const [again] = await discountsHolding();
    expect(again!.codes.map((c) => c.code).sort()).toEqual(CODES);
    expect(
      await db.auditEntry.count({
        where: { shop: SHOP, action: "drift.revert" },
      }),
    ).toBe(1);
    // The offer's page no longer asks for attention.
    await app().getByRole("link", { name: "Drift offer" }).first().click();
    await app().getByRole("heading", { name: "Drift offer" }).waitFor();
    expect(await app().getByTestId("drift-banner").count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
