// The webhook topics the app takes (R32, R11), in one place: the closed list of topics, the shape
// each topic's payload must have, and where a payload names its shop.
//
// Shopify signs the body only (FACTS §3.1): X-Shopify-Topic and X-Shopify-Shop-Domain are not
// covered by the HMAC. So a signed body resent under another topic or another shop's domain still
// passes the HMAC check; what binds a delivery to what Shopify signed is the payload itself: it
// must have the topic's shape and, where the topic's payload names its shop, name the shop of
// the header (docs/decisions/050).
import { z } from "zod";
import { orderPayload, refundPayload } from "~/services/conversions.server";

/** Topics as the library stores them ("orders/create" → "ORDERS_CREATE"). */
export const WEBHOOK_TOPICS = [
  "APP_UNINSTALLED",
  "APP_SCOPES_UPDATE",
  "CUSTOMERS_DATA_REQUEST",
  "CUSTOMERS_REDACT",
  "SHOP_REDACT",
  "ORDERS_CREATE",
  "ORDERS_UPDATED",
  "ORDERS_CANCELLED",
  "REFUNDS_CREATE",
  // Changes to the app's discounts made in a store's admin (R37 drift, app/webhooks/discounts.server.ts).
  "DISCOUNTS_CREATE",
  "DISCOUNTS_UPDATE",
  "DISCOUNTS_DELETE",
  "DISCOUNTS_REDEEMCODE_ADDED",
  "DISCOUNTS_REDEEMCODE_REMOVED",
] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

export function isWebhookTopic(topic: string): topic is WebhookTopic {
  return (WEBHOOK_TOPICS as readonly string[]).includes(topic);
}

/** The library's topic key: "orders/create" → "ORDERS_CREATE". */
export const topicKey = (topic: string) => topic.toUpperCase().replace(/\/|\./g, "_");

export { SHOP_DOMAIN } from "~/domain/stores/shop-domain";

const id = z.union([z.number(), z.string().min(1)]);
const customerPayload = z.object({
  shop_id: id.optional(),
  shop_domain: z.string(),
  customer: z.object({ id, email: z.string().nullish() }),
});

/** discounts/*: the discount's GraphQL id names it; the rest varies by topic (Shopify's examples). */
const discountPayload = z.object({ admin_graphql_api_id: z.string().min(1) }).passthrough();

/**
 * Each topic's payload shape: what the handler reads must be there with the right type; other
 * fields pass through. Shopify's own examples (../shared/shopify/webhooks/) fit these.
 */
export const topicPayloads = {
  // The REST Shop object. Shopify's example leaves myshopify_domain null, a real delivery never does.
  APP_UNINSTALLED: z.object({ id, myshopify_domain: z.string() }).passthrough(),
  APP_SCOPES_UPDATE: z.object({ shop_id: id, current: z.array(z.string()), previous: z.array(z.string()).optional(), updated_at: z.string() }).passthrough(),
  CUSTOMERS_DATA_REQUEST: customerPayload.extend({ orders_requested: z.array(id).default([]) }).passthrough(),
  CUSTOMERS_REDACT: customerPayload.extend({ orders_to_redact: z.array(id).default([]) }).passthrough(),
  SHOP_REDACT: z.object({ shop_id: id, shop_domain: z.string() }).passthrough(),
  ORDERS_CREATE: orderPayload,
  ORDERS_UPDATED: orderPayload,
  ORDERS_CANCELLED: orderPayload,
  REFUNDS_CREATE: refundPayload,
  DISCOUNTS_CREATE: discountPayload,
  DISCOUNTS_UPDATE: discountPayload,
  DISCOUNTS_DELETE: discountPayload,
  DISCOUNTS_REDEEMCODE_ADDED: discountPayload.extend({ redeem_code: z.object({ id: z.string(), code: z.string() }).passthrough() }).passthrough(),
  DISCOUNTS_REDEEMCODE_REMOVED: discountPayload.extend({ redeem_code: z.object({ id: z.string(), code: z.string() }).passthrough() }).passthrough(),
} satisfies Record<WebhookTopic, z.ZodTypeAny>;

export type TopicPayload<T extends WebhookTopic> = z.infer<(typeof topicPayloads)[T]>;

/**
 * The shop a payload names, for the topics whose payload names one: app/uninstalled's
 * `myshopify_domain`, the privacy topics' `shop_domain`. Orders, refunds and scopes_update carry
 * no shop domain (an order's `order_status_url` may use a custom domain), so for them this is null
 * and the header is all there is.
 */
export function payloadShop(topic: WebhookTopic, payload: unknown): string | null {
  const p = payload as Record<string, unknown>;
  switch (topic) {
    case "APP_UNINSTALLED":
      return String(p.myshopify_domain);
    case "CUSTOMERS_DATA_REQUEST":
    case "CUSTOMERS_REDACT":
    case "SHOP_REDACT":
      return String(p.shop_domain);
    case "APP_SCOPES_UPDATE":
    case "ORDERS_CREATE":
    case "ORDERS_UPDATED":
    case "ORDERS_CANCELLED":
    case "REFUNDS_CREATE":
    case "DISCOUNTS_CREATE":
    case "DISCOUNTS_UPDATE":
    case "DISCOUNTS_DELETE":
    case "DISCOUNTS_REDEEMCODE_ADDED":
    case "DISCOUNTS_REDEEMCODE_REMOVED":
      return null;
  }
}

export type PayloadCheck = { ok: true; payload: unknown } | { ok: false; reason: "shape"; message: string } | { ok: false; reason: "shop"; message: string };

/** A signed payload checked against its topic: its shape, then its shop against the header's. */
export function checkPayload(topic: WebhookTopic, shop: string, payload: unknown): PayloadCheck {
  const parsed = topicPayloads[topic].safeParse(payload);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, reason: "shape", message: `payload is not a ${topic}: ${first ? `${first.path.join(".") || "(root)"} ${first.message}` : "invalid"}`.slice(0, 500) };
  }
  const named = payloadShop(topic, parsed.data);
  if (named !== null && named.toLowerCase() !== shop.toLowerCase()) return { ok: false, reason: "shop", message: `payload names ${named.slice(0, 100)}, header ${shop}` };
  return { ok: true, payload };
}
