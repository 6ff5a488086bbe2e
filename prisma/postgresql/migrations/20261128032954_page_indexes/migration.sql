-- CreateIndex
CREATE INDEX "OfferMember_offerId_createdAt_idx" ON "OfferMember"("offerId", "createdAt");

-- CreateIndex
CREATE INDEX "PromoCode_offerMemberId_current_idx" ON "PromoCode"("offerMemberId", "current");

