import { createHmac, timingSafeEqual } from "node:crypto";
import { parsePayloadJson } from "~/domain/webhooks/payload-json";
import { SHOP_DOMAIN } from "~/domain/stores/shop-domain";
import { checkPayload } from "./registry.server";
import { isWebhookTopic, topicKey } from "./topics";

// Shopify's webhook check (R32), as shopify-api's webhooks.validate makes it: an HMAC-SHA256 of
// the raw body with the app's secret, base64, compared in constant time (401 when it is missing,
// empty or differs), and the required X-Shopify-* headers (400 without them). Done here rather
// than through authenticate.webhook because the acknowledgement path must stay under a
// millisecond at webhook rates: the library also loads the offline session (a database read) and
// goes through WebCrypto and header canonicalisation on every request (docs/decisions/008).
//
// The HMAC covers the body only, so the headers are then held to it (docs/decisions/050): the
// payload must name the header's shop where its topic names one (400 otherwise, not stored), and
// X-Shopify-Triggered-At must be recent (400 when older than the window: Shopify retries for 4 h,
// so an older delivery is a replay). A signed body that is not the topic's shape (`null`, `[]`,
// wrong types, not JSON) or a topic the app does not take is acknowledged and stored as INVALID:
// answering an error would only have Shopify retry the same body for hours.

export interface VerifiedWebhook {
  shop: string;
  topic: string; // ORDERS_CREATE, APP_UNINSTALLED, … (the library's topicForStorage)
  webhookId: string;
  apiVersion: string;
  /** Parsed by its topic's schema (checkPayload), or as received when `invalid`. */
  payload: unknown;
  /** Set when the signed delivery is not something the app can act on: stored as INVALID. */
  invalid?: string;
}

export type HeaderGetter = (name: string) => string | null | undefined;

export type Verification = { ok: true; delivery: VerifiedWebhook } | { ok: false; status: 400 | 401; reason: string };

const REQUIRED = ["x-shopify-topic", "x-shopify-shop-domain", "x-shopify-webhook-id", "x-shopify-api-version"] as const;

export function verifyWebhook(header: HeaderGetter, rawBody: Buffer | string, secret: string, opts: { maxAgeMs: number; now?: Date }): Verification {
  const hmac = (header("x-shopify-hmac-sha256") ?? "").trim();
  if (hmac === "") return { ok: false, status: 401, reason: "no HMAC" };
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  const given = Buffer.from(hmac, "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, status: 401, reason: "HMAC differs" };

  const values = REQUIRED.map((name) => (header(name) ?? "").trim());
  const missing = REQUIRED.filter((_, i) => values[i] === "");
  if (missing.length) return { ok: false, status: 400, reason: `missing ${missing.join(", ")}` };
  const [topicHeader, shopHeader, webhookId, apiVersion] = values as [string, string, string, string];
  const shop = shopHeader.toLowerCase();
  if (!SHOP_DOMAIN.test(shop)) return { ok: false, status: 400, reason: "X-Shopify-Shop-Domain is not a shop" };
  // Optional, as in shopify-api's check (Shopify sends it; it is not signed, so requiring it would
  // stop nothing a forger could not add).
  const triggeredAt = (header("x-shopify-triggered-at") ?? "").trim();
  if (triggeredAt) {
    const triggered = Date.parse(triggeredAt);
    if (Number.isNaN(triggered)) return { ok: false, status: 400, reason: "X-Shopify-Triggered-At is not a date" };
    const now = (opts.now ?? new Date()).getTime();
    if (now - triggered > opts.maxAgeMs) return { ok: false, status: 400, reason: `triggered at ${triggeredAt.slice(0, 40)}, older than ${opts.maxAgeMs / 3_600_000} h` };
  }

  const topic = topicKey(topicHeader);
  const delivery = { shop, topic, webhookId, apiVersion };
  let payload: unknown;
  try {
    // Ids above 2^53 stay exact (as digit strings): a refund finds its order by order_id.
    payload = parsePayloadJson(typeof rawBody === "string" ? rawBody : rawBody.toString("utf8"));
  } catch {
    return { ok: true, delivery: { ...delivery, payload: null, invalid: "body is not JSON" } };
  }
  if (!isWebhookTopic(topic)) return { ok: true, delivery: { ...delivery, payload, invalid: `topic ${topicHeader.slice(0, 100)} is not one the app takes` } };
  const checked = checkPayload(topic, shop, payload);
  if (!checked.ok && checked.reason === "shop") return { ok: false, status: 400, reason: checked.message };
  if (!checked.ok) return { ok: true, delivery: { ...delivery, payload, invalid: checked.message } };
  return { ok: true, delivery: { ...delivery, payload: checked.payload } };
}
