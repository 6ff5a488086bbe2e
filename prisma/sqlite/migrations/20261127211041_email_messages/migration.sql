-- CreateTable
CREATE TABLE "EmailSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "senderName" TEXT NOT NULL DEFAULT '',
    "senderEmail" TEXT NOT NULL DEFAULT '',
    "replyTo" TEXT NOT NULL DEFAULT '',
    "smtpUrlSealed" TEXT,
    "smtpUrlHint" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "EmailMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "offerId" TEXT,
    "memberId" TEXT,
    "jobId" TEXT,
    "toEmail" TEXT NOT NULL,
    "toName" TEXT NOT NULL DEFAULT '',
    "subject" TEXT NOT NULL,
    "textBody" TEXT NOT NULL,
    "htmlBody" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "error" TEXT,
    "smtpResponse" TEXT,
    "smtpMessageId" TEXT,
    "actor" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "EmailMessage_status_nextAttemptAt_idx" ON "EmailMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "EmailMessage_status_leaseUntil_idx" ON "EmailMessage"("status", "leaseUntil");

-- CreateIndex
CREATE INDEX "EmailMessage_offerId_createdAt_idx" ON "EmailMessage"("offerId", "createdAt");

-- CreateIndex
CREATE INDEX "EmailMessage_memberId_createdAt_idx" ON "EmailMessage"("memberId", "createdAt");

-- CreateIndex
CREATE INDEX "EmailMessage_batchId_idx" ON "EmailMessage"("batchId");

-- CreateIndex
CREATE INDEX "EmailMessage_shop_createdAt_idx" ON "EmailMessage"("shop", "createdAt");

