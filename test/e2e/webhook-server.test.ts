import { createHmac, randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";

// server.mjs answers POST /webhooks/* itself, before Express's middleware and Remix (decision 008).
const SECRET = "creator-codes-e2e-secret"; // test/e2e/global-setup.ts

function post(topic: string, body: string, opts: { secret?: string; webhookId?: string; omit?: string } = {}) {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Hmac-Sha256": createHmac("sha256", opts.secret ?? SECRET).update(body).digest("base64"),
    "X-Shopify-Shop-Domain": "us-store.myshopify.com",
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": opts.webhookId ?? randomUUID(),
  };
  if (opts.omit) delete headers[opts.omit];
  return fetch(`${inject("appUrl")}/webhooks/${topic}`, { method: "POST", headers, body });
}

describe("webhook deliveries to the production server (R32)", () => {
  const body = JSON.stringify({ shop_domain: "us-store.myshopify.com", customer: { id: 1, email: "x@example.com" }, orders_requested: [] });

  it("R32: a signed delivery is answered 200, again 200 when Shopify retries it", async () => {
    const webhookId = randomUUID();
    expect((await post("customers/data_request", body, { webhookId })).status).toBe(200);
    expect((await post("customers/data_request", body, { webhookId })).status).toBe(200);
  });

  it("R32: a forged HMAC is refused with 401, a delivery without Shopify's headers with 400", async () => {
    expect((await post("customers/data_request", body, { secret: "forged" })).status).toBe(401);
    expect((await post("customers/data_request", body, { omit: "X-Shopify-Webhook-Id" })).status).toBe(400);
  });
});
