// Issue 14 in the browser: an order with two members' codes becomes two conversions whose sales
// add up to the order's; the month is closed; a refund after the close leaves the closed
// statement as it was and shows as a correction line in the next open month's statement.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { launchBrowser, newMerchantPage, screenshot, watchConsole } from "./browser";

const SHOP = "us-store.myshopify.com";
type Order = { id: number; admin_graphql_api_id: string; subtotal_price: string; name: string };

describe("issue 14: conversions that add up, statements, corrections (R12, R40)", () => {
  let db: PrismaClient;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let offerId: string;
  let order: Order;
  const app = (): FrameLocator => page.frameLocator("#app-frame");
  const emulator = (path: string, body: unknown) =>
    fetch(`${inject("emulatorUrl")}/_emulator/${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const open = async (section: string) => {
    await page.goto(`${inject("emulatorUrl")}/store/us-store/apps/creator-codes`);
    await app().getByText("Currency:").waitFor({ timeout: 30_000 });
    await page.locator("#app-nav a", { hasText: section }).click();
  };
  const period = new Date().toISOString().slice(0, 7);
  const next = (() => {
    const [y, m] = period.split("-").map(Number) as [number, number];
    return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  })();

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newMerchantPage(browser);
    errors = watchConsole(page);
    await open("Offers"); // the app has the store's offline token once a merchant opened it
    const { createPrismaClient } = await import("~/db.server");
    db = createPrismaClient(inject("databaseUrl"));
    const { generateCodesForMembers } = await import("~/services/generation.server");
    // An order-level offer whose codes combine (per-code dates: one Shopify discount per code, as
    // two codes of one discount never apply together), two members; the app's sync worker creates the codes in the store.
    const offer = await db.offer.create({
      data: {
        shop: SHOP,
        name: "Payout split",
        payoutType: "BOTH",
        payoutFlatCents: 100,
        payoutPercent: 10,
        groupName: "Payout split codes",
        discountType: "PERCENTAGE",
        discountPercent: 10,
        combinesWithOrder: true,
        datesMode: "PER_CODE",
        startsAt: new Date(Date.now() - 86400_000),
      },
    });
    offerId = offer.id;
    const members = await Promise.all(
      [
        ["Ivy", "Split"],
        ["Jon", "Split"],
      ].map(([firstName, lastName]) => db.member.create({ data: { shop: SHOP, firstName: firstName!, lastName: lastName!, email: `${firstName!.toLowerCase()}@split.example` } })),
    );
    const r = await generateCodesForMembers(db, {
      shop: SHOP,
      actor: "user:e2e",
      offerId,
      items: [
        { memberId: members[0]!.id, code: "IVY-SPLIT" },
        { memberId: members[1]!.id, code: "JON-SPLIT" },
      ],
      startsAt: new Date(Date.now() - 86400_000),
      endsAt: null,
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

  it("R12/R27: an order with both members' codes shows as two conversions whose sales add up to the order's", async () => {
    const res = await emulator(`shops/${SHOP}/orders`, { lines: [{ quantity: 2 }, { quantity: 1 }], discountCodes: ["IVY-SPLIT", "JON-SPLIT"], email: "buyer@split.example" });
    expect(res.status, await res.clone().text()).toBe(200);
    order = ((await res.json()) as { order: Order }).order;
    await expect.poll(() => db.conversion.count({ where: { orderId: order.admin_graphql_api_id } }), { timeout: 20_000 }).toBe(2);

    await open("Offers");
    await app().getByText("Payout split").click();
    await app().getByRole("link", { name: "Performance" }).first().click();
    await app().getByLabel("Include test orders").waitFor();
    await screenshot(page, "offer-dashboard-money-notices");
    await app().getByRole("link", { name: "All conversions" }).click();
    await app().getByRole("heading", { name: "Conversions" }).waitFor();
    const sales = await app().getByTestId("sale").allTextContents();
    expect(sales).toHaveLength(2);
    const cents = sales.map((s) => Math.round(Number(s.split(" ")[0]) * 100));
    expect(cents[0]! + cents[1]!).toBe(Math.round(Number(order.subtotal_price) * 100));
    await app()
      .getByText(/split by lines/)
      .first()
      .waitFor();
    await screenshot(page, "conversions-two-codes");
  });

  it("R40: closing the month freezes its statement; a refund after the close is a correction in the next month's statement", async () => {
    await open("Payouts");
    await app().getByTestId(`statement-${period}`).click();
    await app()
      .getByRole("row", { name: /Ivy Split/ })
      .waitFor();
    const before = await app()
      .getByRole("row", { name: /Ivy Split/ })
      .textContent();
    await screenshot(page, "payouts-statement-open");
    await app().getByRole("button", { name: "Close period" }).click();
    await app().getByRole("dialog").getByRole("button", { name: "Close period" }).click();
    await app().getByText("Closed: this statement is frozen").waitFor();

    const refunded = (Number(order.subtotal_price) / 2).toFixed(2);
    expect((await emulator(`shops/${SHOP}/orders/${order.id}/refund`, { amount: refunded })).status).toBe(200);
    await expect.poll(() => db.conversionAdjustment.count({ where: { kind: "REFUND", conversion: { orderId: order.admin_graphql_api_id } } }), { timeout: 20_000 }).toBe(2);

    await open("Payouts");
    await app().getByTestId(`statement-${period}`).click();
    await app().getByText("Closed: this statement is frozen").waitFor();
    expect(
      await app()
        .getByRole("row", { name: /Ivy Split/ })
        .textContent(),
    ).toBe(before); // unchanged
    await screenshot(page, "payouts-statement-closed");

    await page.locator("#app-nav a", { hasText: "Payouts" }).click();
    await app().getByTestId(`statement-${next}`).waitFor();
    await screenshot(page, "payouts-list");
    await app().getByTestId(`statement-${next}`).click();
    const corrections = app().getByTestId("corrections");
    await corrections
      .getByRole("row", { name: /Refund/ })
      .first()
      .waitFor();
    expect(await corrections.getByRole("row", { name: /Refund/ }).count()).toBe(2);
    expect(await corrections.getByRole("link", { name: `${period} statement` }).count()).toBe(2);
    expect(await corrections.getByRole("link", { name: order.name }).count()).toBe(2);
    await screenshot(page, "payouts-statement-corrections");

    // The closed month can be exported and marked as paid.
    await corrections
      .getByRole("link", { name: `${period} statement` })
      .first()
      .click();
    await app().getByLabel("Payment reference").fill("BATCH-2026-11");
    await app().getByRole("button", { name: "Mark as paid" }).click();
    await app().getByText("Paid · reference BATCH-2026-11").waitFor();
    const download = page.waitForEvent("download");
    await app().getByRole("button", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`payouts-${period}.csv`);
    await screenshot(page, "payouts-statement-paid");
    expect(errors).toEqual([]);
  });
});
