-- CreateTable
CREATE TABLE "LinkCodeAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "client" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "LinkCodeAttempt_shop_createdAt_idx" ON "LinkCodeAttempt"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "LinkCodeAttempt_client_createdAt_idx" ON "LinkCodeAttempt"("client", "createdAt");

