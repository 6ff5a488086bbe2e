// Adding members to an offer (R17): candidates, proposed codes, validation of the reviewed
// codes, and the generation itself (codes + operations written at once, applied by the worker).
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { codeKey, codeProblem } from "~/domain/codes/code-rules";
import { discountLabel, proposeCodes } from "~/domain/codes/naming";
import { recordAudit } from "./audit.server";
import { queueCodes } from "./offers.server";
import { withOutbox } from "~/jobs/sync/outbox.server";
import { chunk, eachChunk, inChunks } from "./chunks.server";

/** Codes that hold their name in the shop: every code except failed ones (past codes keep theirs, R20). */
const LIVE_CODE = { status: { not: "FAILED" } } as const;

/** Members of the chosen projects who have no code in this offer yet (failed attempts don't count). */
export async function listCandidates(db: PrismaClient, shop: string, offerId: string, projectIds: string[], opts: { query?: string; page?: number; pageSize?: number } = {}) {
  const pageSize = opts.pageSize ?? 50;
  const page = Math.max(1, opts.page ?? 1);
  const q = opts.query?.trim();
  const where = {
    shop,
    projects: { some: { projectId: { in: projectIds } } },
    codes: { none: { offerId, ...LIVE_CODE } },
    ...(q ? { OR: [{ firstName: { contains: q } }, { lastName: { contains: q } }, { email: { contains: q } }] } : {}),
  };
  const [total, members] = await Promise.all([
    db.member.count({ where }),
    db.member.findMany({ where, orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }], skip: (page - 1) * pageSize, take: pageSize }),
  ]);
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    members: members.map((m) => ({ id: m.id, name: `${m.firstName} ${m.lastName}`.trim(), email: m.email, handle: m.handle })),
  };
}

/** Proposed codes for members, by the offer's naming strategy, clear of every code in the shop. */
export async function proposeCodesForMembers(db: PrismaClient, shop: string, offerId: string, memberIds: string[], random: () => number = Math.random) {
  const offer = await db.offer.findFirstOrThrow({ where: { id: offerId, shop } });
  const found = await inChunks(memberIds, (ids) => db.member.findMany({ where: { shop, id: { in: ids } } }));
  const members = memberIds.map((id) => found.find((m) => m.id === id)).filter((m): m is NonNullable<typeof m> => Boolean(m));
  const strategy = { pattern: offer.namingPattern, prefix: offer.namingPrefix, suffix: offer.namingSuffix };
  const label = discountLabel(offer);
  const first = proposeCodes(strategy, members, label, [], random);
  const bases = [...new Set(first.map((c) => codeKey(c).replace(/-\d+$/, "")))];
  const taken: string[] = [];
  for (const part of chunk(bases, 200)) {
    const rows = await db.promoCode.findMany({ where: { shop, ...LIVE_CODE, OR: part.map((b) => ({ codeKey: { startsWith: b } })) }, select: { codeKey: true } });
    taken.push(...rows.map((r) => r.codeKey));
  }
  const codes = taken.length ? proposeCodes(strategy, members, label, taken, random) : first;
  return members.map((m, i) => ({ memberId: m.id, name: `${m.firstName} ${m.lastName}`.trim(), email: m.email, code: codes[i]! }));
}

export interface GenerationRequest {
  shop: string;
  actor: string;
  offerId: string;
  items: { memberId: string; code: string }[];
  /** Per-code dates mode only: the dates of this batch. Unified offers use the offer's dates. */
  startsAt?: Date | null;
  endsAt?: Date | null;
  /** The projects the members were chosen from: the offer is connected to them (R26). */
  projectIds?: string[];
}

export type GenerationResult =
  { ok: true; jobId: string } | { ok: false; formError?: string; itemErrors: Record<number, string>; fieldErrors?: { startsAt?: string; endsAt?: string } };

export const MAX_MEMBERS_PER_GENERATION = 10_000;

/**
 * Validates the reviewed codes (R16, R35) and, when all are good, writes the members' codes and
 * their operations in one transaction (nothing is written otherwise), returning the job to watch.
 */
export async function generateCodesForMembers(db: PrismaClient, req: GenerationRequest): Promise<GenerationResult> {
  const offer = await db.offer.findFirst({ where: { id: req.offerId, shop: req.shop } });
  if (!offer) return { ok: false, formError: "This offer does not exist in this store.", itemErrors: {} };
  if (offer.kind !== "MEMBER_CODES") return { ok: false, formError: "A group-code offer has one shared code; members don't get their own.", itemErrors: {} };
  if (offer.archivedAt) return { ok: false, formError: "This offer is archived. Unarchive it on its page to add members.", itemErrors: {} };
  if (req.items.length === 0) return { ok: false, formError: "Choose at least one member.", itemErrors: {} };
  if (req.items.length > MAX_MEMBERS_PER_GENERATION)
    return { ok: false, formError: `Generate at most ${MAX_MEMBERS_PER_GENERATION.toLocaleString("en-US")} codes at a time.`, itemErrors: {} };

  const fieldErrors: { startsAt?: string; endsAt?: string } = {};
  let startsAt = offer.startsAt;
  let endsAt = offer.endsAt;
  if (offer.datesMode === "PER_CODE") {
    if (!req.startsAt) fieldErrors.startsAt = "Choose a start date.";
    else startsAt = req.startsAt;
    endsAt = req.endsAt ?? null;
    if (req.startsAt && endsAt && endsAt <= req.startsAt) fieldErrors.endsAt = "The end date must be after the start date.";
  }

  const itemErrors: Record<number, string> = {};
  const seen = new Map<string, number>();
  req.items.forEach((item, i) => {
    const code = item.code.trim();
    const problem = codeProblem(code);
    if (problem) itemErrors[i] = problem;
    else if (seen.has(codeKey(code))) itemErrors[i] = `Same code as row ${seen.get(codeKey(code))! + 1}. Codes must be unique.`;
    else seen.set(codeKey(code), i);
  });
  const clashes = await inChunks([...seen.keys()], (keys) =>
    db.promoCode.findMany({ where: { shop: req.shop, ...LIVE_CODE, codeKey: { in: keys } }, include: { offer: { select: { name: true } } } }),
  );
  for (const c of clashes) itemErrors[seen.get(c.codeKey)!] = `"${c.code}" is already used in the offer "${c.offer.name}". Pick another code.`;
  const memberIds = req.items.map((i) => i.memberId);
  const members = await inChunks(memberIds, (ids) => db.member.findMany({ where: { shop: req.shop, id: { in: ids } }, select: { id: true } }));
  const known = new Set(members.map((m) => m.id));
  const withCodes = await inChunks(memberIds, (ids) => db.promoCode.findMany({ where: { offerId: offer.id, memberId: { in: ids }, ...LIVE_CODE }, select: { memberId: true } }));
  const alreadyCoded = new Set(withCodes.map((c) => c.memberId));
  const memberRows = new Map<string, number>();
  req.items.forEach((item, i) => {
    if (!known.has(item.memberId)) itemErrors[i] = "This member does not exist in this store.";
    else if (alreadyCoded.has(item.memberId)) itemErrors[i] = "This member already has a code in this offer.";
    else if (memberRows.has(item.memberId)) itemErrors[i] = `This member is also on row ${memberRows.get(item.memberId)! + 1}.`;
    else memberRows.set(item.memberId, i);
  });
  if (Object.keys(itemErrors).length || Object.keys(fieldErrors).length) return { ok: false, itemErrors, fieldErrors };

  const jobId = await withOutbox(
    db,
    async (outbox) => {
      const { tx } = outbox;
      const existing = await inChunks(memberIds, (ids) => tx.offerMember.findMany({ where: { offerId: offer.id, memberId: { in: ids } } }));
      const offerMemberOf = new Map(existing.map((m) => [m.memberId, m.id]));
      const fresh = memberIds.filter((id) => !offerMemberOf.has(id)).map((memberId) => ({ id: randomUUID(), offerId: offer.id, memberId, status: "ACTIVE" }));
      await eachChunk(fresh, (part) => tx.offerMember.createMany({ data: part }));
      for (const f of fresh) offerMemberOf.set(f.memberId, f.id);
      await eachChunk(existing, async (part) => {
        await tx.offerMember.updateMany({ where: { id: { in: part.map((m) => m.id) } }, data: { status: "ACTIVE" } });
        // A member's failed attempts stay as history, no longer current.
        await tx.promoCode.updateMany({ where: { offerId: offer.id, memberId: { in: part.map((m) => m.memberId) }, status: "FAILED" }, data: { current: false } });
      });
      const id = await queueCodes(outbox, {
        offer,
        actor: req.actor,
        codes: req.items.map((item) => ({ code: item.code.trim(), memberId: item.memberId, offerMemberId: offerMemberOf.get(item.memberId)!, startsAt, endsAt })),
      });
      const projects = req.projectIds?.length ? await tx.project.findMany({ where: { shop: req.shop, id: { in: req.projectIds } }, select: { id: true } }) : [];
      for (const p of projects)
        await tx.offerProject.upsert({
          where: { offerId_projectId: { offerId: offer.id, projectId: p.id } },
          create: { offerId: offer.id, projectId: p.id },
          update: { disconnectedAt: null },
        });
      await recordAudit(tx, {
        shop: req.shop,
        actor: req.actor,
        action: "codes.generate",
        subject: `offer:${offer.id}`,
        stores: [offer.shop],
        details: { job: id, count: req.items.length },
      });
      return id;
    },
    { timeout: 60_000 },
  );
  return { ok: true, jobId };
}
