// #21: archiving an offer from its page: the confirmation says what happens, the job deactivates
// the codes in the store, the offer shows as archived and leaves the default offers list.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, FrameLocator, Page } from "playwright-core";
import type { PrismaClient } from "@prisma/client";
import { launchBrowser, newMerchantPage, screenshot, watchConsole } from "./browser";
import type { EmulatorState } from "../../emulator/src/state";

const SHOP = "us-store.myshopify.com";

describe("#21: archive an offer (confirmation → job → archived)", () => {
  let browser: Browser;
  let page: Page;
  let app: FrameLocator;
  let errors: string[];
  let db: PrismaClient;
  let offerId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newMerchantPage(browser);
    errors = watchConsole(page);
    await page.goto(`${inject("emulatorUrl")}/store/us-store/apps/creator-codes`);
    app = page.frameLocator("#app-frame");
    await app.getByText("Currency: USD").waitFor({ timeout: 30_000 });
    const { createPrismaClient } = await import("~/db.server");
    db = createPrismaClient(inject("databaseUrl"));
    const { generateCodesForMembers } = await import("~/services/generation.server");
    const { createProject, addMemberToProject } = await import("~/services/members.server");
    const offer = await db.offer.create({
      data: {
        shop: SHOP,
        name: "Archive flow",
        payoutType: "FLAT",
        payoutFlatCents: 500,
        groupName: "Archive flow codes",
        discountType: "PERCENTAGE",
        discountPercent: 10,
        startsAt: new Date(Date.now() - 86400_000),
      },
    });
    offerId = offer.id;
    const project = await createProject(db, { shop: SHOP, actor: "user:e2e", name: "Archive flow creators" });
    if (!("project" in project) || !project.project) throw new Error(`project: ${JSON.stringify(project)}`);
    await addMemberToProject(db, {
      shop: SHOP,
      actor: "user:e2e",
      projectId: project.project.id,
      input: { firstName: "Ari", lastName: "Archive", email: "ari.archive@creators.example", handle: "ari_archive" },
    });
    const member = await db.member.findFirstOrThrow({ where: { shop: SHOP, email: "ari.archive@creators.example" } });
    const r = await generateCodesForMembers(db, { shop: SHOP, actor: "user:e2e", offerId, items: [{ memberId: member.id, code: "ARIARCHIVE10" }] });
    if (!r.ok) throw new Error("codes not generated");
  });
  afterAll(async () => {
    await browser?.close();
    await db?.$disconnect();
  });

  const liveCodes = async () => {
    const state = (await (await fetch(`${inject("emulatorUrl")}/_emulator/state`)).json()) as EmulatorState;
    return Object.values(state.shops[SHOP]!.discounts)
      .filter((d) => d.title === "Archive flow codes")
      .flatMap((d) => d.codes.map((c) => c.code));
  };

  it("#21/R24/R38: the confirmation names what is kept, the job deactivates the code, the offer is archived and filtered out", async () => {
    await expect.poll(liveCodes, { timeout: 30_000 }).toEqual(["ARIARCHIVE10"]);
    await page.locator("#app-nav a", { hasText: "Offers" }).click();
    await app.getByRole("link", { name: "Archive flow" }).click();
    await app.getByRole("heading", { name: "Archive flow", level: 1 }).waitFor();
    // The action is in the admin's title bar (App Bridge), as on every page.
    await page.locator("#title-buttons button", { hasText: "Archive offer" }).click();
    const dialog = app.getByRole("dialog");
    await dialog.getByText("1 active code stops working at checkout in 1 store.", { exact: false }).waitFor();
    await dialog.getByText("Nothing is deleted: the 1 member, their codes and 0 conversions stay", { exact: false }).waitFor();
    await screenshot(page, "archive-offer-confirmation");
    await dialog.getByRole("button", { name: "Archive offer" }).click();

    // The job page: the code deactivated in the store.
    await page.frameLocator("#app-frame").getByText("Deactivated", { exact: true }).first().waitFor({ timeout: 30_000 });
    await expect.poll(liveCodes, { timeout: 30_000 }).toEqual([]);
    expect((await db.offer.findUniqueOrThrow({ where: { id: offerId } })).archivedAt).not.toBeNull();

    await page.locator("#app-nav a", { hasText: "Offers" }).click();
    await app.getByRole("heading", { name: "Offers", level: 1 }).waitFor();
    await app.getByLabel("Show").selectOption("archived");
    await app.getByRole("link", { name: "Archive flow" }).click();
    await app.getByText("This offer is archived").waitFor();
    await screenshot(page, "archived-offer");
    await page.locator("#app-nav a", { hasText: "Offers" }).click();
    await app.getByLabel("Show").waitFor();
    expect(await app.getByRole("link", { name: "Archive flow" }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
