import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's Chromium, headless, with no network beyond loopback (never a downloaded browser). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/**
 * A merchant's desktop Chrome. The library answers bots with 410, and "HeadlessChrome" in the
 * default user agent reads as one.
 */
export const MERCHANT_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

export async function newMerchantPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ userAgent: MERCHANT_USER_AGENT, viewport: { width: 1280, height: 860 } });
  return context.newPage();
}

/**
 * Chromium's own network line for a form the server refused on purpose (R35: 400/409/422 with
 * field messages the page shows): an answer, not an error of the app.
 */
const REFUSED_FORM = /^Failed to load resource: the server responded with a status of (400|409|422) /;

/** Fails the test on console errors and page errors in the shell or the app. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !REFUSED_FORM.test(message.text())) errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  return errors;
}

export async function screenshot(page: Page, name: string) {
  const dir = path.resolve("test-results/screenshots");
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
