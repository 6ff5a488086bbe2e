// Issue 23 (R42) in the browser: ca-store grants us-store, which syncs an offer into it; a CAD order
// in ca-store; ca-store's own admin shows the offer read-only with its codes and the conversion
// in CAD and USD; ca-store revokes with "deactivate here" and the codes stop in ca-store only.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import type { Browser, FrameLocator, Page } from "playwright-core";
import type { EmulatorState } from "../../emulator/src/state";
import { launchBrowser, newMerchantPage, screenshot, watchConsole } from "./browser";

const US = "us-store.myshopify.com";
const CA = "ca-store.myshopify.com";
const TITLE = "Maple launch codes";
type Order = { id: number; admin_graphql_api_id: string; subtotal_price: string; currency: string; name: string };

describe("issue 23: the regional store owner's view (R42)", () => {
  let db: PrismaClient;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let order: Order;
  const app = (): FrameLocator => page.frameLocator("#app-frame");
  const open = async (store: string, section: string) => {
    await page.goto(`${inject("emulatorUrl")}/store/${store}/apps/creator-codes`);
    await app().getByText("Currency:").waitFor({ timeout: 30_000 });
    await page.locator("#app-nav a", { hasText: section }).click();
  };
  const codesIn = async (shop: string) => {
    const state = (await (await fetch(`${inject("emulatorUrl")}/_emulator/state`)).json()) as EmulatorState;
    return Object.values(state.shops[shop]!.discounts)
      .filter((d) => d.title === TITLE)
      .flatMap((d) => d.codes.map((c) => c.code))
      .sort();
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newMerchantPage(browser);
    errors = watchConsole(page);
    const { createPrismaClient } = await import("~/db.server");
    db = createPrismaClient(inject("databaseUrl"));
  });
  afterAll(async () => {
    await browser?.close();
    await db?.$disconnect();
  });

  it("R1a/R42: ca-store grants us-store, which syncs an offer into it, and a CAD order is placed in ca-store", async () => {
    await open("ca-store", "Stores");
    await app().getByRole("button", { name: "Create link code" }).click();
    await app().getByTestId("link-code").waitFor();
    const code = (await app().getByTestId("link-code").textContent())!.trim();
    await open("us-store", "Stores");
    await app().getByLabel("Link code").fill(code);
    await app().getByLabel("Label", { exact: true }).fill("Canada");
    await app().getByRole("button", { name: "Connect store" }).click();
    await app()
      .getByRole("textbox", { name: `Label for ${CA}` })
      .waitFor();

    // The offer and its codes are made through the app's services (the offer form's own flow is
    // sync-flow's); the app's sync worker creates the codes in both stores.
    const { createOffer } = await import("~/services/offers.server");
    const { generateCodesForMembers } = await import("~/services/generation.server");
    const { newOfferValues, parseOfferForm } = await import("~/domain/offers/offer-input");
    const parsed = parseOfferForm({ ...newOfferValues(new Date(Date.now() - 86400_000)), name: "Maple launch", groupName: TITLE, payoutFlatCents: "3", discountPercent: "20" });
    if (!parsed.ok) throw new Error("offer");
    const created = await createOffer(db, {
      shop: US,
      actor: "user:e2e",
      input: parsed.value,
      sync: { syncEnabled: true, stores: [CA], sameValueAcrossStores: false, storePercents: { [CA]: 15 } },
    });
    if (!created.ok) throw new Error("offer not created");
    const members = await Promise.all(
      [
        ["Maple", "Ng"],
        ["Rowan", "Blake"],
      ].map(([firstName, lastName]) => db.member.create({ data: { shop: US, firstName: firstName!, lastName: lastName!, email: `${firstName!.toLowerCase()}@maple.example` } })),
    );
    const r = await generateCodesForMembers(db, {
      shop: US,
      actor: "user:e2e",
      offerId: created.offer.id,
      items: [
        { memberId: members[0]!.id, code: "MAPLE15" },
        { memberId: members[1]!.id, code: "ROWAN15" },
      ],
    });
    expect(r.ok).toBe(true);
    await expect.poll(() => db.promoCode.count({ where: { offerId: created.offer.id, status: "ACTIVE" } }), { timeout: 30_000 }).toBe(2);
    expect(await codesIn(CA)).toEqual(["MAPLE15", "ROWAN15"]);

    const res = await fetch(`${inject("emulatorUrl")}/_emulator/shops/${CA}/orders`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ lines: [{ quantity: 2 }], discountCode: "MAPLE15", email: "buyer@maple.example" }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    order = ((await res.json()) as { order: Order }).order;
    expect(order.currency).toBe("CAD");
    await expect.poll(() => db.conversion.count({ where: { store: CA, orderId: order.admin_graphql_api_id } }), { timeout: 20_000 }).toBe(1);
  });

  it("R42: in ca-store's own admin, Home and Offers show the offer synced from us-store, and its page shows the codes and the conversion in CAD and USD", async () => {
    await page.goto(`${inject("emulatorUrl")}/store/ca-store/apps/creator-codes`);
    await app().getByText("Currency:").waitFor({ timeout: 30_000 });
    await app().getByRole("heading", { name: "Synced from Creator Codes Demo US (us-store)" }).waitFor();
    await app()
      .getByRole("row", { name: /Maple launch/ })
      .waitFor();
    await screenshot(page, "regional-home");

    await page.locator("#app-nav a", { hasText: "Offers" }).click();
    await app().getByRole("heading", { name: "Synced from Creator Codes Demo US (us-store)" }).waitFor();
    const row = app().getByRole("row", { name: /Maple launch/ });
    await row.getByText("15% off").waitFor();
    await row.getByText("In sync").waitFor();
    expect((await row.innerText()).replace(/\s+/g, " ")).toMatch(/^Maple launch 15% off \S+ → no end 2 (Success )?In sync/);
    await app().getByText("Managed in Creator Codes Demo US", { exact: false }).first().waitFor();
    await screenshot(page, "regional-offers");

    await row.getByRole("link", { name: "Maple launch" }).click();
    await app().getByRole("heading", { name: "Maple launch" }).waitFor();
    await app().getByText("Synced from Creator Codes Demo US (us-store.myshopify.com)").waitFor();
    expect(await app().getByTestId("code-here").allTextContents()).toEqual(["MAPLE15", "ROWAN15"]);
    expect(await app().getByText("Active", { exact: true }).count()).toBe(2);
    // No edit controls: nothing here would fail.
    for (const name of ["Edit offer", "Add members", "Deactivate codes", "Activate codes"])
      expect((await app().getByRole("button", { name }).count()) + (await app().getByRole("link", { name }).count())).toBe(0);

    const conversion = await db.conversion.findFirstOrThrow({ where: { store: CA, orderId: order.admin_graphql_api_id } });
    const cad = `${Number(order.subtotal_price).toFixed(2)} CAD`;
    const usd = `$${(conversion.saleUsdCents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    expect(await app().getByTestId("order-sale-local").allTextContents()).toEqual([cad]);
    expect(await app().getByTestId("order-sale-usd").allTextContents()).toEqual([usd]);
    expect(await app().getByTestId("here-sales-CAD").textContent()).toBe(cad);
    expect(await app().getByTestId("here-sales-usd").textContent()).toBe(usd);
    expect(await app().getByTestId("here-conversions").textContent()).toBe("1");
    await screenshot(page, "regional-offer-page");
    expect(errors).toEqual([]);
  });

  it('R42/R1a: ca-store revokes us-store with "deactivate here": the codes stop in ca-store only, and us-store is told', async () => {
    await open("ca-store", "Stores");
    await app().getByRole("heading", { name: "Stores that sync into this one" }).waitFor();
    await app()
      .getByText(/Manages here: \d+ offers?, \d+ codes? live/)
      .waitFor();
    await app().getByRole("button", { name: "Revoke…" }).click();
    await app().getByText("What happens to Creator Codes Demo US's codes in this store?").waitFor();
    await app().getByText("Deactivate them here", { exact: true }).click();
    expect(await app().getByLabel("Deactivate them here").isChecked()).toBe(true);
    await app()
      .getByText(/are deactivated here only\. They keep working in Creator Codes Demo US/)
      .waitFor();
    await screenshot(page, "regional-revoke-confirm");
    await app().getByRole("button", { name: "Revoke and deactivate codes here" }).click();
    await app().getByText("Revoked", { exact: true }).waitFor();

    await expect.poll(() => codesIn(CA), { timeout: 30_000 }).toEqual([]);
    expect(await codesIn(US)).toEqual(["MAPLE15", "ROWAN15"]);

    await page.locator("#app-nav a", { hasText: "Offers" }).click();
    await app()
      .getByRole("row", { name: /Maple launch/ })
      .getByRole("link", { name: "Maple launch" })
      .click();
    await app().getByRole("heading", { name: "Maple launch" }).waitFor();
    await expect.poll(() => app().getByText("Deactivated here", { exact: true }).count(), { timeout: 20_000 }).toBe(2);
    await app()
      .getByText(/You revoked Creator Codes Demo US's access on \d{4}-\d\d-\d\d and deactivated its codes in this store/)
      .waitFor();
    await screenshot(page, "regional-after-revoke");

    // us-store is told, and its own codes are untouched.
    await open("us-store", "Stores");
    await app().getByText("Canada revoked this store's access").waitFor();
    await app()
      .getByText(/Its admin deactivated your \d+ codes? there; they still work in your other stores\./)
      .waitFor();
    await screenshot(page, "primary-told-of-revoke");
    await app().getByRole("button", { name: "Dismiss" }).click();
    await app().getByText("Canada revoked this store's access").waitFor({ state: "detached" });
    expect(errors).toEqual([]);
  });
});
