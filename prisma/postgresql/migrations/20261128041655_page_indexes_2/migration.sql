-- DropIndex
DROP INDEX "OfferMember_offerId_createdAt_idx";

-- CreateIndex
CREATE INDEX "Conversion_shop_currency_idx" ON "Conversion"("shop", "currency");

-- CreateIndex
CREATE INDEX "Conversion_shop_rateStatus_idx" ON "Conversion"("shop", "rateStatus");

-- CreateIndex
CREATE INDEX "OfferMember_offerId_createdAt_id_idx" ON "OfferMember"("offerId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "StoreCode_state_promoCodeId_idx" ON "StoreCode"("state", "promoCodeId");

