-- CreateTable
CREATE TABLE "LinkCodeAttempt" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "client" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LinkCodeAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LinkCodeAttempt_shop_createdAt_idx" ON "LinkCodeAttempt"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "LinkCodeAttempt_client_createdAt_idx" ON "LinkCodeAttempt"("client", "createdAt");

