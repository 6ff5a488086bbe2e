-- CreateTable
CREATE TABLE "OfflineTokenState" (
    "shop" TEXT NOT NULL,
    "refreshOwner" TEXT,
    "refreshUntil" TIMESTAMP(3),
    "refreshedAt" TIMESTAMP(3),
    "needsMerchantAt" TIMESTAMP(3),
    "needsMerchantWhy" TEXT,

    CONSTRAINT "OfflineTokenState_pkey" PRIMARY KEY ("shop")
);

