-- AlterTable
ALTER TABLE "Project" ADD COLUMN "archivedAt" DATETIME;

-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "countryCode" TEXT;
ALTER TABLE "Shop" ADD COLUMN "ianaTimezone" TEXT;
ALTER TABLE "Shop" ADD COLUMN "setupGuideDismissedAt" DATETIME;

