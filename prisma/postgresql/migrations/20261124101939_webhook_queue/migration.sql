-- DropIndex
DROP INDEX "WebhookDelivery_processedAt_receivedAt_idx";

-- AlterTable
ALTER TABLE "Conversion" ADD COLUMN     "customerId" TEXT;

-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "claimToken" TEXT,
ADD COLUMN     "leaseUntil" TIMESTAMP(3),
ADD COLUMN     "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "orderId" TEXT,
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'PENDING';

-- CreateIndex
CREATE INDEX "Conversion_store_customerId_idx" ON "Conversion"("store", "customerId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_shop_orderId_idx" ON "WebhookDelivery"("shop", "orderId");


-- Deliveries handled before the queue existed are done.
UPDATE "WebhookDelivery" SET "status" = 'DONE' WHERE "processedAt" IS NOT NULL;
