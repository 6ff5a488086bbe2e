// The topic registry (R32): every topic of the closed list (topics.ts) has its family module's
// definition here, or this does not compile; every topic shopify.app.toml subscribes to is on the
// list (test/integration/webhook-registry.test.ts). A new topic: add it to WEBHOOK_TOPICS and give
// its family module a `topic({ schema, handle, … })`.
//
// Shopify signs the body only (FACTS §3.1): X-Shopify-Topic and X-Shopify-Shop-Domain are not
// covered by the HMAC. So a signed body resent under another topic or another shop's domain still
// passes the HMAC check; what binds a delivery to what Shopify signed is the payload itself: it
// must have the topic's shape and, where the topic's payload names its shop, name the shop of
// the header (docs/decisions/050).
import type { z } from "zod";
import { app } from "./app.server";
import { discounts } from "./discounts.server";
import type { TopicDefinition, WebhookFamily } from "./family";
import { orders } from "./orders.server";
import { privacy } from "./privacy.server";
import { refunds } from "./refunds.server";
import { WEBHOOK_TOPICS, type WebhookTopic } from "./topics";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- families differ in their batch state
type AnyFamily = WebhookFamily<any, WebhookTopic>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each topic its own schema and batch
type AnyTopic = TopicDefinition<any, any>;

export const FAMILIES = { app, privacy, orders, refunds, discounts } as const;

/** Each topic's definition: a topic of WEBHOOK_TOPICS missing here fails to compile. */
export const TOPICS = {
  ...app.topics,
  ...privacy.topics,
  ...orders.topics,
  ...refunds.topics,
  ...discounts.topics,
} satisfies Record<WebhookTopic, AnyTopic>;

/** The family each topic belongs to (its batch work). */
export const familyOf = new Map<WebhookTopic, AnyFamily>(Object.values(FAMILIES).flatMap((f) => Object.keys(f.topics).map((t) => [t as WebhookTopic, f as AnyFamily] as const)));

export const definitionOf = (topic: WebhookTopic): AnyTopic => TOPICS[topic];

export type TopicPayload<T extends WebhookTopic> = z.output<(typeof TOPICS)[T]["schema"]>;

export type PayloadCheck = { ok: true; payload: unknown } | { ok: false; reason: "shape"; message: string } | { ok: false; reason: "shop"; message: string };

/** A signed payload checked against its topic: its shape, then its shop against the header's. The payload returned is the parsed one. */
export function checkPayload(topic: WebhookTopic, shop: string, payload: unknown): PayloadCheck {
  const definition = definitionOf(topic);
  const parsed = (definition.schema as z.ZodTypeAny).safeParse(payload);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, reason: "shape", message: `payload is not a ${topic}: ${first ? `${first.path.join(".") || "(root)"} ${first.message}` : "invalid"}`.slice(0, 500) };
  }
  const named = definition.shopOf ? String(definition.shopOf(parsed.data)) : null;
  if (named !== null && named.toLowerCase() !== shop.toLowerCase()) return { ok: false, reason: "shop", message: `payload names ${named.slice(0, 100)}, header ${shop}` };
  return { ok: true, payload: parsed.data };
}

/** What the inbox stores of a payload checkPayload passed: cut down by its family (R32) and filed under its subject. */
export function storedForm(topic: WebhookTopic, checked: unknown): { payload: string; subject: string | null } {
  const definition = definitionOf(topic);
  return { payload: JSON.stringify(definition.trim ? definition.trim(checked) : checked), subject: definition.subjectOf?.(checked) ?? null };
}

/** What the inbox stores of any signed payload: its stored form when it is its topic's, else whole (stored INVALID, so the reason can be seen). */
export function prepareForStorage(topic: string, payload: unknown): { payload: string; subject: string | null } {
  if (!(WEBHOOK_TOPICS as readonly string[]).includes(topic)) return { payload: JSON.stringify(payload ?? null), subject: null };
  const parsed = (definitionOf(topic as WebhookTopic).schema as z.ZodTypeAny).safeParse(payload);
  return parsed.success ? storedForm(topic as WebhookTopic, parsed.data) : { payload: JSON.stringify(payload ?? null), subject: null };
}
