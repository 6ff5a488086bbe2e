-- AlterTable
ALTER TABLE "Conversion" ADD COLUMN "country" TEXT;
ALTER TABLE "Conversion" ADD COLUMN "firstOrder" BOOLEAN;

-- CreateTable
CREATE TABLE "LeakFlag" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "offerMemberId" TEXT,
    "promoCodeId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "severity" TEXT NOT NULL,
    "windowStart" DATETIME NOT NULL,
    "windowEnd" DATETIME NOT NULL,
    "uses" INTEGER NOT NULL,
    "distinctCustomers" INTEGER NOT NULL,
    "firstTimeShare" REAL,
    "stores" TEXT NOT NULL DEFAULT '[]',
    "countries" TEXT NOT NULL DEFAULT '[]',
    "baselinePerHour" REAL NOT NULL,
    "baselineSource" TEXT NOT NULL,
    "evidence" TEXT NOT NULL DEFAULT '{}',
    "detectedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME,
    "resolvedBy" TEXT,
    "reason" TEXT,
    "jobId" TEXT,
    "autoAction" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "LeakWatchSettings" (
    "offerId" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "ratio" REAL NOT NULL,
    "minCustomers" INTEGER NOT NULL,
    "hardRatio" REAL NOT NULL,
    "hardMinCustomers" INTEGER NOT NULL,
    "autoDeactivate" BOOLEAN NOT NULL DEFAULT false,
    "notifyEmail" TEXT NOT NULL DEFAULT '',
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "LeakFlag_shop_status_detectedAt_idx" ON "LeakFlag"("shop", "status", "detectedAt");

-- CreateIndex
CREATE INDEX "LeakFlag_offerId_status_idx" ON "LeakFlag"("offerId", "status");

-- CreateIndex
CREATE INDEX "LeakFlag_promoCodeId_status_idx" ON "LeakFlag"("promoCodeId", "status");

-- CreateIndex
CREATE INDEX "LeakFlag_memberId_offerId_status_idx" ON "LeakFlag"("memberId", "offerId", "status");

