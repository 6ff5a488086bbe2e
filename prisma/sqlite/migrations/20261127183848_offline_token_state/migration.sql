-- CreateTable
CREATE TABLE "OfflineTokenState" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "refreshOwner" TEXT,
    "refreshUntil" DATETIME,
    "refreshedAt" DATETIME,
    "needsMerchantAt" DATETIME,
    "needsMerchantWhy" TEXT
);

