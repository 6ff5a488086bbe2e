-- CreateTable
CREATE TABLE "DriftItem" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "store" TEXT NOT NULL,
    "discountGroupId" TEXT,
    "promoCodeId" TEXT,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "openKey" TEXT,
    "before" TEXT NOT NULL DEFAULT '{}',
    "after" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "source" TEXT NOT NULL,
    "jobId" TEXT,
    "note" TEXT,
    "detectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,

    CONSTRAINT "DriftItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DriftCheck" (
    "discountGroupId" TEXT NOT NULL,
    "store" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DriftCheck_pkey" PRIMARY KEY ("discountGroupId")
);

-- CreateIndex
CREATE UNIQUE INDEX "DriftItem_openKey_key" ON "DriftItem"("openKey");

-- CreateIndex
CREATE INDEX "DriftItem_shop_status_idx" ON "DriftItem"("shop", "status");

-- CreateIndex
CREATE INDEX "DriftItem_offerId_status_idx" ON "DriftItem"("offerId", "status");

-- CreateIndex
CREATE INDEX "DriftItem_discountGroupId_idx" ON "DriftItem"("discountGroupId");

-- CreateIndex
CREATE INDEX "DriftCheck_store_idx" ON "DriftCheck"("store");

