import { createHmac, timingSafeEqual } from "node:crypto";
import { parsePayloadJson } from "~/domain/webhooks/payload-json";

// Shopify's webhook check (R32), as shopify-api's webhooks.validate makes it: the required
// X-Shopify-* headers (400 without them) and an HMAC-SHA256 of the raw body with the app's
// secret, base64, compared in constant time (401 when it differs). Done here rather than through
// authenticate.webhook because the acknowledgement path must stay under a millisecond at
// webhook rates: the library also loads the offline session (a database read) and goes through
// WebCrypto and header canonicalisation on every request (docs/decisions/008).

export interface VerifiedWebhook {
  shop: string;
  topic: string; // ORDERS_CREATE, APP_UNINSTALLED, … (the library's topicForStorage)
  webhookId: string;
  apiVersion: string;
  payload: unknown;
}

export type HeaderGetter = (name: string) => string | null | undefined;

const REQUIRED = ["x-shopify-hmac-sha256", "x-shopify-topic", "x-shopify-shop-domain", "x-shopify-webhook-id", "x-shopify-api-version"] as const;

/** The library's topic key: "orders/create" → "ORDERS_CREATE". */
export const topicKey = (topic: string) => topic.toUpperCase().replace(/\/|\./g, "_");

export function verifyWebhook(header: HeaderGetter, rawBody: Buffer | string, secret: string): { ok: true; delivery: VerifiedWebhook } | { ok: false; status: 400 | 401 } {
  const values = REQUIRED.map((name) => header(name) ?? "");
  if (values.some((v) => v === "")) return { ok: false, status: 400 };
  const [hmac, topic, shop, webhookId, apiVersion] = values as [string, string, string, string, string];
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  const given = Buffer.from(hmac, "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, status: 401 };
  let payload: unknown;
  try {
    // Ids above 2^53 stay exact (as digit strings): a refund finds its order by order_id.
    payload = parsePayloadJson(typeof rawBody === "string" ? rawBody : rawBody.toString("utf8"));
  } catch {
    return { ok: false, status: 400 };
  }
  return { ok: true, delivery: { shop, topic: topicKey(topic), webhookId, apiVersion, payload } };
}
