-- AlterTable
ALTER TABLE "Conversion" ADD COLUMN     "country" TEXT,
ADD COLUMN     "firstOrder" BOOLEAN;

-- CreateTable
CREATE TABLE "LeakFlag" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "offerMemberId" TEXT,
    "promoCodeId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "severity" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "windowEnd" TIMESTAMP(3) NOT NULL,
    "uses" INTEGER NOT NULL,
    "distinctCustomers" INTEGER NOT NULL,
    "firstTimeShare" DOUBLE PRECISION,
    "stores" TEXT NOT NULL DEFAULT '[]',
    "countries" TEXT NOT NULL DEFAULT '[]',
    "baselinePerHour" DOUBLE PRECISION NOT NULL,
    "baselineSource" TEXT NOT NULL,
    "evidence" TEXT NOT NULL DEFAULT '{}',
    "detectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "resolvedBy" TEXT,
    "reason" TEXT,
    "jobId" TEXT,
    "autoAction" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "LeakFlag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LeakWatchSettings" (
    "offerId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "ratio" DOUBLE PRECISION NOT NULL,
    "minCustomers" INTEGER NOT NULL,
    "hardRatio" DOUBLE PRECISION NOT NULL,
    "hardMinCustomers" INTEGER NOT NULL,
    "autoDeactivate" BOOLEAN NOT NULL DEFAULT false,
    "notifyEmail" TEXT NOT NULL DEFAULT '',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LeakWatchSettings_pkey" PRIMARY KEY ("offerId")
);

-- CreateIndex
CREATE INDEX "LeakFlag_shop_status_detectedAt_idx" ON "LeakFlag"("shop", "status", "detectedAt");

-- CreateIndex
CREATE INDEX "LeakFlag_offerId_status_idx" ON "LeakFlag"("offerId", "status");

-- CreateIndex
CREATE INDEX "LeakFlag_promoCodeId_status_idx" ON "LeakFlag"("promoCodeId", "status");

-- CreateIndex
CREATE INDEX "LeakFlag_memberId_offerId_status_idx" ON "LeakFlag"("memberId", "offerId", "status");

