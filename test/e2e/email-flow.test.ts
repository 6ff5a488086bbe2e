// R18: a merchant emails chosen members of an offer: compose from the default template, preview
// two recipients with their own values, send, watch the statuses, and read the message in the
// demo's local mailbox (the real SMTP server in the emulator process).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { launchBrowser, newMerchantPage, screenshot, watchConsole } from "./browser";

const SHOP = "us-store.myshopify.com";

interface ReceivedMail {
  envelopeTo: string[];
  subject: string;
  text: string;
  html: string;
}

async function mailbox(): Promise<ReceivedMail[]> {
  return ((await (await fetch(`${inject("emulatorUrl")}/mailbox/api/messages`)).json()) as { messages: ReceivedMail[] }).messages;
}

describe("R18: emailing members from an offer", () => {
  let db: PrismaClient;
  let browser: Browser;
  let page: Page;
  let app: FrameLocator;
  let errors: string[];
  let offerId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const { createPrismaClient } = await import("~/db.server");
    db = createPrismaClient(inject("databaseUrl"));
    const offer = await db.offer.create({
      data: {
        shop: SHOP,
        name: "Email launch",
        payoutType: "FLAT",
        payoutFlatCents: 500,
        groupName: "Email launch codes",
        discountType: "PERCENTAGE",
        discountPercent: 15,
        startsAt: new Date("2026-12-01T00:00:00Z"),
        endsAt: new Date("2027-01-31T00:00:00Z"),
      },
    });
    offerId = offer.id;
    const people = [
      ["Ines", "Moreau", "ines.moreau@creators.example", "INES15"],
      ["Jonah", "Kim", "jonah.kim@creators.example", "JONAH15"],
      ["Kofi", "Mensah", "kofi.mensah@creators.example", "KOFI15"],
      ["Lena", "Noemail", "", "LENA15"],
    ] as const;
    for (const [firstName, lastName, email, code] of people) {
      const member = await db.member.create({ data: { shop: SHOP, firstName, lastName, email } });
      const om = await db.offerMember.create({ data: { offerId, memberId: member.id } });
      await db.promoCode.create({
        data: { shop: SHOP, offerId, offerMemberId: om.id, memberId: member.id, code, codeKey: code, status: "ACTIVE", startsAt: offer.startsAt, endsAt: offer.endsAt },
      });
      ids[firstName] = member.id;
    }
    browser = await launchBrowser();
    page = await newMerchantPage(browser);
    errors = watchConsole(page);
    await page.goto(`${inject("emulatorUrl")}/store/us-store/apps/creator-codes`);
    app = page.frameLocator("#app-frame");
    await app.getByText("Currency: USD").waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await db?.$disconnect();
  });

  it("R18: Settings › Email says where mail goes and sends a test email to the local mailbox", async () => {
    await page.locator("#app-nav a", { hasText: "Email" }).click();
    await app.getByText("Using the app's default SMTP server").waitFor();
    await app.getByLabel("Send to").fill("owner@brand.example");
    await app.getByRole("button", { name: "Send test email" }).click();
    await app.getByText(/^Sent to owner@brand\.example\. The server answered: 250/).waitFor();
    await screenshot(page, "email-settings");
    expect((await mailbox()).some((m) => m.envelopeTo[0] === "owner@brand.example" && m.subject === "Creator Codes: test email")).toBe(true);
  });

  it("R18: the offer's Email members opens a compose for its members; members without an email are listed as skipped", async () => {
    await page.locator("#app-nav a", { hasText: "Offers" }).click();
    await app.getByText("Email launch").click();
    await app.getByRole("heading", { name: "Email launch" }).waitFor();
    await app
      .getByRole("link", { name: "Email members" })
      .or(app.getByRole("button", { name: "Email members" }))
      .first()
      .click();
    await app.getByText("3 members will get this email.").waitFor();
    await app.getByText("Lena Noemail: no email address").waitFor();
  });

  it("R18: chosen members: compose, preview two with their own values, send, see the statuses and the message in the mailbox", async () => {
    // The compose route with the chosen members (what the offer table's selection opens).
    const frame = page.frames().find((f) => f.url().startsWith(inject("appUrl")))!;
    await frame.evaluate(
      (url) => (window as unknown as { __remixRouter: { navigate: (to: string) => Promise<void> } }).__remixRouter.navigate(url),
      `/app/offers/${offerId}/email?members=${ids.Ines},${ids.Kofi},${ids.Lena}&kind=new_code`,
    );
    await app.getByText("2 members will get this email.").waitFor();
    await app.getByText("1 member will be skipped").waitFor();
    expect(await app.getByLabel("Subject").inputValue()).toBe("Your code for {OFFER}: {CODE}");

    // An unknown token is refused by name, and sending is blocked until it is fixed.
    await app.getByLabel("Subject").fill("Your code {CODE} for {OFFER_NAME}");
    await app.getByText(/Unknown token \{OFFER_NAME\}/).waitFor();
    expect(await app.getByRole("button", { name: "Send to 2 members" }).isDisabled()).toBe(true);
    await app.getByLabel("Subject").fill("{FIRST_NAME}, your code for {OFFER}: {CODE}");

    const preview = app.frameLocator('iframe[title="Email preview"]');
    await app.getByText("Recipient 1 of 2").waitFor();
    await app.getByText("To: Ines Moreau <ines.moreau@creators.example>").waitFor();
    await app.getByText("Ines, your code for Email launch: INES15").waitFor();
    await preview.getByText(/Your personal promo code for Email launch is INES15\./).waitFor();
    await screenshot(page, "email-compose-preview-1");
    await app.getByRole("button", { name: "Next recipient" }).click();
    await app.getByText("Recipient 2 of 2").waitFor();
    await app.getByText("Kofi, your code for Email launch: KOFI15").waitFor();
    await preview.getByText(/Your personal promo code for Email launch is KOFI15\. It gives your audience 15% off and works from Dec 1, 2026 to Jan 31, 2027\./).waitFor();
    await screenshot(page, "email-compose-preview-2");

    await app.getByRole("button", { name: "Send to 2 members" }).click();
    await app.getByText("2 emails queued").waitFor();
    await expect.poll(() => app.locator('[data-status="SENT"]').count(), { timeout: 20_000 }).toBe(2);
    await app.getByText("2 sent").waitFor();
    await screenshot(page, "email-sent-statuses");

    const received = (await mailbox()).filter((m) => m.subject.includes("Email launch"));
    expect(received.map((m) => m.envelopeTo[0]).sort()).toEqual(["ines.moreau@creators.example", "kofi.mensah@creators.example"]);
    expect(received.find((m) => m.envelopeTo[0] === "kofi.mensah@creators.example")!.text).toContain("KOFI15");

    // The demo's mailbox page shows what a creator got.
    const box = await browser.newPage();
    await box.goto(`${inject("emulatorUrl")}/mailbox`);
    await box.getByRole("link", { name: "Kofi, your code for Email launch: KOFI15" }).click();
    await box.getByRole("heading", { name: "Kofi, your code for Email launch: KOFI15" }).waitFor();
    await box
      .frameLocator('iframe[title="HTML part"]')
      .getByText(/is KOFI15\./)
      .waitFor();
    await screenshot(box, "mailbox-message");
    await box.goto(`${inject("emulatorUrl")}/mailbox`);
    await screenshot(box, "mailbox");
    await box.close();

    // The member's own list shows the message too.
    await frame.evaluate(
      (url) => (window as unknown as { __remixRouter: { navigate: (to: string) => Promise<void> } }).__remixRouter.navigate(url),
      `/app/members/${ids.Kofi}/emails`,
    );
    await app.getByText("Kofi, your code for Email launch: KOFI15").waitFor();
    await screenshot(page, "email-member-list");

    // From the member's profile: compose for that member alone.
    await frame.evaluate((url) => (window as unknown as { __remixRouter: { navigate: (to: string) => Promise<void> } }).__remixRouter.navigate(url), `/app/members/${ids.Jonah}`);
    await app.getByRole("link", { name: "Email this member" }).click();
    await app.getByText("1 member will get this email.").waitFor();
    await app.getByText("To: Jonah Kim <jonah.kim@creators.example>").waitFor();
    await screenshot(page, "email-compose-from-profile");
    expect(errors).toEqual([]);
  });
});
