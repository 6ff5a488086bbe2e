import type { PrismaClient } from "@prisma/client";
import type { CustomerRedactPayload, DataRequestPayload } from "~/webhooks/privacy.server";

// The mandatory privacy webhooks (R32). Members are the brand's creators, not its customers;
// what the app holds about a store's customer is the customer id and order references on
// conversions, and the cut-down order payloads in the webhook log (no names, emails or addresses).

const orderGid = (id: number | string) => `gid://shopify/Order/${id}`;

function customerConversions(db: PrismaClient, shop: string, customerId: string, orders: (number | string)[]) {
  return db.conversion.findMany({
    where: { store: shop, OR: [{ customerId }, ...(orders.length ? [{ orderId: { in: orders.map(orderGid) } }] : [])] },
    orderBy: { occurredAt: "asc" },
  });
}

/**
 * customers/data_request: what the app holds about the customer is written to the audit log for
 * the merchant to pass on: each conversion's order, code, store, date and amount, and what the leak
 * watch keeps (the buyer's country code, whether it was their first order; R39).
 */
export async function reportCustomerData(db: PrismaClient, shop: string, p: DataRequestPayload): Promise<void> {
  const conversions = await customerConversions(db, shop, String(p.customer.id), p.orders_requested);
  const stored = conversions.map((c) => ({
    order: c.orderName || c.orderId,
    orderId: c.orderId,
    code: c.code,
    store: c.store,
    at: c.occurredAt.toISOString(),
    sale: `${(c.saleCents / 100).toFixed(2)} ${c.currency}`,
    country: c.country,
    firstOrder: c.firstOrder,
  }));
  await db.auditEntry.create({
    data: { shop, actor: "shopify", action: "privacy.customer_data_request", subject: `customer:${p.customer.id}`, details: JSON.stringify({ stored }) },
  });
}

/**
 * customers/redact: the customer's link to conversions is removed (the brand's payouts stay, as
 * anonymous orders) and the stored payloads of those orders are blanked.
 */
export async function redactCustomer(db: PrismaClient, shop: string, p: CustomerRedactPayload): Promise<void> {
  const conversions = await customerConversions(db, shop, String(p.customer.id), p.orders_to_redact);
  const orderIds = [...new Set([...conversions.map((c) => c.orderId), ...p.orders_to_redact.map(orderGid)])];
  await db.$transaction([
    db.conversion.updateMany({ where: { id: { in: conversions.map((c) => c.id) } }, data: { customerId: null, country: null, firstOrder: null } }),
    db.webhookDelivery.updateMany({ where: { shop, orderId: { in: orderIds }, status: { not: "PENDING" } }, data: { payload: JSON.stringify({ redacted: true }) } }),
    db.auditEntry.create({
      data: { shop, actor: "shopify", action: "privacy.customer_redact", subject: `customer:${p.customer.id}`, details: JSON.stringify({ orders: orderIds.length }) },
    }),
  ]);
}

/** Shopify sends shop/redact 48 hours after the uninstall, and not at all once the app is reinstalled. */
export const SHOP_REDACT_AFTER_MS = 48 * 3_600_000;

/**
 * shop/redact: everything the app holds for the shop goes, but only for a shop that uninstalled
 * the app at least 48 h ago, as Shopify sends it. Otherwise nothing is deleted and the caller
 * reports the refusal: the topic header is not signed, so any captured delivery could be resent
 * as shop/redact (issue 12, docs/decisions/050).
 */
export async function redactShop(db: PrismaClient, shop: string, now = new Date()): Promise<{ honoured: true } | { honoured: false; reason: string }> {
  const record = await db.shop.findUnique({ where: { domain: shop } });
  if (!record) return { honoured: false, reason: `${shop} is not a shop the app knows (nothing to redact, or already redacted)` };
  if (!record.uninstalledAt) return { honoured: false, reason: `${shop} has the app installed` };
  if (now.getTime() - record.uninstalledAt.getTime() < SHOP_REDACT_AFTER_MS)
    return { honoured: false, reason: `${shop} uninstalled at ${record.uninstalledAt.toISOString()}, less than 48 h ago` };
  await db.$transaction([
    db.conversion.deleteMany({ where: { OR: [{ shop }, { store: shop }] } }),
    db.syncOperation.deleteMany({ where: { shop } }),
    db.job.deleteMany({ where: { shop } }),
    // Offers cascade to their members, codes, store codes and discount groups.
    db.promoCode.deleteMany({ where: { shop } }),
    db.offer.deleteMany({ where: { shop } }),
    db.project.deleteMany({ where: { shop } }),
    // Members' emails (R18) hold their names and addresses; the SMTP settings hold credentials.
    db.emailMessage.deleteMany({ where: { shop } }),
    db.emailSettings.deleteMany({ where: { shop } }),
    db.member.deleteMany({ where: { shop } }),
    db.session.deleteMany({ where: { shop } }),
    db.linkCode.deleteMany({ where: { shop } }),
    db.portalLink.deleteMany({ where: { shop } }),
    db.linkCodeAttempt.deleteMany({ where: { shop } }),
    db.offlineTokenState.deleteMany({ where: { shop } }),
    db.auditEntry.deleteMany({ where: { shop } }),
    db.shop.deleteMany({ where: { domain: shop } }),
    db.webhookDelivery.deleteMany({ where: { shop, topic: { not: "SHOP_REDACT" } } }),
  ]);
  return { honoured: true };
}
