import type { Prisma, PrismaClient } from "@prisma/client";

type Db = PrismaClient | Prisma.TransactionClient;

export interface AuditInput {
  shop: string;
  actor: string;
  action: string;
  subject: string;
  stores?: string[];
  details?: unknown;
}

/** R36: who changed what, when, in which stores. Written in the same transaction as the change. */
export async function recordAudit(db: Db, entry: AuditInput): Promise<void> {
  await db.auditEntry.create({
    data: {
      shop: entry.shop,
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      stores: (entry.stores ?? []).join(","),
      details: JSON.stringify(entry.details ?? {}),
    },
  });
}
