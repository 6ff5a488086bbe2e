// Refreshing members' codes (R20, R21, R22, R38): the merchant reviews a new name per member
// (proposed by the offer's naming strategy, each editable; the current name resets its usage),
// everything is validated before anything is written (R35), then one job replaces the codes in
// every store (the sequencing is the sync engine's: app/jobs/sync/refresh.server.ts). No email is
// sent (R22): the job page offers to compose one.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { codeKey, codeProblem } from "~/domain/codes/code-rules";
import { withOutbox } from "~/jobs/sync/outbox.server";
import { recordAudit } from "./audit.server";
import { chunk, inChunks } from "./chunks.server";
import { proposeCodesForMembers } from "./generation.server";
import { targetStoresFor } from "./stores.server";
import { matchingOfferMemberIds, type MemberFilter } from "./offers.server";

export const MAX_MEMBERS_PER_REFRESH = 10_000;

export interface RefreshCandidate {
  offerMemberId: string;
  memberId: string;
  name: string;
  email: string;
  currentCode: string | null;
  /** The proposed new name; null when the member cannot be refreshed (see `reason`). */
  proposed: string | null;
  reason: string | null;
}

/** Why a membership's code cannot be refreshed now, or null. */
function ineligibility(code: { status: string } | undefined, refreshing: boolean): string | null {
  if (!code) return "This member has no code in this offer yet.";
  if (refreshing) return "A refresh of this member's code is under way.";
  switch (code.status) {
    case "ACTIVE":
      return null;
    case "DEACTIVATED":
      return "This member's code is deactivated: activate it first.";
    case "PENDING":
      return "This member's code is still being created.";
    default:
      return "This member has no live code: add them to the offer again.";
  }
}

/** The chosen members with their current code and a proposed new one (R20). */
export async function refreshCandidates(db: PrismaClient, shop: string, offerId: string, offerMemberIds: string[]): Promise<RefreshCandidate[] | null> {
  const offer = await db.offer.findFirst({ where: { id: offerId, shop }, select: { id: true, kind: true } });
  if (!offer) return null;
  const ids = [...new Set(offerMemberIds)];
  const memberships = await inChunks(ids, (part) =>
    db.offerMember.findMany({
      where: { offerId, id: { in: part } },
      include: { member: true, codes: { where: { current: true } } },
    }),
  );
  const refreshing = await pendingRefreshes(
    db,
    memberships.flatMap((m) => m.codes.map((c) => c.id)),
  );
  const eligible = memberships.filter((m) => !ineligibility(m.codes[0], refreshing.has(m.codes[0]?.id ?? "")));
  const proposals = await proposeCodesForMembers(
    db,
    shop,
    offerId,
    eligible.map((m) => m.memberId),
  );
  const proposedFor = new Map(proposals.map((p) => [p.memberId, p.code]));
  const order = new Map(ids.map((id, i) => [id, i]));
  return memberships
    .sort((a, b) => order.get(a.id)! - order.get(b.id)!)
    .map((m) => {
      const code = m.codes[0];
      const reason = ineligibility(code, refreshing.has(code?.id ?? ""));
      return {
        offerMemberId: m.id,
        memberId: m.memberId,
        name: `${m.member.firstName} ${m.member.lastName}`.trim(),
        email: m.member.email,
        currentCode: code?.code ?? null,
        proposed: reason ? null : (proposedFor.get(m.memberId) ?? null),
        reason,
      };
    });
}

async function pendingRefreshes(db: PrismaClient, codeIds: string[]): Promise<Set<string>> {
  const rows = await inChunks(codeIds, (part) => db.promoCode.findMany({ where: { replacesId: { in: part }, status: "PENDING" }, select: { replacesId: true } }));
  return new Set(rows.map((r) => r.replacesId!));
}

export interface RefreshRequest {
  shop: string;
  actor: string;
  offerId: string;
  items: { offerMemberId: string; code: string }[];
}

export type RefreshResult = { ok: true; jobId: string; count: number } | { ok: false; formError?: string; itemErrors: Record<number, string> };

/** Validates every new name (R7, R35), then writes the new codes and one job, or nothing. */
export async function refreshCodes(db: PrismaClient, req: RefreshRequest): Promise<RefreshResult> {
  const offer = await db.offer.findFirst({ where: { id: req.offerId, shop: req.shop } });
  if (!offer) return { ok: false, formError: "This offer does not exist in this store.", itemErrors: {} };
  if (!req.items.length) return { ok: false, formError: "Choose at least one member.", itemErrors: {} };
  if (req.items.length > MAX_MEMBERS_PER_REFRESH)
    return { ok: false, formError: `Refresh at most ${MAX_MEMBERS_PER_REFRESH.toLocaleString("en-US")} codes at a time.`, itemErrors: {} };

  const memberships = await inChunks([...new Set(req.items.map((i) => i.offerMemberId))], (part) =>
    db.offerMember.findMany({ where: { offerId: offer.id, id: { in: part } }, include: { codes: { where: { current: true } } } }),
  );
  const membershipOf = new Map(memberships.map((m) => [m.id, m]));
  const refreshing = await pendingRefreshes(
    db,
    memberships.flatMap((m) => m.codes.map((c) => c.id)),
  );
  const itemErrors: Record<number, string> = {};
  const keyRow = new Map<string, number>();
  const memberRow = new Map<string, number>();
  req.items.forEach((item, i) => {
    const membership = membershipOf.get(item.offerMemberId);
    const code = item.code.trim();
    if (!membership) itemErrors[i] = "This member is not in this offer.";
    else if (memberRow.has(item.offerMemberId)) itemErrors[i] = `This member is also on row ${memberRow.get(item.offerMemberId)! + 1}.`;
    else {
      memberRow.set(item.offerMemberId, i);
      const reason = ineligibility(membership.codes[0], refreshing.has(membership.codes[0]?.id ?? ""));
      const problem = codeProblem(code);
      if (reason) itemErrors[i] = reason;
      else if (problem) itemErrors[i] = problem;
      else if (keyRow.has(codeKey(code))) itemErrors[i] = `Same code as row ${keyRow.get(codeKey(code))! + 1}. Codes must be unique.`;
      else keyRow.set(codeKey(code), i);
    }
  });
  // A name is free when no code of the shop holds it (past codes keep theirs, R20), except the
  // member's own current code: entering it recreates the code with its usage at 0 (R21).
  const clashes = await inChunks([...keyRow.keys()], (keys) =>
    db.promoCode.findMany({ where: { shop: req.shop, status: { not: "FAILED" }, codeKey: { in: keys } }, include: { offer: { select: { name: true } } } }),
  );
  for (const c of clashes) {
    const row = keyRow.get(c.codeKey)!;
    const own = membershipOf.get(req.items[row]!.offerMemberId)?.codes[0];
    if (own?.id === c.id) continue;
    itemErrors[row] =
      c.offerMemberId && c.offerMemberId === req.items[row]!.offerMemberId
        ? `"${c.code}" is one of this member's past codes; past codes keep their names. Pick another code.`
        : `"${c.code}" is already used in the offer "${c.offer.name}". Pick another code.`;
  }
  if (Object.keys(itemErrors).length) return { ok: false, itemErrors };

  const jobId = await withOutbox(db, async (outbox) => {
    const { tx } = outbox;
    const stores = await targetStoresFor(tx, offer);
    const id = await outbox.createJob({ shop: offer.shop, kind: "REFRESH_CODES", offerId: offer.id, actor: req.actor });
    const codes = req.items.map((item) => {
      const old = membershipOf.get(item.offerMemberId)!.codes[0]!;
      const code = item.code.trim();
      return {
        id: randomUUID(),
        shop: offer.shop,
        offerId: offer.id,
        offerMemberId: item.offerMemberId,
        memberId: old.memberId,
        code,
        codeKey: codeKey(code),
        status: "PENDING",
        current: false,
        replacesId: old.id,
        startsAt: old.startsAt,
        endsAt: old.endsAt,
      };
    });
    // createMany binds every column of every row: small chunks stay under SQLite's parameter cap.
    for (const part of chunk(codes, 60)) {
      await tx.promoCode.createMany({ data: part });
      await tx.storeCode.createMany({ data: part.flatMap((p) => stores.map((store) => ({ promoCodeId: p.id, store }))) });
    }
    // Always checked first, even in one store: the old code goes only once the new one can exist.
    await outbox.enqueue({ jobId: id, shop: offer.shop, offerId: offer.id, operations: codes.map((c) => ({ store: offer.shop, action: "CHECK_CODE", promoCodeId: c.id })) });
    const renamed = codes.filter((c) => c.codeKey !== membershipOf.get(c.offerMemberId)!.codes[0]!.codeKey).length;
    await recordAudit(tx, {
      shop: req.shop,
      actor: req.actor,
      action: "codes.refresh",
      subject: `offer:${offer.id}`,
      stores,
      details: { job: id, count: codes.length, renamed, reset: codes.length - renamed },
    });
    return id;
  });
  return { ok: true, jobId, count: req.items.length };
}

/** What the refresh page shows: the offer, how many stores a refresh touches, and the candidates. */
export async function refreshPage(db: PrismaClient, shop: string, offerId: string, selection: { ids: string[] } | { all: MemberFilter }) {
  const offer = await db.offer.findFirst({ where: { id: offerId, shop } });
  if (!offer) return null;
  const ids = "ids" in selection ? selection.ids : ((await matchingOfferMemberIds(db, shop, offerId, selection.all)) ?? []);
  const [stores, candidates] = await Promise.all([targetStoresFor(db, offer), refreshCandidates(db, shop, offerId, ids.slice(0, MAX_MEMBERS_PER_REFRESH))]);
  return { offer: { id: offer.id, name: offer.name, kind: offer.kind }, stores: stores.length, candidates: candidates ?? [], tooMany: ids.length > MAX_MEMBERS_PER_REFRESH };
}
