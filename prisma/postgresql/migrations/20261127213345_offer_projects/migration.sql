-- CreateTable
CREATE TABLE "OfferProject" (
    "offerId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "connectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disconnectedAt" TIMESTAMP(3),

    CONSTRAINT "OfferProject_pkey" PRIMARY KEY ("offerId","projectId")
);

-- CreateIndex
CREATE INDEX "OfferProject_projectId_idx" ON "OfferProject"("projectId");

-- AddForeignKey
ALTER TABLE "OfferProject" ADD CONSTRAINT "OfferProject_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfferProject" ADD CONSTRAINT "OfferProject_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

