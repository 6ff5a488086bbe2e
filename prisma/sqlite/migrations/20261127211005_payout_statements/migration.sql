-- AlterTable
ALTER TABLE "Conversion" ADD COLUMN "attribution" TEXT;
ALTER TABLE "Conversion" ADD COLUMN "orderSaleCents" INTEGER;
ALTER TABLE "Conversion" ADD COLUMN "rateStatus" TEXT;
ALTER TABLE "Conversion" ADD COLUMN "testOrder" BOOLEAN;

-- AlterTable
ALTER TABLE "ConversionAdjustment" ADD COLUMN "rateDay" TEXT;
ALTER TABLE "ConversionAdjustment" ADD COLUMN "rateSource" TEXT;
ALTER TABLE "ConversionAdjustment" ADD COLUMN "rateUnitsPerUsd" REAL;
ALTER TABLE "ConversionAdjustment" ADD COLUMN "reason" TEXT;

-- CreateTable
CREATE TABLE "PayoutPeriod" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "closedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedBy" TEXT NOT NULL,
    "paidAt" DATETIME,
    "paidBy" TEXT,
    "paidReference" TEXT
);

-- CreateTable
CREATE TABLE "PayoutLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "periodId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "itemKey" TEXT NOT NULL,
    "conversionId" TEXT NOT NULL,
    "adjustmentId" TEXT,
    "memberId" TEXT,
    "offerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "correctsPeriod" TEXT,
    "saleUsdCents" INTEGER NOT NULL,
    "payoutCents" INTEGER NOT NULL,
    CONSTRAINT "PayoutLine_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "PayoutPeriod" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "PayoutPeriod_shop_period_key" ON "PayoutPeriod"("shop", "period");

-- CreateIndex
CREATE INDEX "PayoutLine_periodId_idx" ON "PayoutLine"("periodId");

-- CreateIndex
CREATE UNIQUE INDEX "PayoutLine_shop_itemKey_key" ON "PayoutLine"("shop", "itemKey");

