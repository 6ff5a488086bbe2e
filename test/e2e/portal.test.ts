import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import type { Browser, BrowserContext, FrameLocator, Page } from "playwright-core";
import { launchBrowser, MERCHANT_USER_AGENT, screenshot, watchConsole } from "./browser";

// The creator portal (R31) end to end, on the production build: the merchant gets the link on the
// member's page in the admin; the member opens it on a phone (390 × 844), copies the code and
// sees the chart; the page loads no admin bundles; revoking shows the invalid-link page.
const SHOP = "us-store.myshopify.com";
const PHONE_UA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36";
const DAY = 86_400_000;

describe("R31: the creator portal, from the member's page to a phone", () => {
  let browser: Browser;
  let db: PrismaClient;
  let admin: Page;
  let app: FrameLocator;
  let adminErrors: string[];
  let phone: BrowserContext;
  let link = "";
  const sales = [12_500, 8_000, 4_250]; // USD cents, one conversion each; the last one refunded by 1,000
  const REFUND = 1_000;

  beforeAll(async () => {
    const { createPrismaClient } = await import("~/db.server");
    db = createPrismaClient(inject("databaseUrl"));
    const project = await db.project.create({ data: { shop: SHOP, name: "Portal creators" } });
    const member = await db.member.create({
      data: { shop: SHOP, firstName: "Paula", lastName: "Portal", email: "paula@creators.example", projects: { create: { projectId: project.id } } },
    });
    const offer = await db.offer.create({
      data: {
        shop: SHOP,
        name: "Phone launch",
        payoutType: "FLAT",
        payoutFlatCents: 750,
        groupName: "Phone launch codes",
        discountType: "PERCENTAGE",
        discountPercent: 15,
        startsAt: new Date(Date.now() - 30 * DAY),
      },
    });
    const om = await db.offerMember.create({ data: { offerId: offer.id, memberId: member.id } });
    const code = await db.promoCode.create({
      data: {
        shop: SHOP,
        offerId: offer.id,
        offerMemberId: om.id,
        memberId: member.id,
        code: "PAULA15",
        codeKey: "PAULA15",
        status: "ACTIVE",
        startsAt: new Date(Date.now() - 30 * DAY),
      },
    });
    for (const [i, cents] of sales.entries()) {
      const c = await db.conversion.create({
        data: {
          store: SHOP,
          shop: SHOP,
          offerId: offer.id,
          memberId: member.id,
          promoCodeId: code.id,
          code: "PAULA15",
          orderId: `gid://shopify/Order/77${i}`,
          orderName: `#77${i}`,
          currency: "USD",
          saleCents: cents,
          saleUsdCents: cents,
          rateUnitsPerUsd: 1,
          rateDay: "2026-11-01",
          rateSource: "test",
          payoutCents: 750,
          discountedItems: 1,
          occurredAt: new Date(Date.now() - (9 - 3 * i) * DAY),
        },
      });
      if (i === sales.length - 1)
        await db.conversionAdjustment.create({
          data: { conversionId: c.id, kind: "REFUND", sourceId: "r1", saleCents: -REFUND, saleUsdCents: -REFUND, payoutCents: 0, occurredAt: new Date() },
        });
    }
    browser = await launchBrowser();
    const context = await browser.newContext({ userAgent: MERCHANT_USER_AGENT, viewport: { width: 1280, height: 900 }, permissions: ["clipboard-read", "clipboard-write"] });
    admin = await context.newPage();
    adminErrors = watchConsole(admin);
    await admin.goto(`${inject("emulatorUrl")}/store/us-store/apps/creator-codes`);
    app = admin.frameLocator("#app-frame");
    await app.getByText("Currency: USD").waitFor({ timeout: 30_000 });
    phone = await browser.newContext({
      userAgent: PHONE_UA,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      permissions: ["clipboard-read", "clipboard-write"],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await db?.$disconnect();
  });

  it("the merchant creates the member's portal link on their page and copies it", async () => {
    await admin.locator("#app-nav a", { hasText: "Projects" }).click();
    await app.getByText("Portal creators").click();
    await app.getByRole("cell", { name: "Paula Portal" }).click();
    await app.getByRole("heading", { name: "Creator portal" }).waitFor();
    await app.getByLabel("Link expires").selectOption("90");
    await app.getByRole("button", { name: "Create portal link" }).click();
    const field = app.getByLabel("Portal link");
    await field.waitFor();
    link = await field.inputValue();
    expect(link).toMatch(new RegExp(`^${inject("appUrl")}/portal/[A-Za-z0-9_-]{43}$`));
    expect(await app.getByText(/Expires /).count()).toBe(1);
    await app.getByRole("button", { name: "Copy link" }).click();
    await expect.poll(() => admin.locator("#toasts").textContent()).toContain("Portal link copied");
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await screenshot(admin, "portal-member-page");
    expect(adminErrors).toEqual([]);
  });

  it("the member opens it on a phone: codes, numbers, chart; copies the code; no admin bundles, no framing", async () => {
    const page = await phone.newPage();
    const errors = watchConsole(page);
    const requests: { url: string; type: string }[] = [];
    page.on("request", (r) => requests.push({ url: r.url(), type: r.resourceType() }));
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    const headers = response!.headers();
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("no-referrer");
    expect(headers["x-robots-tag"]).toContain("noindex");
    expect(await page.locator('meta[name="robots"]').getAttribute("content")).toContain("noindex");

    await page.getByRole("heading", { name: "Paula Portal", level: 1 }).waitFor();
    expect(await page.getByTestId("current-code").textContent()).toBe("PAULA15");
    expect(await page.getByText("Active", { exact: true }).count()).toBe(1);
    const net = sales.reduce((n, c) => n + c, 0) - REFUND;
    const usd = (cents: number) => `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    expect(await page.getByTestId("total-conversions").textContent()).toBe(String(sales.length));
    expect(await page.getByTestId("total-sales").textContent()).toBe(usd(net));
    expect(await page.getByTestId("total-payouts").textContent()).toBe(usd(sales.length * 750));

    // Copy by tapping, then by keyboard.
    const copy = page.getByRole("button", { name: "Copy code PAULA15" });
    await copy.tap();
    await expect.poll(() => page.getByRole("status").first().textContent()).toBe("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("PAULA15");
    await page.evaluate(() => navigator.clipboard.writeText(""));
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (let i = 0; i < 10 && !(await page.evaluate(() => document.activeElement?.hasAttribute("data-copy"))); i++) await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe("PAULA15");

    const chart = page.getByTestId("sales-chart");
    await chart.scrollIntoViewIfNeeded();
    expect(await chart.isVisible()).toBe(true);
    expect(await chart.locator("rect.bar[height]:not([height='0'])").count()).toBe(sales.length);
    // Phone-first: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Server-rendered HTML and CSS: the one script is the copy buttons'; no Remix, React, Polaris or App Bridge.
    const scripts = requests.filter((r) => r.type === "script").map((r) => new URL(r.url).pathname);
    expect(scripts).toEqual(["/portal-copy.js"]);
    const styles = requests.filter((r) => r.type === "stylesheet").map((r) => new URL(r.url).pathname);
    expect(styles).toHaveLength(1);
    expect(styles[0]).toMatch(/^\/assets\/portal-[\w-]+\.css$/);
    expect(requests.filter((r) => new URL(r.url).origin !== new URL(link).origin)).toEqual([]);
    await screenshot(page, "portal-phone");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("?shop= cannot turn the portal into an embeddable page", async () => {
    const res = await fetch(`${link}?shop=${SHOP}&embedded=1`, { headers: { "User-Agent": PHONE_UA } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("link")).toBeNull();
  });

  it("revoke and issue a new link: the old URL shows only the invalid-link page, the new one works", async () => {
    await app.getByRole("button", { name: "Revoke and issue a new link…" }).click();
    await app.getByRole("button", { name: "Revoke and issue new link" }).click();
    await expect.poll(() => app.getByLabel("Portal link").inputValue()).not.toBe(link);
    const fresh = await app.getByLabel("Portal link").inputValue();
    const page = await phone.newPage();
    const old = await page.goto(link);
    expect(old?.status()).toBe(404);
    await page.getByRole("heading", { name: "This link is no longer valid" }).waitFor();
    const body = (await page.locator("body").textContent()) ?? "";
    for (const leaked of ["Paula", "PAULA15", "Phone launch", "us-store"]) expect(body).not.toContain(leaked);
    await screenshot(page, "portal-invalid-link");
    expect((await page.goto(fresh))?.status()).toBe(200);
    await page.getByRole("heading", { name: "Paula Portal" }).waitFor();
    await page.close();
    expect(adminErrors).toEqual([]);
  });

  it("past the per-IP burst the production server answers 429", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await fetch(`${inject("appUrl")}/portal/${"A".repeat(43)}`)).status);
    expect(statuses).toContain(404);
    expect(statuses.at(-1)).toBe(429);
  });
});
