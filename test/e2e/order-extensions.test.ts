// Issue 19 in the browser (R41, R40, R30): the emulator's admin shows an order its checkout
// created, with the app's built admin UI extensions on the order page (the "Creator Codes" block
// and the "Creator attribution" action, run by the emulator's stand-in runtime, calling the app
// with a session token across origins). A member's order is excluded with a reason and the offer
// dashboard's payouts drop by its payout; a code-less order is attributed to a member and shows
// on the member's dashboard.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { launchBrowser, newMerchantPage, screenshot, watchConsole } from "./browser";

const SHOP = "us-store.myshopify.com";
type Order = { admin_graphql_api_id: string; subtotal_price: string; name: string };

describe("issue 19: the order page's admin extensions in the emulator's admin (R41, R40, R30)", () => {
  let db: PrismaClient;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let offerId: string;
  let kimId: string;
  let leeId: string;
  const emulatorUrl = () => inject("emulatorUrl");
  const block = (): FrameLocator => page.frameLocator('iframe[data-extension="order-creator-block"]');
  const action = (): FrameLocator => page.frameLocator("#action-modal iframe");
  const app = (): FrameLocator => page.frameLocator("#app-frame");
  const usd = (cents: number) => `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

  async function placeOrder(code?: string): Promise<Order> {
    const res = await fetch(`${emulatorUrl()}/_emulator/shops/${SHOP}/orders`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ lines: [{ quantity: 3 }], ...(code ? { discountCode: code } : {}) }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as { order: Order }).order;
  }
  /** The emulator's admin: Orders, then the order's page. */
  async function openOrder(order: Order) {
    await page.goto(`${emulatorUrl()}/store/us-store/orders`);
    await page.getByRole("link", { name: order.name, exact: true }).click();
    await page.getByRole("heading", { name: order.name }).waitFor();
  }
  async function dashboardPayouts(path: string): Promise<string> {
    await page.goto(`${emulatorUrl()}/store/us-store/apps/creator-codes/${path}`);
    return (await app().getByTestId("total-payouts").textContent({ timeout: 30_000 })) ?? "";
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newMerchantPage(browser);
    errors = watchConsole(page);
    // The app has the store's offline token (its sync worker creates the codes) once a merchant opened it.
    await page.goto(`${emulatorUrl()}/store/us-store/apps/creator-codes`);
    await page.locator("#app-nav a").first().waitFor({ timeout: 30_000 });
    const { createPrismaClient } = await import("~/db.server");
    db = createPrismaClient(inject("databaseUrl"));
    const { generateCodesForMembers } = await import("~/services/generation.server");
    const offer = await db.offer.create({
      data: {
        shop: SHOP,
        name: "Extension launch",
        payoutType: "BOTH",
        payoutFlatCents: 150,
        payoutPercent: 10,
        groupName: "Extension launch codes",
        discountType: "PERCENTAGE",
        discountPercent: 10,
        startsAt: new Date(Date.now() - 86400_000),
      },
    });
    offerId = offer.id;
    const [kim, lee] = await Promise.all(
      [
        ["Kim", "Blockley"],
        ["Lee", "Forgotten"],
      ].map(([firstName, lastName]) =>
        db.member.create({ data: { shop: SHOP, firstName: firstName!, lastName: lastName!, email: `${firstName!.toLowerCase()}@extension.example` } }),
      ),
    );
    kimId = kim!.id;
    leeId = lee!.id;
    const r = await generateCodesForMembers(db, {
      shop: SHOP,
      actor: "user:e2e",
      offerId,
      items: [
        { memberId: kimId, code: "KIM-EXT" },
        { memberId: leeId, code: "LEE-EXT" },
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

  it("R41/R40: the block names the member, code and payout of an order placed with a member's code; excluding it with a reason drops the offer's payouts by that payout", async () => {
    const order = await placeOrder("KIM-EXT");
    await expect.poll(() => db.conversion.count({ where: { orderId: order.admin_graphql_api_id } }), { timeout: 20_000 }).toBe(1);
    const conversion = await db.conversion.findFirstOrThrow({ where: { orderId: order.admin_graphql_api_id } });
    const before = await dashboardPayouts(`app/offers/${offerId}/dashboard`);

    await openOrder(order);
    await block().getByText("Kim Blockley").waitFor({ timeout: 30_000 });
    await block().getByText("Extension launch · code KIM-EXT").waitFor();
    await block()
      .getByText(`Sale: ${usd(conversion.saleUsdCents)}`)
      .waitFor();
    await block()
      .getByText(`Payout: ${usd(conversion.payoutCents)}`)
      .waitFor();
    await block().getByText("Counted").waitFor();
    await screenshot(page, "order-block-counted");

    await page.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: "Creator attribution" }).click();
    await action().getByText("Creator attribution").first().waitFor();
    await action().getByLabel("Reason").fill("Employee order");
    await screenshot(page, "order-action-exclude");
    await action().getByRole("button", { name: "Exclude from payouts" }).click();
    // The modal closes and the block reloads with the change.
    await block().getByText("Excluded: Employee order").waitFor({ timeout: 20_000 });
    await block().getByText("Payout: $0.00").waitFor();
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "conversion.exclude", subject: `conversion:${conversion.id}` } });
    expect(JSON.parse(audit.details)).toMatchObject({ reason: "Employee order" });

    const after = await dashboardPayouts(`app/offers/${offerId}/dashboard`);
    const cents = (s: string) => Math.round(Number(s.replace(/[$,]/g, "")) * 100);
    expect(cents(before) - cents(after)).toBe(conversion.payoutCents);
  });

  it("R41/R30: a code-less order says so; attributed to a member of the offer with a reason, it shows in the block and on the member's dashboard", async () => {
    const order = await placeOrder();
    await expect.poll(() => db.webhookDelivery.count({ where: { orderId: order.admin_graphql_api_id, status: "DONE" } }), { timeout: 20_000 }).toBe(1);
    await openOrder(order);
    await block().getByText("No creator code was used on this order.").waitFor({ timeout: 30_000 });

    await page.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: "Creator attribution" }).click();
    await action().getByText("This order used no creator code", { exact: false }).waitFor();
    // Other browser tests share the database: this store has their offers too.
    await action().getByLabel("Offer", { exact: true }).selectOption({ label: "Extension launch" });
    await action().getByLabel("Find a member").fill("Lee");
    await action().getByLabel("Member", { exact: true }).selectOption({ label: "Lee Forgotten (LEE-EXT)" });
    await action().getByLabel("Reason").fill("Customer forgot the code");
    await action().getByRole("button", { name: "Attribute order" }).click();
    await block().getByText("Lee Forgotten").waitFor({ timeout: 20_000 });
    await block().getByText("Attributed by hand").waitFor();
    const conversion = await db.conversion.findFirstOrThrow({ where: { orderId: order.admin_graphql_api_id }, include: { adjustments: true } });
    const payout = conversion.adjustments.find((a) => a.kind === "ATTRIBUTE")!.payoutCents;
    await block()
      .getByText(`Payout: ${usd(payout)}`)
      .waitFor();
    await screenshot(page, "order-block-attributed");

    // The block's link opens the member's dashboard in the app (the `app:` protocol).
    await block().getByText("Open the member's dashboard").click();
    await page.waitForURL(`**/store/us-store/apps/creator-codes/app/members/${leeId}/dashboard`);
    await expect.poll(() => app().getByTestId("total-conversions").textContent({ timeout: 30_000 })).toBe("1");
    expect(await app().getByTestId("total-payouts").textContent()).toBe(usd(payout));
    expect(errors).toEqual([]);
  });
});
