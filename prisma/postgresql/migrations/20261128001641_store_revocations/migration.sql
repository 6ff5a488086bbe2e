-- CreateTable
CREATE TABLE "StoreRevocation" (
    "id" TEXT NOT NULL,
    "linkId" TEXT NOT NULL,
    "primaryShop" TEXT NOT NULL,
    "connectedShop" TEXT NOT NULL,
    "choice" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "jobId" TEXT,
    "offers" INTEGER NOT NULL DEFAULT 0,
    "codes" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "primarySeenAt" TIMESTAMP(3),

    CONSTRAINT "StoreRevocation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StoreRevocation_primaryShop_createdAt_idx" ON "StoreRevocation"("primaryShop", "createdAt");

-- CreateIndex
CREATE INDEX "StoreRevocation_connectedShop_createdAt_idx" ON "StoreRevocation"("connectedShop", "createdAt");

-- CreateIndex
CREATE INDEX "StoreRevocation_jobId_idx" ON "StoreRevocation"("jobId");

