-- AlterTable
ALTER TABLE "DiscountGroup" ADD COLUMN     "lockedUntil" TIMESTAMP(3),
ADD COLUMN     "seedPromoCodeId" TEXT;

