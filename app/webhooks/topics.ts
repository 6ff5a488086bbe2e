// The webhook topics the app takes (R32, R11): the closed list. Each has a handler in the topic
// registry (registry.server.ts: a topic added here without one does not compile), and every topic
// shopify.app.toml subscribes to is on it (test/integration/webhook-registry.test.ts).

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
  // Changes to discounts made in a store's admin (R37 drift).
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
