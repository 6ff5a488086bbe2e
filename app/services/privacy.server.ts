import type { PrismaClient } from "@prisma/client";
import { z } from "zod";

// The mandatory privacy webhooks (R32). The app stores no customer data yet (conversions will
// hold order references, issue #6), so a data request records what was asked and a redaction of
// a customer has nothing to remove; shop/redact removes everything the app holds for the shop.

const customerPayload = z.object({
  shop_domain: z.string(),
  customer: z.object({ id: z.number().or(z.string()), email: z.string().nullish() }),
});

export async function reportCustomerData(db: PrismaClient, shop: string, payload: unknown): Promise<void> {
  const p = customerPayload.parse(payload);
  await db.auditEntry.create({
    data: {
      shop,
      actor: "shopify",
      action: "privacy.customer_data_request",
      subject: `customer:${p.customer.id}`,
      details: JSON.stringify({ stored: [] }),
    },
  });
}

export async function redactCustomer(db: PrismaClient, shop: string, payload: unknown): Promise<void> {
  const p = customerPayload.parse(payload);
  await db.auditEntry.create({
    data: { shop, actor: "shopify", action: "privacy.customer_redact", subject: `customer:${p.customer.id}` },
  });
}

export async function redactShop(db: PrismaClient, shop: string): Promise<void> {
  await db.$transaction([
    db.session.deleteMany({ where: { shop } }),
    db.auditEntry.deleteMany({ where: { shop } }),
    db.shop.deleteMany({ where: { domain: shop } }),
    db.webhookDelivery.deleteMany({ where: { shop, topic: { not: "SHOP_REDACT" } } }),
  ]);
}
