import path from "node:path";
import { loadAppConfig } from "../../emulator/src/app-config";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator/src/server";
import { createAdminClient, type AdminClientOptions } from "~/shopify/client.server";
import { createShopifyFetch } from "~/shopify/emulator-routing.server";

export const US = "us-store.myshopify.com";
export const CA = "ca-store.myshopify.com";
export const UK = "uk-store.myshopify.com";

/** A fresh emulator for the app in shopify.app.toml, with the test secret, app installed everywhere. */
export async function startTestEmulator(options: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  const app = loadAppConfig(path.resolve("shopify.app.toml"), {
    apiSecret: process.env.SHOPIFY_API_SECRET!,
    apiKey: process.env.SHOPIFY_API_KEY,
    appUrl: process.env.SHOPIFY_APP_URL,
  });
  return startEmulator({ app, installAll: true, asyncDelayMs: 5, ...options });
}

/** The app's Admin client for a shop of the emulator (its own bucket tracker unless given). */
export function clientFor(emulator: Emulator, shop: string, options: Partial<AdminClientOptions> = {}) {
  return createAdminClient({
    shop,
    accessToken: emulator.accessToken(shop) ?? "no-token",
    fetch: createShopifyFetch(emulator.url),
    ...options,
  });
}

export async function control(emulator: Emulator, pathname: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${emulator.url}/_emulator/${pathname}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`emulator control ${pathname}: ${response.status} ${await response.text()}`);
  return response.json();
}
