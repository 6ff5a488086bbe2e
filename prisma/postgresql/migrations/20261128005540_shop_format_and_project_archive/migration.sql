-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "archivedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "countryCode" TEXT,
ADD COLUMN     "ianaTimezone" TEXT,
ADD COLUMN     "setupGuideDismissedAt" TIMESTAMP(3);

