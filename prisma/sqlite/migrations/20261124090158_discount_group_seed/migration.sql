-- AlterTable
ALTER TABLE "DiscountGroup" ADD COLUMN "lockedUntil" DATETIME;
ALTER TABLE "DiscountGroup" ADD COLUMN "seedPromoCodeId" TEXT;

