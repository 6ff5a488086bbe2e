// #21: every page (test/e2e/pages.ts) at 1280 and 800 px: a screenshot, no clipped table cell,
// no horizontal page overflow, no serious or critical axe-core violation; and keyboard-only,
// an offer and a member opened from the lists with Tab and Enter.
import fs from "node:fs";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Frame, Page } from "playwright-core";
import type { PrismaClient } from "@prisma/client";
import { launchBrowser, MERCHANT_USER_AGENT, watchConsole } from "./browser";
import { APP_PAGES, WIDTHS, type SeededIds } from "./pages";

const SHOP = "us-store.myshopify.com";
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

declare global {
  interface Window {
    __remixRouter: { navigate: (to: string) => Promise<void>; state: { navigation: { state: string }; location: { pathname: string; search: string } } };
    axe: { run: (context: Document, options: unknown) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> };
  }
}

async function openShell(page: Page): Promise<Frame> {
  await page.goto(`${inject("emulatorUrl")}/store/us-store/apps/creator-codes`);
  await page.frameLocator("#app-frame").getByText("Currency: USD").waitFor({ timeout: 30_000 });
  const frame = page.frame({ name: "app-iframe" }) ?? page.frames().find((f) => f.url().includes("/app"));
  if (!frame) throw new Error("no app frame");
  return frame;
}

/** The app's own client-side navigation (as a click on a link would), then wait until it settles. */
async function go(frame: Frame, path: string) {
  await frame.evaluate((to) => window.__remixRouter.navigate(to), path);
  await frame.waitForFunction(() => window.__remixRouter.state.navigation.state === "idle");
  await frame.locator("h1").first().waitFor();
  await frame.waitForTimeout(300); // Polaris measures tables after mount (sticky columns, scroll shadows)
}

interface Layout {
  clipped: string[];
  overflow: number;
}

/** Table cells whose content is wider than the cell (cut off) and how far the page scrolls sideways. */
function measure(frame: Frame, wide: boolean): Promise<Layout> {
  return frame.evaluate((wide) => {
    const clipped: string[] = [];
    // Visually hidden text for screen readers (1 px boxes) is not clipped content.
    const shown = (el: HTMLElement) => el.clientWidth > 1 && getComputedStyle(el).clipPath === "none" && getComputedStyle(el).clip === "auto";
    for (const cell of Array.from(document.querySelectorAll<HTMLElement>("td, th"))) {
      if (cell.offsetParent === null) continue;
      const inner = Array.from(cell.querySelectorAll<HTMLElement>("*")).filter((el) => getComputedStyle(el).overflow !== "visible" && shown(el));
      for (const el of [cell, ...inner]) {
        if (el.scrollWidth > el.clientWidth + 1) {
          clipped.push(`${(cell.textContent ?? "").trim().slice(0, 60)} (${el.scrollWidth} > ${el.clientWidth})`);
          break;
        }
      }
    }
    // At a laptop's width no table may need sideways scrolling to show its last column (at a
    // narrow width, scrolling inside the table is Polaris' pattern).
    if (wide) {
      for (const table of Array.from(document.querySelectorAll<HTMLElement>("table"))) {
        let box = table.parentElement;
        while (box && !/(auto|scroll|hidden)/.test(getComputedStyle(box).overflowX)) box = box.parentElement;
        if (box && box.scrollWidth > box.clientWidth + 1) {
          const headings = Array.from(table.querySelectorAll("th"))
            .map((th) => (th.textContent ?? "").trim())
            .filter(Boolean);
          clipped.push(`table cut off (${box.scrollWidth} > ${box.clientWidth}): ${headings.join(" | ")}`);
        }
      }
    }
    return { clipped, overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };
  }, wide);
}

async function axeViolations(frame: Frame): Promise<string[]> {
  if (!(await frame.evaluate(() => typeof window.axe !== "undefined"))) await frame.addScriptTag({ content: AXE_SOURCE });
  const result = await frame.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")}`,
    );
}

describe("#21: every page, at 1280 and 800 px", () => {
  let browser: Browser;
  let db: PrismaClient;
  let ids: SeededIds;

  beforeAll(async () => {
    browser = await launchBrowser();
    // The app has the store's offline token once a merchant opened it.
    const page = await (await browser.newContext({ userAgent: MERCHANT_USER_AGENT })).newPage();
    await openShell(page);
    await page.close();
    const { createPrismaClient } = await import("~/db.server");
    db = createPrismaClient(inject("databaseUrl"));
    const { generateCodesForMembers } = await import("~/services/generation.server");
    const { createProject, addMemberToProject } = await import("~/services/members.server");
    const offer = await db.offer.create({
      data: {
        shop: SHOP,
        name: "Every page",
        payoutType: "BOTH",
        payoutFlatCents: 250,
        payoutPercent: 5,
        groupName: "Every page codes",
        discountType: "PERCENTAGE",
        discountPercent: 15,
        datesMode: "PER_CODE",
        startsAt: new Date(Date.now() - 86400_000),
        endsAt: new Date(Date.now() + 60 * 86400_000),
      },
    });
    const project = await createProject(db, { shop: SHOP, actor: "user:e2e", name: "Every page creators" });
    if (!("project" in project) || !project.project) throw new Error(`project: ${JSON.stringify(project)}`);
    const added = await addMemberToProject(db, {
      shop: SHOP,
      actor: "user:e2e",
      projectId: project.project.id,
      input: { firstName: "Kim", lastName: "Everypage-Longname", email: "kim.everypage@creators.example", handle: "kim_every" },
    });
    const member = await db.member.findFirstOrThrow({ where: { shop: SHOP, email: "kim.everypage@creators.example" } });
    expect(added).toBeTruthy();
    const r = await generateCodesForMembers(db, {
      shop: SHOP,
      actor: "user:e2e",
      offerId: offer.id,
      items: [{ memberId: member.id, code: "KIMEVERYPAGE15" }],
      startsAt: new Date(Date.now() - 86400_000),
      endsAt: new Date(Date.now() + 60 * 86400_000),
    });
    if (!r.ok) throw new Error("codes not generated");
    ids = { offerId: offer.id, memberId: member.id, projectId: project.project.id, jobId: r.jobId, period: new Date().toISOString().slice(0, 7) };
  });
  afterAll(async () => {
    await browser?.close();
    await db?.$disconnect();
  });

  it("#21: every nav item is in the list of pages the checks open", async () => {
    const page = await (await browser.newContext({ userAgent: MERCHANT_USER_AGENT })).newPage();
    await openShell(page);
    const hrefs = await page.locator("#app-nav a").evaluateAll((links) => links.map((a) => (a as HTMLElement).dataset.href ?? ""));
    expect(hrefs.length).toBeGreaterThan(3);
    const listed = new Set(APP_PAGES.map((p) => p.path(ids).split("?")[0]));
    expect(hrefs.filter((h) => !listed.has(h))).toEqual([]);
    await page.close();
  });

  for (const width of WIDTHS) {
    it(`#21: at ${width} px no page has a clipped table cell, sideways overflow or a serious accessibility violation`, async () => {
      const context = await browser.newContext({ userAgent: MERCHANT_USER_AGENT, viewport: { width, height: 900 } });
      const page = await context.newPage();
      const errors = watchConsole(page);
      const frame = await openShell(page);
      const problems: Record<string, { clipped?: string[]; overflow?: number; axe?: string[] }> = {};
      fs.mkdirSync("test-results/screenshots/pages", { recursive: true });
      for (const spec of APP_PAGES) {
        await go(frame, spec.path(ids));
        await page.screenshot({ path: `test-results/screenshots/pages/${spec.name}-${width}.png`, fullPage: true });
        const layout = await measure(frame, width >= 1280);
        const axe = await axeViolations(frame);
        if (layout.clipped.length || layout.overflow > 0 || axe.length)
          problems[spec.name] = {
            ...(layout.clipped.length ? { clipped: layout.clipped } : {}),
            ...(layout.overflow > 0 ? { overflow: layout.overflow } : {}),
            ...(axe.length ? { axe } : {}),
          };
      }
      expect(problems).toEqual({});
      expect(errors).toEqual([]);
      await context.close();
    }, 300_000);
  }

  it("#21: keyboard only, an offer is opened from the offers list and a member from the offer, with Tab and Enter", async () => {
    const context = await browser.newContext({ userAgent: MERCHANT_USER_AGENT, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const frame = await openShell(page);
    await go(frame, "/app/offers");
    const tabTo = async (text: string) => {
      await frame.locator("body").focus();
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press("Tab");
        const focused = await frame.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
        if (focused === text) return;
      }
      throw new Error(`"${text}" was not reached with Tab`);
    };
    await tabTo("Every page");
    await page.keyboard.press("Enter");
    await frame.waitForFunction((id) => window.__remixRouter.state.location.pathname === `/app/offers/${id}`, ids.offerId);
    await frame.getByRole("heading", { name: "Every page", level: 1 }).waitFor();
    await frame.waitForFunction(() => window.__remixRouter.state.navigation.state === "idle");
    await tabTo("Kim Everypage-Longname");
    await page.keyboard.press("Enter");
    await frame.waitForFunction((id) => window.__remixRouter.state.location.pathname === `/app/members/${id}`, ids.memberId);
    await frame.getByRole("heading", { name: "Kim Everypage-Longname", level: 1 }).waitFor();
    await context.close();
  });
});
