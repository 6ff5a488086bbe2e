import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { action as uninstalled } from "~/routes/webhooks.app.uninstalled";
import { action as shopRedact } from "~/routes/webhooks.shop.redact";
import { action as customersRedact } from "~/routes/webhooks.customers.redact";
import { action as dataRequest } from "~/routes/webhooks.customers.data_request";
import { resetDatabase } from "../support/db";
import { run as runRoute, webhookRequest } from "../support/requests";
import { drainWebhookQueue } from "~/services/webhooks.server";

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
    const first = (await run(dataRequest, webhookRequest("customers/data_request", SHOP, { shop_domain: SHOP, customer: { id: 42, email: "a@b.c" } }, { webhookId: id }))) as Response;
    const second = (await run(dataRequest, webhookRequest("customers/data_request", SHOP, { shop_domain: SHOP, customer: { id: 42, email: "a@b.c" } }, { webhookId: id }))) as Response;
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await prisma.webhookDelivery.count()).toBe(1);
    expect(await prisma.auditEntry.count({ where: { action: "privacy.customer_data_request" } })).toBe(1);
  });

  it("R32: customers/redact is honoured and recorded", async () => {
    const response = (await run(customersRedact, webhookRequest("customers/redact", SHOP, { shop_domain: SHOP, customer: { id: 42 }, orders_to_redact: [] }))) as Response;
    expect(response.status).toBe(200);
    expect(await prisma.auditEntry.count({ where: { action: "privacy.customer_redact", subject: "customer:42" } })).toBe(1);
  });

  it("R32: shop/redact removes everything the app holds for the shop", async () => {
    await seedInstalledShop();
    await prisma.auditEntry.create({ data: { shop: SHOP, actor: "merchant", action: "offer.create", subject: "offer:1" } });
    const offer = await prisma.offer.create({ data: { shop: SHOP, name: "O", payoutType: "FLAT", payoutFlatCents: 100, groupName: "G", discountType: "PERCENTAGE", discountPercent: 10, startsAt: new Date() } });
    const member = await prisma.member.create({ data: { shop: SHOP, firstName: "A", email: "a@x.com" } });
    await prisma.promoCode.create({ data: { shop: SHOP, offerId: offer.id, memberId: member.id, code: "A10", codeKey: "A10", startsAt: new Date() } });
    const response = (await run(shopRedact, webhookRequest("shop/redact", SHOP, { shop_id: 1, shop_domain: SHOP }))) as Response;
    expect(response.status).toBe(200);
    expect(await prisma.shop.count({ where: { domain: SHOP } })).toBe(0);
    expect(await prisma.session.count({ where: { shop: SHOP } })).toBe(0);
    expect(await prisma.auditEntry.count({ where: { shop: SHOP } })).toBe(0);
    expect([await prisma.offer.count(), await prisma.member.count(), await prisma.promoCode.count()]).toEqual([0, 0, 0]);
  });
});
