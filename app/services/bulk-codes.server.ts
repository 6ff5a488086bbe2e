// Bulk codes not tied to members (R19, issue 17; docs/decisions/110): up to 100,000 random codes
// into an offer's discount group. The codes are unique within the offer and differ from every code
// the app knows in the offer's stores; they are stored at once (multi-row INSERTs) with their
// store states and one operation each, in one transaction through the outbox. The sync worker then
// checks them in every synced store (R7) and adds them 250 per call (R38: a job with progress,
// resumable). A code a store holds already is replaced by a fresh one (jobs/sync/bulk-replace).
import { Prisma, type PrismaClient } from "@prisma/client";
import { codeKey } from "~/domain/codes/code-rules";
import { checkSpace, generateCodes, parseBulkSpec, previewCodes, spaceProblem, type BulkSpec, type BulkSpecErrors, type Random, type SpaceCheck } from "~/domain/codes/bulk";
import { withOutbox } from "~/jobs/sync/outbox.server";
import { recordAudit } from "./audit.server";
import { insertValueRows, valueRowId, valueRowIdPrefix } from "./bulk-rows.server";
import { cryptoRandom } from "./crypto-random.server";
import { targetStoresFor } from "./stores.server";

type Db = PrismaClient | Prisma.TransactionClient;

/** Why an offer cannot take bulk codes, or null. */
export function bulkRefusal(offer: { kind: string; datesMode: string; archivedAt: Date | null }): string | null {
  if (offer.archivedAt) return "This offer is archived.";
  if (offer.kind !== "MEMBER_CODES") return "A group-code offer has one shared code: bulk codes go into an offer with its own codes.";
  // Per-code dates give each code its own discount (R5): 100,000 discounts, not one group.
  if (offer.datesMode !== "UNIFIED") return "Bulk codes go into the offer's one discount group: this offer gives each code its own dates. Use an offer with unified dates.";
  return null;
}

/** Every code key the app knows in these stores: owned by one of them, or synced to one of them. */
export async function knownCodeKeys(db: Db, stores: string[]): Promise<Set<string>> {
  if (!stores.length) return new Set();
  const list = Prisma.join(stores);
  const rows = await db.$queryRaw<{ codeKey: string }[]>`
    SELECT "codeKey" FROM "PromoCode" WHERE "shop" IN (${list})
    UNION
    SELECT p."codeKey" FROM "PromoCode" p JOIN "StoreCode" s ON s."promoCodeId" = p."id" WHERE s."store" IN (${list})`;
  return new Set(rows.map((r) => r.codeKey));
}

export async function bulkCodesPage(db: PrismaClient, shop: string, offerId: string) {
  const offer = await db.offer.findFirst({ where: { id: offerId, shop } });
  if (!offer) return null;
  const stores = await targetStoresFor(db, offer);
  const links = await db.storeLink.findMany({ where: { primaryShop: shop, connectedShop: { in: stores } }, select: { connectedShop: true, label: true } });
  const batches = await db.codeBatch.findMany({ where: { offerId }, orderBy: { createdAt: "desc" }, take: 20 });
  const bulkCodes = await db.promoCode.count({ where: { offerId, batchId: { not: null } } });
  return {
    offer: { id: offer.id, name: offer.name, kind: offer.kind, groupName: offer.groupName },
    refusal: bulkRefusal(offer),
    stores: stores.map((s) => (s === shop ? "Primary store" : (links.find((l) => l.connectedShop === s)?.label ?? s))),
    bulkCodes,
    batches: batches.map((b) => ({ id: b.id, jobId: b.jobId, count: b.count, replaced: b.replaced, shape: describeShape(b), createdAt: b.createdAt.toISOString() })),
  };
}

export function describeShape(b: { length: number; charset: string; prefix: string; suffix: string; excludeAmbiguous: boolean }): string {
  const chars = b.charset === "LETTERS" ? "letters" : b.charset === "DIGITS" ? "digits" : "letters and digits";
  return `${b.prefix}${"•".repeat(Math.min(b.length, 12))}${b.suffix} · ${b.length} ${chars}${b.excludeAmbiguous ? ", no 0/O/1/I" : ""}`;
}

export type BulkPreview =
  { ok: true; spec: BulkSpec; samples: string[]; space: SpaceCheck; knownCodes: number; problem: string | null } | { ok: false; errors: BulkSpecErrors; formError?: string };

/** The form checked, 5 samples of the shape and the space check (with the codes already known). */
export async function previewBulkCodes(
  db: PrismaClient,
  shop: string,
  offerId: string,
  form: Record<string, string | undefined>,
  random: Random = cryptoRandom(),
): Promise<BulkPreview> {
  const offer = await db.offer.findFirst({ where: { id: offerId, shop } });
  if (!offer) return { ok: false, errors: {}, formError: "This offer does not exist in this store." };
  const parsed = parseBulkSpec(form);
  if (!parsed.ok) return parsed;
  const known = await knownCodeKeys(db, await targetStoresFor(db, offer));
  return {
    ok: true,
    spec: parsed.value,
    samples: previewCodes(parsed.value, random),
    space: checkSpace(parsed.value, known.size),
    knownCodes: known.size,
    problem: spaceProblem(parsed.value, known.size),
  };
}

export type BulkGenerationResult = { ok: true; jobId: string; batchId: string; codes: number } | { ok: false; errors: BulkSpecErrors; formError?: string };

/**
 * Generates and stores `spec.count` codes with their operations, in one transaction (nothing is
 * written when anything is refused), and returns the job to watch.
 */
export async function generateBulkCodes(db: PrismaClient, req: { shop: string; actor: string; offerId: string; spec: BulkSpec; random?: Random }): Promise<BulkGenerationResult> {
  const offer = await db.offer.findFirst({ where: { id: req.offerId, shop: req.shop } });
  if (!offer) return { ok: false, errors: {}, formError: "This offer does not exist in this store." };
  const refusal = bulkRefusal(offer);
  if (refusal) return { ok: false, errors: {}, formError: refusal };
  const { spec } = req;
  const stores = await targetStoresFor(db, offer);
  const known = await knownCodeKeys(db, stores);
  const problem = spaceProblem(spec, known.size);
  if (problem) return { ok: false, errors: { count: problem } };
  // Sorted: stored in this order, the codes enter the (shop, codeKey) index in order (decision 111).
  const codes = generateCodes(spec, spec.count, (k) => known.has(k), req.random ?? cryptoRandom()).sort();
  if (codes.some((code) => codeKey(code) !== code)) throw new Error("bulk codes are their own keys (capitals, digits, - and _)");

  return withOutbox(
    db,
    async (outbox) => {
      const { tx } = outbox;
      const jobId = await outbox.createJob({ shop: offer.shop, kind: "GENERATE_BULK_CODES", offerId: offer.id, actor: req.actor });
      const batch = await tx.codeBatch.create({
        data: {
          shop: offer.shop,
          offerId: offer.id,
          jobId,
          count: spec.count,
          length: spec.length,
          charset: spec.charset,
          excludeAmbiguous: spec.excludeAmbiguous,
          prefix: spec.prefix,
          suffix: spec.suffix,
          actor: req.actor,
        },
      });
      const now = new Date();
      // The codes, then one state per (code, store), as value rows (bulk-rows.server.ts, decision
      // 111): only the code strings and ids travel, the offer's values are bound once. Sorted, the
      // codes go into the (shop, codeKey) index in order, and their ids (prefix + position) follow.
      const promoPrefix = valueRowIdPrefix();
      const ids = codes.map((_, i) => valueRowId(promoPrefix, i));
      await insertValueRows(
        tx,
        "PromoCode",
        {
          idPrefix: promoPrefix,
          // A bulk code is its own key: capitals, digits, - and _ (checked when generated).
          valueColumns: ["code", "codeKey"],
          constants: {
            shop: { type: "text", value: offer.shop },
            offerId: { type: "text", value: offer.id },
            status: { type: "text", value: "PENDING" },
            startsAt: { type: "timestamp", value: offer.startsAt },
            endsAt: { type: "timestamp", value: offer.endsAt },
            createdAt: { type: "timestamp", value: now },
            batchId: { type: "text", value: batch.id },
          },
        },
        codes,
      );
      for (const store of stores)
        await insertValueRows(
          tx,
          "StoreCode",
          { idPrefix: valueRowIdPrefix(), valueColumns: ["promoCodeId"], constants: { store: { type: "text", value: store }, updatedAt: { type: "timestamp", value: now } } },
          ids,
        );
      // R7: with more than one store every code is checked everywhere before it is created anywhere.
      const action = stores.length > 1 ? "CHECK_CODE" : "CREATE_CODE";
      await outbox.enqueue({ jobId, shop: offer.shop, offerId: offer.id, operations: ids.map((id) => ({ store: offer.shop, action, promoCodeId: id })) });
      await recordAudit(tx, {
        shop: req.shop,
        actor: req.actor,
        action: "codes.bulk_generate",
        subject: `offer:${offer.id}`,
        stores,
        details: { job: jobId, batch: batch.id, count: spec.count, length: spec.length, charset: spec.charset, prefix: spec.prefix, suffix: spec.suffix },
      });
      return { ok: true as const, jobId, batchId: batch.id, codes: codes.length };
    },
    { timeout: 180_000 },
  );
}
