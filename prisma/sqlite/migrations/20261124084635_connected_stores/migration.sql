-- CreateTable
CREATE TABLE "StoreLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "primaryShop" TEXT NOT NULL,
    "connectedShop" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "syncEnabled" BOOLEAN NOT NULL DEFAULT true,
    "status" TEXT NOT NULL DEFAULT 'CONNECTED',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "endedAt" DATETIME
);

-- CreateTable
CREATE TABLE "LinkCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "usedBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "OfferStore" (
    "offerId" TEXT NOT NULL,
    "store" TEXT NOT NULL,
    "discountPercent" REAL,
    "addedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("offerId", "store"),
    CONSTRAINT "OfferStore_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Offer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kind" TEXT NOT NULL DEFAULT 'MEMBER_CODES',
    "groupCode" TEXT,
    "payoutType" TEXT NOT NULL,
    "payoutFlatCents" INTEGER,
    "payoutPercent" REAL,
    "groupName" TEXT NOT NULL,
    "namingPattern" TEXT NOT NULL DEFAULT '{FIRST_NAME}{DISCOUNT}',
    "namingPrefix" TEXT NOT NULL DEFAULT '',
    "namingSuffix" TEXT NOT NULL DEFAULT '',
    "discountType" TEXT NOT NULL,
    "discountPercent" REAL,
    "discountAmountCents" INTEGER,
    "minimumType" TEXT NOT NULL DEFAULT 'NONE',
    "minimumSubtotalCents" INTEGER,
    "minimumQuantity" INTEGER,
    "oncePerCustomer" BOOLEAN NOT NULL DEFAULT false,
    "appliesTo" TEXT NOT NULL DEFAULT 'ALL',
    "productIds" TEXT NOT NULL DEFAULT '[]',
    "collectionIds" TEXT NOT NULL DEFAULT '[]',
    "usageLimit" INTEGER,
    "usageUnit" TEXT NOT NULL DEFAULT 'PER_ORDER',
    "datesMode" TEXT NOT NULL DEFAULT 'UNIFIED',
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME,
    "combinesWithOrder" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithProduct" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithShipping" BOOLEAN NOT NULL DEFAULT false,
    "archivedAt" DATETIME,
    "syncEnabled" BOOLEAN NOT NULL DEFAULT false,
    "sameValueAcrossStores" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Offer" ("appliesTo", "archivedAt", "collectionIds", "combinesWithOrder", "combinesWithProduct", "combinesWithShipping", "createdAt", "datesMode", "description", "discountAmountCents", "discountPercent", "discountType", "endsAt", "groupCode", "groupName", "id", "kind", "minimumQuantity", "minimumSubtotalCents", "minimumType", "name", "namingPattern", "namingPrefix", "namingSuffix", "oncePerCustomer", "payoutFlatCents", "payoutPercent", "payoutType", "productIds", "shop", "startsAt", "updatedAt", "usageLimit", "usageUnit") SELECT "appliesTo", "archivedAt", "collectionIds", "combinesWithOrder", "combinesWithProduct", "combinesWithShipping", "createdAt", "datesMode", "description", "discountAmountCents", "discountPercent", "discountType", "endsAt", "groupCode", "groupName", "id", "kind", "minimumQuantity", "minimumSubtotalCents", "minimumType", "name", "namingPattern", "namingPrefix", "namingSuffix", "oncePerCustomer", "payoutFlatCents", "payoutPercent", "payoutType", "productIds", "shop", "startsAt", "updatedAt", "usageLimit", "usageUnit" FROM "Offer";
DROP TABLE "Offer";
ALTER TABLE "new_Offer" RENAME TO "Offer";
CREATE INDEX "Offer_shop_createdAt_idx" ON "Offer"("shop", "createdAt");
CREATE INDEX "Offer_shop_name_idx" ON "Offer"("shop", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "StoreLink_connectedShop_idx" ON "StoreLink"("connectedShop");

-- CreateIndex
CREATE UNIQUE INDEX "StoreLink_primaryShop_connectedShop_key" ON "StoreLink"("primaryShop", "connectedShop");

-- CreateIndex
CREATE UNIQUE INDEX "LinkCode_codeHash_key" ON "LinkCode"("codeHash");

-- CreateIndex
CREATE INDEX "LinkCode_shop_createdAt_idx" ON "LinkCode"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "OfferStore_store_idx" ON "OfferStore"("store");

