import { Prisma, type PrismaClient } from "@prisma/client";
import { markUninstalled } from "./shops.server";
import { redactCustomer, redactShop, reportCustomerData } from "./privacy.server";
import { recordCancellation, recordOrder, recordRefund } from "./conversions.server";

export interface WebhookDeliveryInput {
  webhookId: string;
  shop: string;
  topic: string; // as the library gives it: ORDERS_CREATE, APP_UNINSTALLED, …
  apiVersion: string;
  payload: unknown;
}

type Handler = (db: PrismaClient, delivery: WebhookDeliveryInput) => Promise<void>;

const handlers: Record<string, Handler> = {
  APP_UNINSTALLED: (db, d) => markUninstalled(db, d.shop),
  CUSTOMERS_DATA_REQUEST: (db, d) => reportCustomerData(db, d.shop, d.payload),
  CUSTOMERS_REDACT: (db, d) => redactCustomer(db, d.shop, d.payload),
  SHOP_REDACT: (db, d) => redactShop(db, d.shop),
  ORDERS_CREATE: async (db, d) => void (await recordOrder(db, d.shop, d.payload)),
  ORDERS_UPDATED: async (db, d) => void (await recordOrder(db, d.shop, d.payload)),
  ORDERS_CANCELLED: (db, d) => recordCancellation(db, d.shop, d.payload),
  REFUNDS_CREATE: (db, d) => recordRefund(db, d.shop, d.payload),
};

/**
 * Accepts one verified webhook delivery (R32): stored once by X-Shopify-Webhook-Id, so a retry or
 * duplicate delivery is recognised and has no further effect, then handled. Returns false for a
 * delivery already seen.
 */
export async function acceptWebhook(db: PrismaClient, delivery: WebhookDeliveryInput): Promise<boolean> {
  try {
    await db.webhookDelivery.create({
      data: {
        webhookId: delivery.webhookId,
        shop: delivery.shop,
        topic: delivery.topic,
        apiVersion: delivery.apiVersion,
        payload: JSON.stringify(delivery.payload ?? null),
      },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
    throw error;
  }
  const handler = handlers[delivery.topic];
  try {
    if (handler) await handler(db, delivery);
    await db.webhookDelivery.update({
      where: { webhookId: delivery.webhookId },
      data: { processedAt: new Date(), attempts: { increment: 1 } },
    });
  } catch (error) {
    await db.webhookDelivery.update({
      where: { webhookId: delivery.webhookId },
      data: { error: String(error), attempts: { increment: 1 } },
    });
    throw error;
  }
  return true;
}
