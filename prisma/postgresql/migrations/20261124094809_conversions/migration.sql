-- CreateTable
CREATE TABLE "Conversion" (
    "id" TEXT NOT NULL,
    "store" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "memberId" TEXT,
    "promoCodeId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "saleCents" INTEGER NOT NULL,
    "saleUsdCents" INTEGER NOT NULL,
    "rateUnitsPerUsd" DOUBLE PRECISION NOT NULL,
    "rateDay" TEXT NOT NULL,
    "rateSource" TEXT NOT NULL,
    "payoutCents" INTEGER NOT NULL,
    "discountedItems" INTEGER NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Conversion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversionAdjustment" (
    "id" TEXT NOT NULL,
    "conversionId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "saleCents" INTEGER NOT NULL,
    "saleUsdCents" INTEGER NOT NULL,
    "payoutCents" INTEGER NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConversionAdjustment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Conversion_offerId_occurredAt_idx" ON "Conversion"("offerId", "occurredAt");

-- CreateIndex
CREATE INDEX "Conversion_memberId_occurredAt_idx" ON "Conversion"("memberId", "occurredAt");

-- CreateIndex
CREATE INDEX "Conversion_shop_occurredAt_idx" ON "Conversion"("shop", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "Conversion_store_orderId_promoCodeId_key" ON "Conversion"("store", "orderId", "promoCodeId");

-- CreateIndex
CREATE UNIQUE INDEX "ConversionAdjustment_conversionId_sourceId_key" ON "ConversionAdjustment"("conversionId", "sourceId");

-- AddForeignKey
ALTER TABLE "ConversionAdjustment" ADD CONSTRAINT "ConversionAdjustment_conversionId_fkey" FOREIGN KEY ("conversionId") REFERENCES "Conversion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

