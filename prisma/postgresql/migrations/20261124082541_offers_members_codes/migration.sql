-- CreateTable
CREATE TABLE "Offer" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kind" TEXT NOT NULL DEFAULT 'MEMBER_CODES',
    "groupCode" TEXT,
    "payoutType" TEXT NOT NULL,
    "payoutFlatCents" INTEGER,
    "payoutPercent" DOUBLE PRECISION,
    "groupName" TEXT NOT NULL,
    "namingPattern" TEXT NOT NULL DEFAULT '{FIRST_NAME}{DISCOUNT}',
    "namingPrefix" TEXT NOT NULL DEFAULT '',
    "namingSuffix" TEXT NOT NULL DEFAULT '',
    "discountType" TEXT NOT NULL,
    "discountPercent" DOUBLE PRECISION,
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
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "combinesWithOrder" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithProduct" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithShipping" BOOLEAN NOT NULL DEFAULT false,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Offer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Project" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL DEFAULT '',
    "email" TEXT NOT NULL,
    "handle" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectMember" (
    "projectId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProjectMember_pkey" PRIMARY KEY ("projectId","memberId")
);

-- CreateTable
CREATE TABLE "OfferMember" (
    "id" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OfferMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PromoCode" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "offerMemberId" TEXT,
    "memberId" TEXT,
    "code" TEXT NOT NULL,
    "codeKey" TEXT NOT NULL,
    "current" BOOLEAN NOT NULL DEFAULT true,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "PromoCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DiscountGroup" (
    "id" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "store" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "remoteId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DiscountGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StoreCode" (
    "id" TEXT NOT NULL,
    "promoCodeId" TEXT NOT NULL,
    "store" TEXT NOT NULL,
    "discountGroupId" TEXT,
    "remoteCodeId" TEXT,
    "state" TEXT NOT NULL DEFAULT 'PENDING',
    "error" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StoreCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "offerId" TEXT,
    "actor" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "total" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncOperation" (
    "id" TEXT NOT NULL,
    "jobId" TEXT,
    "shop" TEXT NOT NULL,
    "store" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "promoCodeId" TEXT,
    "action" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncOperation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Offer_shop_createdAt_idx" ON "Offer"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "Offer_shop_name_idx" ON "Offer"("shop", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Project_shop_name_key" ON "Project"("shop", "name");

-- CreateIndex
CREATE INDEX "Member_shop_lastName_firstName_idx" ON "Member"("shop", "lastName", "firstName");

-- CreateIndex
CREATE UNIQUE INDEX "Member_shop_email_key" ON "Member"("shop", "email");

-- CreateIndex
CREATE INDEX "ProjectMember_memberId_idx" ON "ProjectMember"("memberId");

-- CreateIndex
CREATE INDEX "OfferMember_offerId_status_idx" ON "OfferMember"("offerId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "OfferMember_offerId_memberId_key" ON "OfferMember"("offerId", "memberId");

-- CreateIndex
CREATE INDEX "PromoCode_shop_codeKey_idx" ON "PromoCode"("shop", "codeKey");

-- CreateIndex
CREATE INDEX "PromoCode_offerId_current_status_idx" ON "PromoCode"("offerId", "current", "status");

-- CreateIndex
CREATE INDEX "PromoCode_memberId_idx" ON "PromoCode"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "DiscountGroup_offerId_store_key_key" ON "DiscountGroup"("offerId", "store", "key");

-- CreateIndex
CREATE INDEX "StoreCode_store_state_idx" ON "StoreCode"("store", "state");

-- CreateIndex
CREATE UNIQUE INDEX "StoreCode_promoCodeId_store_key" ON "StoreCode"("promoCodeId", "store");

-- CreateIndex
CREATE INDEX "Job_shop_createdAt_idx" ON "Job"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "SyncOperation_status_leaseUntil_idx" ON "SyncOperation"("status", "leaseUntil");

-- CreateIndex
CREATE INDEX "SyncOperation_jobId_status_idx" ON "SyncOperation"("jobId", "status");

-- CreateIndex
CREATE INDEX "SyncOperation_promoCodeId_idx" ON "SyncOperation"("promoCodeId");

-- AddForeignKey
ALTER TABLE "ProjectMember" ADD CONSTRAINT "ProjectMember_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectMember" ADD CONSTRAINT "ProjectMember_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfferMember" ADD CONSTRAINT "OfferMember_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfferMember" ADD CONSTRAINT "OfferMember_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromoCode" ADD CONSTRAINT "PromoCode_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromoCode" ADD CONSTRAINT "PromoCode_offerMemberId_fkey" FOREIGN KEY ("offerMemberId") REFERENCES "OfferMember"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PromoCode" ADD CONSTRAINT "PromoCode_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DiscountGroup" ADD CONSTRAINT "DiscountGroup_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoreCode" ADD CONSTRAINT "StoreCode_promoCodeId_fkey" FOREIGN KEY ("promoCodeId") REFERENCES "PromoCode"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoreCode" ADD CONSTRAINT "StoreCode_discountGroupId_fkey" FOREIGN KEY ("discountGroupId") REFERENCES "DiscountGroup"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Job" ADD CONSTRAINT "Job_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncOperation" ADD CONSTRAINT "SyncOperation_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncOperation" ADD CONSTRAINT "SyncOperation_promoCodeId_fkey" FOREIGN KEY ("promoCodeId") REFERENCES "PromoCode"("id") ON DELETE CASCADE ON UPDATE CASCADE;

