-- AlterTable
ALTER TABLE "PromoCode" ADD COLUMN     "batchId" TEXT;

-- CreateTable
CREATE TABLE "CodeBatch" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "jobId" TEXT,
    "count" INTEGER NOT NULL,
    "length" INTEGER NOT NULL,
    "charset" TEXT NOT NULL,
    "excludeAmbiguous" BOOLEAN NOT NULL DEFAULT true,
    "prefix" TEXT NOT NULL DEFAULT '',
    "suffix" TEXT NOT NULL DEFAULT '',
    "replaced" INTEGER NOT NULL DEFAULT 0,
    "actor" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CodeBatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CodeBatch_offerId_createdAt_idx" ON "CodeBatch"("offerId", "createdAt");

-- CreateIndex
CREATE INDEX "PromoCode_batchId_idx" ON "PromoCode"("batchId");

