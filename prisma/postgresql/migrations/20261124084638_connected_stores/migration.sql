-- AlterTable
ALTER TABLE "Offer" ADD COLUMN     "sameValueAcrossStores" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "syncEnabled" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "StoreLink" (
    "id" TEXT NOT NULL,
    "primaryShop" TEXT NOT NULL,
    "connectedShop" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "syncEnabled" BOOLEAN NOT NULL DEFAULT true,
    "status" TEXT NOT NULL DEFAULT 'CONNECTED',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "StoreLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LinkCode" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "usedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LinkCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfferStore" (
    "offerId" TEXT NOT NULL,
    "store" TEXT NOT NULL,
    "discountPercent" DOUBLE PRECISION,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OfferStore_pkey" PRIMARY KEY ("offerId","store")
);

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

-- AddForeignKey
ALTER TABLE "OfferStore" ADD CONSTRAINT "OfferStore_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

