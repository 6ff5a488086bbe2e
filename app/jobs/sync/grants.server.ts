// R1a with R42: which of a batch's operations may act in a store. The primary store acts in a
// connected store only while that store's grant stands. Once the link has ended, the one thing
// still done there is what the connected store's own admin asked for in its own store: the
// deactivations of a revocation with "deactivate here" (StoreRevocation.jobId), run with that
// store's own session (docs/decisions/170).
import type { Prisma, PrismaClient } from "@prisma/client";
import { hasGrant } from "~/services/stores.server";
import type { Claimed } from "./types";

export async function splitByGrant(
  db: PrismaClient | Prisma.TransactionClient,
  primary: string,
  store: string,
  ops: Claimed[],
): Promise<{ allowed: Claimed[]; refused: Claimed[] }> {
  if (await hasGrant(db, primary, store)) return { allowed: ops, refused: [] };
  const jobIds = [...new Set(ops.filter((op) => op.action === "DEACTIVATE_CODE" && op.jobId).map((op) => op.jobId!))];
  const asked = jobIds.length
    ? new Set(
        (await db.storeRevocation.findMany({ where: { jobId: { in: jobIds }, primaryShop: primary, connectedShop: store, choice: "DEACTIVATE" }, select: { jobId: true } })).map(
          (r) => r.jobId,
        ),
      )
    : new Set<string | null>();
  const allowed = ops.filter((op) => op.action === "DEACTIVATE_CODE" && op.jobId && asked.has(op.jobId));
  return { allowed, refused: ops.filter((op) => !allowed.includes(op)) };
}
