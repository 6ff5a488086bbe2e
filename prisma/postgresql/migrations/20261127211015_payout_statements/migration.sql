-- AlterTable
ALTER TABLE "Conversion" ADD COLUMN     "attribution" TEXT,
ADD COLUMN     "orderSaleCents" INTEGER,
ADD COLUMN     "rateStatus" TEXT,
ADD COLUMN     "testOrder" BOOLEAN;

-- AlterTable
ALTER TABLE "ConversionAdjustment" ADD COLUMN     "rateDay" TEXT,
ADD COLUMN     "rateSource" TEXT,
ADD COLUMN     "rateUnitsPerUsd" DOUBLE PRECISION,
ADD COLUMN     "reason" TEXT;

-- CreateTable
CREATE TABLE "PayoutPeriod" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "closedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedBy" TEXT NOT NULL,
    "paidAt" TIMESTAMP(3),
    "paidBy" TEXT,
    "paidReference" TEXT,

    CONSTRAINT "PayoutPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PayoutLine" (
    "id" TEXT NOT NULL,
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

    CONSTRAINT "PayoutLine_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PayoutPeriod_shop_period_key" ON "PayoutPeriod"("shop", "period");

-- CreateIndex
CREATE INDEX "PayoutLine_periodId_idx" ON "PayoutLine"("periodId");

-- CreateIndex
CREATE UNIQUE INDEX "PayoutLine_shop_itemKey_key" ON "PayoutLine"("shop", "itemKey");

-- AddForeignKey
ALTER TABLE "PayoutLine" ADD CONSTRAINT "PayoutLine_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "PayoutPeriod"("id") ON DELETE CASCADE ON UPDATE CASCADE;

