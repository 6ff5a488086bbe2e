-- AlterTable
ALTER TABLE "PromoCode" ADD COLUMN     "replacesId" TEXT;

-- CreateIndex
CREATE INDEX "PromoCode_replacesId_idx" ON "PromoCode"("replacesId");

