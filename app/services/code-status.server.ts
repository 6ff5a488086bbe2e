// Activate / deactivate members' codes in bulk (R23–R25): only codes not already in the target
// status are touched, in every store the code lives in, as one job through the outbox. A
// member's offer is never deleted: the membership's status follows the code.
import type { PrismaClient } from "@prisma/client";
import { withOutbox, type OperationInput } from "~/jobs/sync/outbox.server";
import { recordAudit } from "./audit.server";
import { inChunks } from "./chunks.server";

export type CodeStatusTarget = "ACTIVE" | "DEACTIVATED";

export interface CodeStatusRequest {
  shop: string;
  actor: string;
  offerId: string;
  /** The offer memberships chosen, or every membership of the offer. */
  offerMemberIds: string[] | "ALL";
  target: CodeStatusTarget;
}

export type CodeStatusResult = { ok: true; jobId: string | null; changed: number; skipped: number; stores: number } | { ok: false; error: string };

/** What a change would do, for the confirmation (how many members and stores). */
export async function previewCodeStatusChange(db: PrismaClient, req: CodeStatusRequest) {
  const found = await codesToChange(db, req);
  if (!found) return null;
  return { changed: found.codes.length, skipped: found.selected - found.codes.length, stores: new Set(found.codes.flatMap((c) => c.storeCodes.map((s) => s.store))).size };
}

export async function changeCodeStatus(db: PrismaClient, req: CodeStatusRequest): Promise<CodeStatusResult> {
  const found = await codesToChange(db, req);
  if (!found) return { ok: false, error: "This offer does not exist in this store." };
  const { codes, selected } = found;
  const from = req.target === "ACTIVE" ? "DEACTIVATED" : "SYNCED";
  const action = req.target === "ACTIVE" ? "ACTIVATE_CODE" : "DEACTIVATE_CODE";
  const operations: OperationInput[] = codes.flatMap((c) => c.storeCodes.filter((s) => s.state === from).map((s) => ({ store: s.store, action, promoCodeId: c.id })));
  const stores = [...new Set(operations.map((o) => o.store))];
  const jobId = await withOutbox(db, async (outbox) => {
    const { tx } = outbox;
    const offerMemberIds = codes.map((c) => c.offerMemberId).filter((id): id is string => Boolean(id));
    for (let i = 0; i < offerMemberIds.length; i += 500) await tx.offerMember.updateMany({ where: { id: { in: offerMemberIds.slice(i, i + 500) } }, data: { status: req.target } });
    await recordAudit(tx, {
      shop: req.shop,
      actor: req.actor,
      action: req.target === "ACTIVE" ? "codes.activate" : "codes.deactivate",
      subject: `offer:${req.offerId}`,
      stores,
      details: { codes: codes.length, skipped: selected - codes.length },
    });
    if (!operations.length) return null;
    const id = await outbox.createJob({ shop: req.shop, kind: req.target === "ACTIVE" ? "ACTIVATE_CODES" : "DEACTIVATE_CODES", offerId: req.offerId, actor: req.actor });
    await outbox.enqueue({ jobId: id, shop: req.shop, offerId: req.offerId, operations });
    return id;
  });
  return { ok: true, jobId, changed: codes.length, skipped: selected - codes.length, stores: stores.length };
}

/** The chosen members' current codes that are not in the target status yet (R23, R24). */
async function codesToChange(db: PrismaClient, req: CodeStatusRequest) {
  const offer = await db.offer.findFirst({ where: { id: req.offerId, shop: req.shop }, select: { id: true } });
  if (!offer) return null;
  const current = req.target === "ACTIVE" ? "DEACTIVATED" : "ACTIVE";
  const include = { storeCodes: { select: { store: true, state: true } } } as const;
  if (req.offerMemberIds === "ALL") {
    const [selected, codes] = await Promise.all([
      db.offerMember.count({ where: { offerId: offer.id } }),
      db.promoCode.findMany({ where: { offerId: offer.id, current: true, offerMemberId: { not: null }, status: current }, include }),
    ]);
    return { selected, codes };
  }
  const ids = [...new Set(req.offerMemberIds)];
  const members = await inChunks(ids, (part) => db.offerMember.findMany({ where: { offerId: offer.id, id: { in: part } }, select: { id: true } }));
  const codes = await inChunks(
    members.map((m) => m.id),
    (part) => db.promoCode.findMany({ where: { offerId: offer.id, current: true, offerMemberId: { in: part }, status: current }, include }),
  );
  return { selected: members.length, codes };
}
