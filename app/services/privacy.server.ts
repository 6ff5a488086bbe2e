import type { PrismaClient } from "@prisma/client";
import { z } from "zod";

// The mandatory privacy webhooks (R32). The app stores no Shopify customer data yet (members are
// the brand's creators, not its customers; conversions will hold order references, issue #6), so
// a data request records what was asked and a customer redaction has nothing to remove.

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

/** shop/redact (≥ 48 h after uninstall): everything the app holds for the shop goes. */
export async function redactShop(db: PrismaClient, shop: string): Promise<void> {
  await db.$transaction([
    db.conversion.deleteMany({ where: { OR: [{ shop }, { store: shop }] } }),
    db.syncOperation.deleteMany({ where: { shop } }),
    db.job.deleteMany({ where: { shop } }),
    // Offers cascade to their members, codes, store codes and discount groups.
    db.promoCode.deleteMany({ where: { shop } }),
    db.offer.deleteMany({ where: { shop } }),
    db.project.deleteMany({ where: { shop } }),
    db.member.deleteMany({ where: { shop } }),
    db.session.deleteMany({ where: { shop } }),
    db.auditEntry.deleteMany({ where: { shop } }),
    db.shop.deleteMany({ where: { domain: shop } }),
    db.webhookDelivery.deleteMany({ where: { shop, topic: { not: "SHOP_REDACT" } } }),
  ]);
}
