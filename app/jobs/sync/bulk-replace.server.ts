// Bulk codes (R19, issue 17): a random code that a store already holds is not a failure the merchant
// must act on (nobody chose that name): it is replaced by a fresh code of the same shape, and its
// operation goes back to the queue under the new name. Only a code that was never live and exists
// in no store yet can be renamed: a bulk code being checked (CHECK_CODE, R7: before any creation),
// or one being created in an offer with one store. The new name is clear of every code the app
// knows in the offer's stores, like the batch itself (services/bulk-codes.server.ts).
import type { Prisma, PrismaClient } from "@prisma/client";
import { codeKey } from "~/domain/codes/code-rules";
import { BULK_CHARSETS, generateCodes, type BulkCharset, type Random } from "~/domain/codes/bulk";
import { cryptoRandom } from "~/services/crypto-random.server";
import { groupBy, inChunks } from "~/services/chunks.server";
import type { Claimed } from "./types";

type Tx = Prisma.TransactionClient;

/** The codes of `ops` that may be renamed instead of failing: bulk codes never live, in one store only when being created. */
export async function renamable(db: PrismaClient | Tx, ops: Claimed[]): Promise<Set<string>> {
  const bulk = ops.filter((op) => op.promoCode?.batchId && op.promoCode.status === "PENDING");
  if (!bulk.length) return new Set();
  const creates = bulk.filter((op) => op.action === "CREATE_CODE");
  // A code being created may be renamed only when no other store is to hold it (one-store offers):
  // elsewhere it may already be live under its name.
  const counts = creates.length
    ? await inChunks(creates, (part) => db.storeCode.groupBy({ by: ["promoCodeId"], where: { promoCodeId: { in: part.map((o) => o.promoCodeId!) } }, _count: { _all: true } }))
    : [];
  const single = new Set(counts.filter((c) => c._count._all === 1).map((c) => c.promoCodeId));
  return new Set(bulk.filter((op) => op.action === "CHECK_CODE" || single.has(op.promoCodeId!)).map((op) => op.id));
}

export interface Renamed {
  opId: string;
  from: string;
  to: string;
}

/**
 * Gives each of `ops` (bulk codes, see `renamable`) a fresh code of its batch's shape and puts its
 * operation back to PENDING, fenced by `leaseOwner` (only operations this claim still holds). A
 * batch that has needed more replacements than it has codes stops replacing: something other than
 * chance is taking them, and those operations are returned as not renamed (the caller fails them).
 */
export async function renameTakenBulkCodes(
  tx: Tx,
  ops: Claimed[],
  leaseOwner: string | null,
  random: Random = cryptoRandom(),
): Promise<{ renamed: Renamed[]; refused: Claimed[] }> {
  const renamed: Renamed[] = [];
  const refused: Claimed[] = [];
  for (const [batchId, batchOps] of groupBy(ops, (op) => op.promoCode!.batchId!)) {
    const batch = await tx.codeBatch.findUnique({ where: { id: batchId } });
    if (!batch || !(BULK_CHARSETS as readonly string[]).includes(batch.charset) || batch.replaced + batchOps.length > Math.max(100, batch.count)) {
      refused.push(...batchOps);
      continue;
    }
    const spec = { length: batch.length, charset: batch.charset as BulkCharset, excludeAmbiguous: batch.excludeAmbiguous, prefix: batch.prefix, suffix: batch.suffix };
    const stores = await offerStoresOf(tx, batchOps[0]!);
    // Draw, then drop the draws the app already knows in these stores, until all are fresh.
    const fresh: string[] = [];
    const drawn = new Set<string>();
    while (fresh.length < batchOps.length) {
      const candidates = generateCodes(spec, batchOps.length - fresh.length, (k) => drawn.has(k), random);
      for (const c of candidates) drawn.add(codeKey(c));
      const known = await knownAmong(tx, stores, candidates.map(codeKey));
      fresh.push(...candidates.filter((c) => !known.has(codeKey(c))));
    }
    const before = renamed.length;
    for (const [i, op] of batchOps.entries()) {
      const to = fresh[i]!;
      const { count } = await tx.syncOperation.updateMany({
        where: { id: op.id, leaseOwner, status: { in: ["RUNNING", "PENDING"] } },
        // attempts back to 0: the new name was never sent anywhere, nothing to reconcile.
        data: { status: "PENDING", attempts: 0, error: null, leaseOwner: null, leaseUntil: null },
      });
      if (!count) continue;
      await tx.promoCode.update({ where: { id: op.promoCodeId! }, data: { code: to, codeKey: codeKey(to) } });
      renamed.push({ opId: op.id, from: op.promoCode!.code, to });
    }
    await tx.codeBatch.update({ where: { id: batchId }, data: { replaced: { increment: renamed.length - before } } });
  }
  return { renamed, refused };
}

/** The stores whose codes a bulk code must differ from: its primary store and every store it targets. */
async function offerStoresOf(tx: Tx, op: Claimed): Promise<string[]> {
  const rows = await tx.storeCode.findMany({ where: { promoCodeId: op.promoCodeId! }, select: { store: true } });
  return [...new Set([op.shop, ...rows.map((r) => r.store)])];
}

/** Which of `keys` the app knows as codes in any of `stores` (owned there, or synced there). */
export async function knownAmong(db: PrismaClient | Tx, stores: string[], keys: string[]): Promise<Set<string>> {
  const rows = await inChunks(keys, (part) =>
    db.promoCode.findMany({ where: { codeKey: { in: part }, OR: [{ shop: { in: stores } }, { storeCodes: { some: { store: { in: stores } } } }] }, select: { codeKey: true } }),
  );
  return new Set(rows.map((r) => r.codeKey));
}
