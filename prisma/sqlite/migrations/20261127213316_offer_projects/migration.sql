-- CreateTable
CREATE TABLE "OfferProject" (
    "offerId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "connectedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disconnectedAt" DATETIME,

    PRIMARY KEY ("offerId", "projectId"),
    CONSTRAINT "OfferProject_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OfferProject_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "OfferProject_projectId_idx" ON "OfferProject"("projectId");

