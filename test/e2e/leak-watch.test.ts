// Leak watch in the browser (R39): a burst of orders at the emulator's checkout on one member's
// code reaches the app as webhooks, the code is flagged; the merchant sees the flag on the home
// page, opens its evidence, and refreshes the code in one click: the old code no longer works.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { launchBrowser, newMerchantPage, screenshot, watchConsole } from "./browser";
import type { EmulatorState } from "../../emulator/src/state";

const SHOP = "us-store.myshopify.com";

describe("R39: a leaked code is flagged and refreshed in one click", () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let db: PrismaClient;
  let offerId: string;
  const app = (): FrameLocator => page.frameLocator("#app-frame");
  const emulator = (path: string, body: unknown) =>
    fetch(`${inject("emulatorUrl")}/_emulator/${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const home = async () => {
    await page.goto(`${inject("emulatorUrl")}/store/us-store/apps/creator-codes`);
    await app().getByText("Currency:").waitFor({ timeout: 30_000 });
  };
  const until = async (what: string, check: () => Promise<boolean>, ms = 30_000) => {
    for (const deadline = Date.now() + ms; !(await check());) {
      if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
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
        name: "Leak watch launch",
        payoutType: "FLAT",
        payoutFlatCents: 500,
        groupName: "Leak watch codes",
        discountType: "PERCENTAGE",
        discountPercent: 15,
        startsAt: new Date(Date.now() - 7 * 86400_000),
      },
    });
    offerId = offer.id;
    const member = await db.member.create({ data: { shop: SHOP, firstName: "Lena", lastName: "Leak", email: "lena@leak.example" } });
    const r = await generateCodesForMembers(db, { shop: SHOP, actor: "user:e2e", offerId, items: [{ memberId: member.id, code: "LENA-LEAK" }] });
    expect(r.ok).toBe(true);
    await until("the app's sync worker creates the code", async () => (await db.promoCode.count({ where: { offerId, status: "ACTIVE" } })) === 1);
  });
  afterAll(async () => {
    await browser?.close();
    await db?.$disconnect();
  });

  it("R39: a burst at checkout flags the code on the home page with its evidence; one click refreshes it and the old code stops working", async () => {
    // 13 buyers in 26 minutes, in the last half hour.
    const start = Date.now() - 30 * 60_000;
    for (let i = 0; i < 13; i++) {
      const res = await emulator(`shops/${SHOP}/orders`, {
        lines: [{ quantity: 1 }],
        discountCode: "LENA-LEAK",
        email: `deal-${i}@forum.example`,
        createdAt: new Date(start + i * 2 * 60_000).toISOString(),
        country: i % 2 ? "DE" : "US",
      });
      expect(res.status).toBe(200);
    }
    await until("the orders are counted and judged", async () => (await db.leakFlag.count({ where: { offerId, status: "OPEN" } })) === 1);

    await home();
    const card = app().getByText("Leak watch", { exact: true });
    await card.waitFor();
    await app().getByText("1 code used far above normal").waitFor();
    await app().getByText("13 uses in one hour by 13 customers", { exact: false }).waitFor();
    await screenshot(page, "leak-flag-home");

    // The evidence: the chart and the window's orders.
    await app().getByRole("link", { name: "Evidence" }).click();
    await app().getByTestId("leak-chart").waitFor();
    expect(await app().getByRole("row").count()).toBe(14); // heading + 13 orders
    expect(await app().getByRole("cell", { name: "DE", exact: true }).count()).toBe(6); // the buyers from Germany
    await screenshot(page, "leak-evidence");

    await app().getByRole("button", { name: "Refresh code LENA-LEAK" }).click();
    await app()
      .getByText(/LENA-LEAK is being replaced by .+ in every store\./)
      .waitFor();
    await until("the new code is live and the old one retired", async () => (await db.promoCode.findFirst({ where: { code: "LENA-LEAK" } }))?.status === "RETIRED");
    const fresh = await db.promoCode.findFirstOrThrow({ where: { offerId, current: true } });
    expect(fresh.code).not.toBe("LENA-LEAK");
    // The old code is removed from the store once its successor is live (decision 013).
    const codesInStore = async () => {
      const state = (await (await fetch(`${inject("emulatorUrl")}/_emulator/state`)).json()) as EmulatorState;
      return Object.values(state.shops[SHOP]!.discounts)
        .filter((d) => d.title === "Leak watch codes")
        .flatMap((d) => d.codes.map((c) => c.code));
    };
    await expect.poll(codesInStore, { timeout: 30_000 }).toEqual([fresh.code]);
    expect((await emulator(`shops/${SHOP}/orders`, { lines: [{ quantity: 1 }], discountCode: "LENA-LEAK", email: "late@forum.example" })).status).toBe(422);
    await screenshot(page, "leak-refreshed");

    // The offer's page: the flag is handled, nothing unusual is left.
    await home();
    await page.locator("#app-nav a", { hasText: "Offers" }).click();
    await app().getByText("Leak watch launch", { exact: true }).first().click();
    await app().getByText("Leak watch: no unusual use of this offer's codes.").waitFor();
    expect(errors).toEqual([]);
  });
});
