-- AlterTable
ALTER TABLE "Conversion" ADD COLUMN "customerId" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_WebhookDelivery" (
    "webhookId" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "apiVersion" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "orderId" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimToken" TEXT,
    "leaseUntil" DATETIME,
    "processedAt" DATETIME,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_WebhookDelivery" ("apiVersion", "attempts", "error", "payload", "processedAt", "receivedAt", "shop", "topic", "webhookId") SELECT "apiVersion", "attempts", "error", "payload", "processedAt", "receivedAt", "shop", "topic", "webhookId" FROM "WebhookDelivery";
DROP TABLE "WebhookDelivery";
ALTER TABLE "new_WebhookDelivery" RENAME TO "WebhookDelivery";
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");
CREATE INDEX "WebhookDelivery_shop_orderId_idx" ON "WebhookDelivery"("shop", "orderId");
CREATE INDEX "WebhookDelivery_shop_topic_idx" ON "WebhookDelivery"("shop", "topic");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Conversion_store_customerId_idx" ON "Conversion"("store", "customerId");


-- Deliveries handled before the queue existed are done.
UPDATE "WebhookDelivery" SET "status" = 'DONE' WHERE "processedAt" IS NOT NULL;
