// Archive an offer (issue 21, R24, R38): every current code of the offer (members', group and bulk
// codes) is deactivated in every store it lives in, as one DEACTIVATE_CODES job through the
// outbox; nothing is deleted, conversions and payouts keep pointing at the offer and its codes.
// The offer leaves the default offers list and refuses new codes. Unarchiving brings it back
// into the list and leaves its codes deactivated: the merchant activates the ones they want
// (Activate codes on the offer page), so nothing starts working again by surprise.
import type { PrismaClient } from "@prisma/client";
import { withOutbox, type OperationInput } from "~/jobs/sync/outbox.server";
import { recordAudit } from "./audit.server";

export interface ArchivePreview {
  archived: boolean;
  /** Current codes that still work somewhere and will be deactivated. */
  activeCodes: number;
  /** The stores where a code will be deactivated. */
  stores: number;
  members: number;
  conversions: number;
}

export type ArchiveResult = { ok: true; jobId: string | null; codes: number; stores: number } | { ok: false; error: string };

async function activeCodesOf(db: PrismaClient, offerId: string) {
  return db.promoCode.findMany({
    where: { offerId, current: true, status: "ACTIVE" },
    select: { id: true, offerMemberId: true, storeCodes: { where: { state: "SYNCED" }, select: { store: true } } },
  });
}

/** What archiving would do, for the confirmation; null when the offer is not this shop's. */
export async function previewArchive(db: PrismaClient, shop: string, offerId: string): Promise<ArchivePreview | null> {
  const offer = await db.offer.findFirst({ where: { id: offerId, shop }, select: { id: true, archivedAt: true } });
  if (!offer) return null;
  const [codes, members, conversions] = await Promise.all([
    activeCodesOf(db, offer.id),
    db.offerMember.count({ where: { offerId: offer.id } }),
    db.conversion.count({ where: { offerId: offer.id } }),
  ]);
  return {
    archived: offer.archivedAt !== null,
    activeCodes: codes.length,
    stores: new Set(codes.flatMap((c) => c.storeCodes.map((s) => s.store))).size,
    members,
    conversions,
  };
}

export async function archiveOffer(db: PrismaClient, args: { shop: string; actor: string; offerId: string }): Promise<ArchiveResult> {
  const offer = await db.offer.findFirst({ where: { id: args.offerId, shop: args.shop }, select: { id: true, archivedAt: true } });
  if (!offer) return { ok: false, error: "This offer does not exist in this store." };
  if (offer.archivedAt) return { ok: false, error: "This offer is already archived." };
  return withOutbox(db, async (outbox) => {
    const { tx } = outbox;
    // Only one archive wins when two arrive together: the second finds it archived already.
    const marked = await tx.offer.updateMany({ where: { id: offer.id, archivedAt: null }, data: { archivedAt: new Date() } });
    if (marked.count === 0) return { ok: false, error: "This offer is already archived." } as const;
    const codes = await tx.promoCode.findMany({
      where: { offerId: offer.id, current: true, status: "ACTIVE" },
      select: { id: true, offerMemberId: true, storeCodes: { where: { state: "SYNCED" }, select: { store: true } } },
    });
    const operations: OperationInput[] = codes.flatMap((c) => c.storeCodes.map((s) => ({ store: s.store, action: "DEACTIVATE_CODE" as const, promoCodeId: c.id })));
    const stores = [...new Set(operations.map((o) => o.store))];
    const offerMemberIds = codes.map((c) => c.offerMemberId).filter((id): id is string => Boolean(id));
    for (let i = 0; i < offerMemberIds.length; i += 500)
      await tx.offerMember.updateMany({ where: { id: { in: offerMemberIds.slice(i, i + 500) } }, data: { status: "DEACTIVATED" } });
    await recordAudit(tx, { shop: args.shop, actor: args.actor, action: "offer.archive", subject: `offer:${offer.id}`, stores, details: { codes: codes.length } });
    if (!operations.length) return { ok: true, jobId: null, codes: codes.length, stores: 0 } as const;
    const jobId = await outbox.createJob({ shop: args.shop, kind: "DEACTIVATE_CODES", offerId: offer.id, actor: args.actor });
    await outbox.enqueue({ jobId, shop: args.shop, offerId: offer.id, operations });
    return { ok: true, jobId, codes: codes.length, stores: stores.length } as const;
  });
}

/** Back into the offers list; its codes stay deactivated until the merchant activates them. */
export async function unarchiveOffer(db: PrismaClient, args: { shop: string; actor: string; offerId: string }): Promise<{ ok: true } | { ok: false; error: string }> {
  const offer = await db.offer.findFirst({ where: { id: args.offerId, shop: args.shop }, select: { id: true, archivedAt: true } });
  if (!offer) return { ok: false, error: "This offer does not exist in this store." };
  if (!offer.archivedAt) return { ok: false, error: "This offer is not archived." };
  await db.$transaction(async (tx) => {
    await tx.offer.update({ where: { id: offer.id }, data: { archivedAt: null } });
    await recordAudit(tx, { shop: args.shop, actor: args.actor, action: "offer.unarchive", subject: `offer:${offer.id}` });
  });
  return { ok: true };
}
