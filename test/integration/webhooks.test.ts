import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { action as uninstalled } from "~/routes/webhooks.app.uninstalled";
import { action as shopRedact } from "~/routes/webhooks.shop.redact";
import { action as customersRedact } from "~/routes/webhooks.customers.redact";
import { action as dataRequest } from "~/routes/webhooks.customers.data_request";
import { action as scopesUpdate } from "~/routes/webhooks.app.scopes_update";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { readFileSync } from "node:fs";
import { resetDatabase } from "../support/db";
import { run as runRoute, webhookRequest } from "../support/requests";
import { drainWebhookQueue } from "~/jobs/webhook-worker.server";
import { WEBHOOK_TOPICS } from "~/webhooks/topics";

/** A webhook route, then the webhook worker's pass over what it stored. */
async function run(...args: Parameters<typeof runRoute>) {
  const response = await runRoute(...args);
  await drainWebhookQueue(prisma);
  return response;
}

const SHOP = "us-store.myshopify.com";
const shopPayload = { id: 1, name: "Creator Codes Demo US", myshopify_domain: SHOP, domain: SHOP, currency: "USD" };

async function seedInstalledShop() {
  await prisma.shop.create({ data: { domain: SHOP, name: "Creator Codes Demo US", currencyCode: "USD" } });
  await prisma.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "x", accessToken: "shpat_1", isOnline: false } });
}

describe("webhooks (R32)", () => {
  beforeEach(() => resetDatabase(prisma));
  afterAll(() => prisma.$disconnect());

  it("R32: a delivery with a valid HMAC is accepted with 200", async () => {
    await seedInstalledShop();
    const response = (await run(uninstalled, webhookRequest("app/uninstalled", SHOP, shopPayload))) as Response;
    expect(response.status).toBe(200);
  });

  it("R32: a tampered body is refused with 401 and nothing is stored", async () => {
    await seedInstalledShop();
    const response = (await run(uninstalled, webhookRequest("app/uninstalled", SHOP, shopPayload, { tamper: true }))) as Response;
    expect(response.status).toBe(401);
    expect(await prisma.webhookDelivery.count()).toBe(0);
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).uninstalledAt).toBeNull();
  });

  it("R32: a body signed with another secret is refused with 401", async () => {
    const response = (await run(uninstalled, webhookRequest("app/uninstalled", SHOP, shopPayload, { secret: "not-the-app-secret" }))) as Response;
    expect(response.status).toBe(401);
  });

  it("R11/R32: app/uninstalled marks the shop uninstalled and deletes its sessions", async () => {
    await seedInstalledShop();
    await run(uninstalled, webhookRequest("app/uninstalled", SHOP, shopPayload));
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).uninstalledAt).toBeInstanceOf(Date);
    expect(await prisma.session.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("R32: the same delivery twice (same X-Shopify-Webhook-Id) is handled once", async () => {
    await seedInstalledShop();
    const id = "7c5bd6f0-0a8e-4b43-8d2e-4b2f4c2d9f01";
    const first = (await run(
      dataRequest,
      webhookRequest("customers/data_request", SHOP, { shop_domain: SHOP, customer: { id: 42, email: "a@b.c" } }, { webhookId: id }),
    )) as Response;
    const second = (await run(
      dataRequest,
      webhookRequest("customers/data_request", SHOP, { shop_domain: SHOP, customer: { id: 42, email: "a@b.c" } }, { webhookId: id }),
    )) as Response;
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await prisma.webhookDelivery.count()).toBe(1);
    expect(await prisma.auditEntry.count({ where: { action: "privacy.customer_data_request" } })).toBe(1);
  });

  it("R32: customers/redact is honoured and recorded", async () => {
    const response = (await run(customersRedact, webhookRequest("customers/redact", SHOP, { shop_domain: SHOP, customer: { id: 42 }, orders_to_redact: [] }))) as Response;
    expect(response.status).toBe(200);
    expect(await prisma.auditEntry.count({ where: { action: "privacy.customer_redact", subject: "customer:42" } })).toBe(1);
  });

  it("R32: shop/redact 48 h after the uninstall removes everything the app holds for the shop", async () => {
    await seedInstalledShop();
    await prisma.shop.update({ where: { domain: SHOP }, data: { uninstalledAt: new Date(Date.now() - 49 * 3_600_000) } });
    await prisma.auditEntry.create({ data: { shop: SHOP, actor: "merchant", action: "offer.create", subject: "offer:1" } });
    const offer = await prisma.offer.create({
      data: { shop: SHOP, name: "O", payoutType: "FLAT", payoutFlatCents: 100, groupName: "G", discountType: "PERCENTAGE", discountPercent: 10, startsAt: new Date() },
    });
    const member = await prisma.member.create({ data: { shop: SHOP, firstName: "A", email: "a@x.com" } });
    await prisma.promoCode.create({ data: { shop: SHOP, offerId: offer.id, memberId: member.id, code: "A10", codeKey: "A10", startsAt: new Date() } });
    await prisma.linkCodeAttempt.create({ data: { shop: SHOP, client: "user:1", reason: "UNKNOWN" } });
    const response = (await run(shopRedact, webhookRequest("shop/redact", SHOP, { shop_id: 1, shop_domain: SHOP }))) as Response;
    expect(response.status).toBe(200);
    expect(await prisma.shop.count({ where: { domain: SHOP } })).toBe(0);
    expect(await prisma.session.count({ where: { shop: SHOP } })).toBe(0);
    expect(await prisma.auditEntry.count({ where: { shop: SHOP } })).toBe(0);
    expect([await prisma.offer.count(), await prisma.member.count(), await prisma.promoCode.count(), await prisma.linkCodeAttempt.count()]).toEqual([0, 0, 0, 0]);
  });

  // ---- Headers bound to what was signed (issue 12) ----------------------------------------

  const OTHER = "ca-store.myshopify.com";
  const example = (topic: string) => (JSON.parse(readFileSync(`../shared/shopify/webhooks/${topic}.json`, "utf8")) as { example_payload: Record<string, unknown> }).example_payload;
  /** Shopify's example payload for the topic, as a delivery for `shop` carries it. */
  const realPayload = (topic: string, shop: string) => {
    const p = example(topic);
    if ("shop_domain" in p) p.shop_domain = shop;
    if ("myshopify_domain" in p) p.myshopify_domain = shop;
    return p;
  };
  const deliveryOf = async (webhookId: string) => prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId } });

  it("R32: a missing or empty HMAC header is refused with 401", async () => {
    await seedInstalledShop();
    for (const value of [null, "", "  "]) {
      const response = (await run(uninstalled, webhookRequest("app/uninstalled", SHOP, shopPayload, { headers: { "X-Shopify-Hmac-Sha256": value } }))) as Response;
      expect(response.status).toBe(401);
    }
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });

  it("R32: Shopify's example payload of every topic the app takes is accepted and handled", async () => {
    const files: Record<string, string> = {
      APP_UNINSTALLED: "app/uninstalled",
      APP_SCOPES_UPDATE: "app/scopes_update",
      CUSTOMERS_DATA_REQUEST: "customers/data_request",
      CUSTOMERS_REDACT: "customers/redact",
      SHOP_REDACT: "shop/redact",
      ORDERS_CREATE: "orders/create",
      ORDERS_UPDATED: "orders/updated",
      ORDERS_CANCELLED: "orders/cancelled",
      REFUNDS_CREATE: "refunds/create",
      DISCOUNTS_CREATE: "discounts/create",
      DISCOUNTS_UPDATE: "discounts/update",
      DISCOUNTS_DELETE: "discounts/delete",
      DISCOUNTS_REDEEMCODE_ADDED: "discounts/redeemcode_added",
      DISCOUNTS_REDEEMCODE_REMOVED: "discounts/redeemcode_removed",
    };
    expect(Object.keys(files).sort()).toEqual([...WEBHOOK_TOPICS].sort());
    for (const topic of Object.values(files)) {
      const webhookId = randomUUID();
      const response = (await runRoute(ordersCreate, webhookRequest(topic, SHOP, realPayload(topic, SHOP), { webhookId }))) as Response;
      expect(response.status, topic).toBe(200);
      expect((await deliveryOf(webhookId)).status, topic).toBe("PENDING");
    }
    await drainWebhookQueue(prisma);
    // shop/redact of a shop never installed is refused; everything else is handled.
    expect((await prisma.webhookDelivery.findMany({ where: { status: { not: "DONE" } } })).map((d) => [d.topic, d.status])).toEqual([["SHOP_REDACT", "REFUSED"]]);
  });

  it("R32: a signed app/uninstalled body resent with another shop's domain is refused with 400; that shop stays installed", async () => {
    await seedInstalledShop();
    await prisma.shop.create({ data: { domain: OTHER } });
    const response = (await run(uninstalled, webhookRequest("app/uninstalled", OTHER, shopPayload))) as Response;
    expect(response.status).toBe(400);
    expect(await prisma.webhookDelivery.count()).toBe(0);
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: OTHER } })).uninstalledAt).toBeNull();
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).uninstalledAt).toBeNull();
  });

  it("R32: a captured signed body resent as shop/redact for another shop deletes nothing", async () => {
    await seedInstalledShop();
    await prisma.offer.create({
      data: { shop: SHOP, name: "O", payoutType: "FLAT", payoutFlatCents: 100, groupName: "G", discountType: "PERCENTAGE", discountPercent: 10, startsAt: new Date() },
    });
    // A customers/data_request of another shop, topic and shop headers changed: it names its shop.
    const privacy = await run(shopRedact, webhookRequest("shop/redact", SHOP, realPayload("customers/data_request", OTHER)));
    expect((privacy as Response).status).toBe(400);
    // An orders/create body (no shop in it) resent as shop/redact: not a shop/redact payload.
    const webhookId = randomUUID();
    const order = await run(shopRedact, webhookRequest("shop/redact", SHOP, realPayload("orders/create", SHOP), { webhookId }));
    expect((order as Response).status).toBe(200);
    expect(await deliveryOf(webhookId)).toMatchObject({ status: "INVALID" });
    expect(await prisma.offer.count({ where: { shop: SHOP } })).toBe(1);
    expect(await prisma.session.count({ where: { shop: SHOP } })).toBe(1);
  });

  it("R32: shop/redact for an installed shop is stored, refused and reported in the audit log", async () => {
    await seedInstalledShop();
    const offer = await prisma.offer.create({
      data: { shop: SHOP, name: "O", payoutType: "FLAT", payoutFlatCents: 100, groupName: "G", discountType: "PERCENTAGE", discountPercent: 10, startsAt: new Date() },
    });
    const webhookId = randomUUID();
    const response = (await run(shopRedact, webhookRequest("shop/redact", SHOP, realPayload("shop/redact", SHOP), { webhookId }))) as Response;
    expect(response.status).toBe(200);
    expect(await deliveryOf(webhookId)).toMatchObject({ status: "REFUSED" });
    expect((await deliveryOf(webhookId)).error).toMatch(/installed/);
    expect(await prisma.offer.findUnique({ where: { id: offer.id } })).not.toBeNull();
    expect(await prisma.auditEntry.count({ where: { shop: SHOP, action: "webhook.refused", subject: `webhook:${webhookId}` } })).toBe(1);
  });

  it("R32: shop/redact less than 48 h after the uninstall is refused; the same delivery is not honoured later", async () => {
    await seedInstalledShop();
    await prisma.shop.update({ where: { domain: SHOP }, data: { uninstalledAt: new Date(Date.now() - 47 * 3_600_000) } });
    const webhookId = randomUUID();
    await run(shopRedact, webhookRequest("shop/redact", SHOP, realPayload("shop/redact", SHOP), { webhookId }));
    expect(await deliveryOf(webhookId)).toMatchObject({ status: "REFUSED" });
    expect(await prisma.shop.count({ where: { domain: SHOP } })).toBe(1);
    // Not retried: a REFUSED delivery is settled.
    await drainWebhookQueue(prisma, { workerId: "later", now: () => new Date(Date.now() + 2 * 3_600_000) });
    expect(await prisma.shop.count({ where: { domain: SHOP } })).toBe(1);
  });

  it("R32: a delivery triggered more than 48 h ago is refused with 400 and not stored; 47 h ago is taken", async () => {
    await seedInstalledShop();
    const old = (await run(uninstalled, webhookRequest("app/uninstalled", SHOP, shopPayload, { triggeredAt: new Date(Date.now() - 49 * 3_600_000) }))) as Response;
    expect(old.status).toBe(400);
    expect(await prisma.webhookDelivery.count()).toBe(0);
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).uninstalledAt).toBeNull();
    const bad = (await run(uninstalled, webhookRequest("app/uninstalled", SHOP, shopPayload, { headers: { "X-Shopify-Triggered-At": "yesterday" } }))) as Response;
    expect(bad.status).toBe(400);
    const recent = (await run(uninstalled, webhookRequest("app/uninstalled", SHOP, shopPayload, { triggeredAt: new Date(Date.now() - 47 * 3_600_000) }))) as Response;
    expect(recent.status).toBe(200);
  });

  it("R32: signed junk (null, [], wrong types, not JSON) is acknowledged with 200, marked INVALID and never handled or retried", async () => {
    await seedInstalledShop();
    const junk = ["null", "[]", "42", '"text"', "{}", "not json", JSON.stringify({ ...shopPayload, myshopify_domain: 7 }), JSON.stringify({ shop_id: "x", shop_domain: null })];
    const ids: string[] = [];
    for (const body of junk) {
      for (const [topic, action] of [
        ["app/uninstalled", uninstalled],
        ["shop/redact", shopRedact],
        ["orders/create", ordersCreate],
        ["customers/redact", customersRedact],
      ] as const) {
        const webhookId = randomUUID();
        ids.push(webhookId);
        const response = (await runRoute(action, webhookRequest(topic, SHOP, null, { body, webhookId }))) as Response;
        expect(response.status, `${topic} ${body}`).toBe(200);
      }
    }
    expect(await prisma.webhookDelivery.count({ where: { webhookId: { in: ids }, status: "INVALID" } })).toBe(ids.length);
    expect(await drainWebhookQueue(prisma, { workerId: "later", now: () => new Date(Date.now() + 24 * 3_600_000) })).toBe(0);
    expect((await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).uninstalledAt).toBeNull();
  });

  it("R32: a delivery for a topic the app does not take is acknowledged and marked INVALID", async () => {
    const webhookId = randomUUID();
    const response = (await runRoute(ordersCreate, webhookRequest("products/create", SHOP, { id: 1 }, { webhookId }))) as Response;
    expect(response.status).toBe(200);
    expect(await deliveryOf(webhookId)).toMatchObject({ status: "INVALID", topic: "PRODUCTS_CREATE" });
  });

  it("R32: a body over the limit is refused with 413 before it is read, declared or streamed", async () => {
    const big = "x".repeat(5 * 1024 * 1024 + 1);
    const declared = (await runRoute(ordersCreate, webhookRequest("orders/create", SHOP, null, { body: big }))) as Response;
    expect(declared.status).toBe(413);
    // Streamed without a length: refused once the bytes read pass the limit, the rest never pulled.
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(120);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const request = new Request(`${process.env.SHOPIFY_APP_URL}/webhooks/orders/create`, {
      method: "POST",
      body: endless,
      headers: { "X-Shopify-Topic": "orders/create" },
      duplex: "half",
    } as RequestInit);
    expect(((await runRoute(ordersCreate, request)) as Response).status).toBe(413);
    expect(pulled).toBeLessThan(6 * 1024 * 1024);
    expect(await prisma.webhookDelivery.count()).toBe(0);
  });

  it("R32: app/scopes_update sets the shop's sessions to the scopes now granted", async () => {
    await seedInstalledShop();
    await prisma.session.update({ where: { id: `offline_${SHOP}` }, data: { scope: "read_discounts,write_discounts,read_orders,read_products" } });
    const payload = { ...realPayload("app/scopes_update", SHOP), current: ["read_discounts", "write_discounts", "read_orders"] };
    expect(((await run(scopesUpdate, webhookRequest("app/scopes_update", SHOP, payload))) as Response).status).toBe(200);
    expect((await prisma.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } })).scope).toBe("read_discounts,write_discounts,read_orders");
    expect(await prisma.webhookDelivery.count({ where: { topic: "APP_SCOPES_UPDATE", status: "DONE" } })).toBe(1);
  });
});
