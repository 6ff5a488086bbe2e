import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import { describe, expect, inject, it } from "vitest";

// server.mjs answers POST /webhooks/* itself, before Express's middleware and Remix (decision 008).
const SECRET = "creator-codes-e2e-secret"; // test/e2e/global-setup.ts
const LIMIT = 5 * 1024 * 1024; // WEBHOOK_MAX_BODY_BYTES's default

function post(topic: string, body: string, opts: { secret?: string; webhookId?: string; omit?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Hmac-Sha256": createHmac("sha256", opts.secret ?? SECRET)
      .update(body)
      .digest("base64"),
    "X-Shopify-Shop-Domain": "us-store.myshopify.com",
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": opts.webhookId ?? randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
    ...opts.headers,
  };
  if (opts.omit) delete headers[opts.omit];
  return fetch(`${inject("appUrl")}/webhooks/${topic}`, { method: "POST", headers, body });
}

/**
 * Streams `bytes` of body (chunked, no Content-Length) to /webhooks/orders/create, as fast as
 * the server takes it, and resolves with the status the server answered (or null when it only
 * dropped the connection). Stops writing once an answer arrives.
 */
function streamBody(bytes: number): Promise<number | null> {
  const url = new URL(`${inject("appUrl")}/webhooks/orders/create`);
  const chunk = Buffer.alloc(256 * 1024, "x");
  return new Promise((resolve) => {
    let answered = false;
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "X-Shopify-Topic": "orders/create", "Transfer-Encoding": "chunked" } },
      (res) => {
        answered = true;
        res.resume();
        resolve(res.statusCode ?? null);
      },
    );
    req.on("error", () => !answered && resolve(null));
    let sent = 0;
    const write = () => {
      while (!answered && sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      if (!answered) req.end();
    };
    write();
  });
}

const rssBytes = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;

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

  it("R32: a missing or empty HMAC header is refused with 401", async () => {
    expect((await post("customers/data_request", body, { omit: "X-Shopify-Hmac-Sha256" })).status).toBe(401);
    expect((await post("customers/data_request", body, { headers: { "X-Shopify-Hmac-Sha256": "" } })).status).toBe(401);
  });

  it("R32: a body naming another shop than the header's is refused with 400", async () => {
    expect((await post("customers/data_request", body, { headers: { "X-Shopify-Shop-Domain": "ca-store.myshopify.com" } })).status).toBe(400);
  });

  it("R32: a body over the limit is refused with 413, whether its length is declared or it streams without one", async () => {
    expect((await post("orders/create", "x".repeat(LIMIT + 1))).status).toBe(413);
    expect(await streamBody(64 * 1024 * 1024)).toBe(413);
    // Just under the limit is read (then refused for its HMAC, as it is unsigned).
    expect((await post("orders/create", "x".repeat(LIMIT - 1), { secret: "unsigned" })).status).toBe(401);
  });

  it("R32: under a flood of huge unsigned bodies memory stays flat and a real delivery is still answered 200", async () => {
    const pid = inject("appPid");
    const before = rssBytes(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 20);
    try {
      const flood = Array.from({ length: 8 }, () => streamBody(128 * 1024 * 1024)); // 1 GB in all
      const real = await post("customers/data_request", body);
      const answers = await Promise.all(flood);
      expect(real.status).toBe(200);
      expect(answers.every((a) => a === 413)).toBe(true);
    } finally {
      clearInterval(sampler);
    }
    // Eight bodies each cut at 5 MB: well under 1 GB, and under 150 MB of growth in all.
    expect(peak - before).toBeLessThan(150 * 1024 * 1024);
  });
});
