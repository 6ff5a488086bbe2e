import { STATE_IN_STORE, type MemberCodeFilter } from "~/domain/offers/member-filter";
import { randomUUID } from "node:crypto";
import { Prisma, type Offer, type PrismaClient } from "@prisma/client";
import { codeKey } from "~/domain/codes/code-rules";
import { describeDiscount, describePayout, offerStatus, type OfferStatus } from "~/domain/offers/describe";
import type { FieldErrors, OfferInput } from "~/domain/offers/offer-input";
import { recordAudit } from "./audit.server";
import { targetStoresFor } from "./stores.server";
import { chunk, eachChunk } from "./chunks.server";
import { withOutbox, type OperationInput, type Outbox } from "~/jobs/sync/outbox.server";
import { containsPattern, dateOf, num } from "./sql-reads.server";
import type { SyncInput } from "~/domain/stores/sync-settings";

export type OfferResult = { ok: true; offer: Offer; jobId: string | null } | { ok: false; errors: FieldErrors };

function offerData(input: OfferInput) {
  return { ...input, productIds: JSON.stringify(input.productIds), collectionIds: JSON.stringify(input.collectionIds) };
}

/** Creates an offer (R14). A group-code offer (R19) also queues its one shared code. */
export async function createOffer(db: PrismaClient, args: { shop: string; actor: string; input: OfferInput; sync?: SyncInput }): Promise<OfferResult> {
  const { shop, actor, input } = args;
  const sync = args.sync ?? NO_SYNC;
  if (input.kind === "GROUP_CODE" && input.groupCode) {
    const clash = await db.promoCode.findFirst({ where: { shop, codeKey: codeKey(input.groupCode), status: { not: "FAILED" } } });
    if (clash) return { ok: false, errors: { groupCode: `"${input.groupCode}" is already a code of another offer. Pick another code.` } };
  }
  return withOutbox(db, async (outbox) => {
    const { tx } = outbox;
    const offer = await tx.offer.create({ data: { shop, ...offerData(input), syncEnabled: sync.syncEnabled, sameValueAcrossStores: sync.sameValueAcrossStores } });
    await saveSyncStores(tx, offer.id, sync);
    let jobId: string | null = null;
    if (input.kind === "GROUP_CODE" && input.groupCode) {
      jobId = await queueCodes(outbox, { offer, actor, codes: [{ code: input.groupCode, memberId: null, offerMemberId: null, startsAt: offer.startsAt, endsAt: offer.endsAt }] });
    }
    await recordAudit(tx, { shop, actor, action: "offer.create", subject: `offer:${offer.id}`, stores: [shop, ...sync.stores], details: { name: offer.name } });
    return { ok: true as const, offer, jobId };
  });
}

export interface StoreChange {
  added: string[];
  removed: string[];
  members: number;
}

export type UpdateResult = OfferResult | { ok: false; errors: FieldErrors; confirm: StoreChange };

/**
 * Edits an offer. Settings that decide where codes live (kind, dates mode) cannot change once it
 * has codes; everything else is pushed to every discount group it has in Shopify. A change of the
 * synced stores on an offer with codes needs `confirmStoreChange` (R9); then existing codes are
 * created in the added stores (R8) and deleted from the removed ones.
 */
export async function updateOffer(
  db: PrismaClient,
  args: { shop: string; actor: string; offerId: string; input: OfferInput; sync?: SyncInput; confirmStoreChange?: boolean },
): Promise<UpdateResult> {
  const { shop, actor, offerId, input } = args;
  const current = await db.offer.findFirst({ where: { id: offerId, shop }, include: { syncStores: true } });
  if (!current) return { ok: false, errors: { form: "This offer does not exist in this store." } };
  const sync =
    args.sync ??
    (current.syncEnabled
      ? {
          syncEnabled: true,
          stores: current.syncStores.map((s) => s.store),
          sameValueAcrossStores: current.sameValueAcrossStores,
          storePercents: Object.fromEntries(current.syncStores.map((s) => [s.store, s.discountPercent ?? 0])),
        }
      : NO_SYNC);
  const codeCount = await db.promoCode.count({ where: { offerId, status: { not: "FAILED" } } });
  const errors: FieldErrors = {};
  if (codeCount > 0 && input.datesMode !== current.datesMode) errors.datesMode = "The dates mode can't change once the offer has codes.";
  if (codeCount > 0 && input.kind !== current.kind) errors.kind = "An offer with codes can't switch between member codes and a group code.";
  if (current.kind === "GROUP_CODE" && input.groupCode !== current.groupCode) errors.groupCode = "The shared code can't be renamed here.";
  if (Object.keys(errors).length) return { ok: false, errors };

  const before = current.syncEnabled ? current.syncStores.map((s) => s.store) : [];
  const after = sync.syncEnabled ? sync.stores : [];
  const change: StoreChange = { added: after.filter((s) => !before.includes(s)), removed: before.filter((s) => !after.includes(s)), members: 0 };
  const liveCodes = await db.promoCode.findMany({ where: { offerId, current: true, status: { in: ["ACTIVE", "PENDING", "DEACTIVATED"] } }, select: { id: true, status: true } });
  if (change.added.length || change.removed.length) {
    // A store change while codes are still being created would check them twice: it waits.
    const inFlight = await db.syncOperation.count({ where: { offerId, action: { in: ["CHECK_CODE", "CREATE_CODE", "DELETE_CODE"] }, status: { in: ["PENDING", "RUNNING"] } } });
    if (inFlight) return { ok: false, errors: { form: "This offer's codes are still being synced. Change its stores once that has finished." } };
  }
  if ((change.added.length || change.removed.length) && liveCodes.length && !args.confirmStoreChange) {
    change.members = await db.offerMember.count({ where: { offerId } });
    return { ok: false, errors: {}, confirm: change };
  }

  return withOutbox(db, async (outbox) => {
    const { tx } = outbox;
    const offer = await tx.offer.update({
      where: { id: offerId },
      data: { ...offerData(input), syncEnabled: sync.syncEnabled, sameValueAcrossStores: sync.sameValueAcrossStores },
    });
    await saveSyncStores(tx, offerId, sync);
    const jobId = await outbox.createJob({ shop, kind: "UPDATE_DISCOUNTS", offerId, actor });
    const ops: OperationInput[] = [];
    // Settings go to every store that already has this offer's discounts and keeps it.
    const groups = await tx.discountGroup.findMany({ where: { offerId, remoteId: { not: null } }, select: { store: true } });
    for (const store of new Set(groups.map((g) => g.store))) if (!change.removed.includes(store)) ops.push({ store, action: "UPDATE_DISCOUNT" });
    // R8/R9: live codes follow the store list. Each is first checked in the added stores (R7):
    // a store where another discount holds the code does not get it, and the code stays live
    // where it was (a deactivated code is not created in new stores).
    const live = await tx.storeLink.findMany({ where: { primaryShop: shop, status: "CONNECTED", connectedShop: { in: change.added } } });
    const toCreate = liveCodes.filter((c) => c.status !== "DEACTIVATED");
    if (live.length && toCreate.length) {
      for (const store of live.map((l) => l.connectedShop))
        await eachChunk(toCreate, (part) => tx.storeCode.createMany({ data: part.map((c) => ({ promoCodeId: c.id, store })) }), 200);
      for (const c of toCreate) ops.push({ store: shop, action: "CHECK_CODE", promoCodeId: c.id });
    }
    for (const store of change.removed) {
      const inStore = await tx.storeCode.findMany({ where: { store, promoCode: { offerId } }, select: { promoCodeId: true } });
      for (const sc of inStore) ops.push({ store, action: "DELETE_CODE", promoCodeId: sc.promoCodeId });
    }
    await outbox.enqueue({ jobId, shop, offerId, operations: ops });
    if (!ops.length) await tx.job.update({ where: { id: jobId }, data: { status: "DONE", finishedAt: new Date() } });
    await recordAudit(tx, {
      shop,
      actor,
      action: "offer.update",
      subject: `offer:${offerId}`,
      stores: [shop, ...new Set([...after, ...change.removed])],
      details: { name: offer.name, storesAdded: change.added, storesRemoved: change.removed },
    });
    return { ok: true as const, offer, jobId: ops.length ? jobId : null };
  });
}

const NO_SYNC: SyncInput = { syncEnabled: false, stores: [], sameValueAcrossStores: true, storePercents: {} };

async function saveSyncStores(tx: Prisma.TransactionClient, offerId: string, sync: SyncInput) {
  const stores = sync.syncEnabled ? sync.stores : [];
  await tx.offerStore.deleteMany({ where: { offerId, store: { notIn: stores } } });
  for (const store of stores) {
    const discountPercent = sync.sameValueAcrossStores ? null : (sync.storePercents[store] ?? null);
    await tx.offerStore.upsert({ where: { offerId_store: { offerId, store } }, create: { offerId, store, discountPercent }, update: { discountPercent } });
  }
}

export interface QueuedCode {
  code: string;
  memberId: string | null;
  offerMemberId: string | null;
  startsAt: Date;
  endsAt: Date | null;
}

/**
 * Writes codes and, through the outbox in the same transaction, the job and the operations that
 * create them (R34): a synced code is first checked in every store (R7); a single-store code goes
 * straight in. Returns the job id.
 */
export async function queueCodes(outbox: Outbox, args: { offer: Offer; actor: string; codes: QueuedCode[] }): Promise<string> {
  const { offer, actor, codes } = args;
  const { tx } = outbox;
  const stores = await targetStoresFor(tx, offer);
  const jobId = await outbox.createJob({ shop: offer.shop, kind: "GENERATE_CODES", offerId: offer.id, actor });
  const promoCodes = codes.map((c) => ({
    id: randomUUID(),
    shop: offer.shop,
    offerId: offer.id,
    offerMemberId: c.offerMemberId,
    memberId: c.memberId,
    code: c.code,
    codeKey: codeKey(c.code),
    status: "PENDING",
    startsAt: c.startsAt,
    endsAt: c.endsAt,
  }));
  // createMany binds every column of every row: small chunks stay under SQLite's parameter cap.
  for (const part of chunk(promoCodes, 80)) {
    await tx.promoCode.createMany({ data: part });
    await tx.storeCode.createMany({ data: part.flatMap((p) => stores.map((store) => ({ promoCodeId: p.id, store }))) });
  }
  const action = stores.length > 1 ? "CHECK_CODE" : "CREATE_CODE";
  await outbox.enqueue({ jobId, shop: offer.shop, offerId: offer.id, operations: promoCodes.map((p) => ({ store: offer.shop, action, promoCodeId: p.id })) });
  return jobId;
}

export type OfferSort = "name" | "createdAt" | "members";

export interface OfferListRow {
  id: string;
  name: string;
  kind: string;
  discount: string;
  payout: string;
  members: number;
  activeCodes: number;
  status: OfferStatus;
  createdAt: string;
}

/** The offer list (server-side search, sort and pagination). */
export async function listOffers(
  db: PrismaClient,
  shop: string,
  opts: { query?: string; sort?: OfferSort; direction?: "asc" | "desc"; page?: number; pageSize?: number; archived?: boolean } = {},
) {
  const pageSize = opts.pageSize ?? 25;
  const page = Math.max(1, opts.page ?? 1);
  // Archived offers (issue 21) leave the default list; the "Archived" view lists only them.
  const where: Prisma.OfferWhereInput = {
    shop,
    archivedAt: opts.archived ? { not: null } : null,
    ...(opts.query ? { OR: [{ name: { contains: opts.query } }, { groupName: { contains: opts.query } }] } : {}),
  };
  const direction = opts.direction ?? (opts.sort === "name" ? "asc" : "desc");
  const orderBy: Prisma.OfferOrderByWithRelationInput =
    opts.sort === "name" ? { name: direction } : opts.sort === "members" ? { members: { _count: direction } } : { createdAt: direction };
  const [total, archivedTotal, offers] = await Promise.all([
    db.offer.count({ where }),
    db.offer.count({ where: { shop, archivedAt: { not: null } } }),
    db.offer.findMany({
      where,
      orderBy: [orderBy, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      include: { _count: { select: { members: true, codes: { where: { current: true, status: "ACTIVE" } } } } },
    }),
  ]);
  const rows: OfferListRow[] = offers.map((o) => ({
    id: o.id,
    name: o.name,
    kind: o.kind,
    discount: describeDiscount(o),
    payout: describePayout(o),
    members: o._count.members,
    activeCodes: o._count.codes,
    status: offerStatus(o),
    createdAt: o.createdAt.toISOString(),
  }));
  return { rows, total, archivedTotal, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

/** One offer with a page of its members and their current codes. */
/** The offer's member table filters: search, the code's status, and a store (the status there). */
export interface MemberFilter {
  query?: string;
  status?: MemberCodeFilter | null;
  store?: string | null;
}

/** One where-clause for the table and for "select all N matching" (the bulk actions). */
export function memberFilterWhere(offerId: string, filter: MemberFilter): Prisma.OfferMemberWhereInput {
  const q = filter.query?.trim();
  const code: Prisma.PromoCodeWhereInput | null = filter.store
    ? { current: true, storeCodes: { some: { store: filter.store, ...(filter.status ? { state: STATE_IN_STORE[filter.status] } : {}) } } }
    : filter.status
      ? { current: true, status: filter.status }
      : null;
  return {
    offerId,
    ...(code ? { codes: { some: code } } : {}),
    ...(q
      ? {
          OR: [
            { member: { firstName: { contains: q } } },
            { member: { lastName: { contains: q } } },
            { member: { email: { contains: q } } },
            { codes: { some: { current: true, codeKey: { contains: q.toUpperCase() } } } },
          ],
        }
      : {}),
  };
}

/** Every membership the filter matches ("select all N matching"). */
export async function matchingOfferMemberIds(db: PrismaClient, shop: string, offerId: string, filter: MemberFilter): Promise<string[] | null> {
  const offer = await db.offer.findFirst({ where: { id: offerId, shop }, select: { id: true } });
  if (!offer) return null;
  const rows = await db.offerMember.findMany({ where: memberFilterWhere(offer.id, filter), select: { id: true }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return rows.map((r) => r.id);
}

type MemberRow = {
  id: string;
  memberId: string;
  status: string;
  firstName: string;
  lastName: string;
  email: string;
  codeId: string | null;
  code: string | null;
  codeStatus: string | null;
  startsAt: unknown;
  endsAt: unknown;
  refreshingTo: string | null;
  total: unknown;
};

/** memberFilterWhere as SQL over `om` (OfferMember) and `m` (Member), for the offer page's table. */
function memberFilterSql(filter: MemberFilter): Prisma.Sql {
  const q = filter.query?.trim();
  const parts: Prisma.Sql[] = [];
  if (filter.store) {
    const state = filter.status ? Prisma.sql` AND sc."state" = ${STATE_IN_STORE[filter.status]}` : Prisma.empty;
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "PromoCode" f JOIN "StoreCode" sc ON sc."promoCodeId" = f."id"
      WHERE f."offerMemberId" = om."id" AND f."current" AND sc."store" = ${filter.store}${state})`);
  } else if (filter.status) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "PromoCode" f WHERE f."offerMemberId" = om."id" AND f."current" AND f."status" = ${filter.status})`);
  }
  if (q) {
    const like = containsPattern(q);
    parts.push(Prisma.sql`(m."firstName" LIKE ${like} ESCAPE '\\' OR m."lastName" LIKE ${like} ESCAPE '\\' OR m."email" LIKE ${like} ESCAPE '\\'
      OR EXISTS (SELECT 1 FROM "PromoCode" f WHERE f."offerMemberId" = om."id" AND f."current" AND f."codeKey" LIKE ${containsPattern(q.toUpperCase())} ESCAPE '\\'))`);
  }
  return parts.length ? Prisma.sql` AND ${Prisma.join(parts, " AND ")}` : Prisma.empty;
}

/**
 * The offer page (#15: under 150 ms at 10,000 members): the offer, one page of its members with
 * their current code (and the code a refresh under way replaces it with, R20), the total they
 * match, the codes per status and the stores with discounts. The table is one SQL statement
 * (filter, count, page and each row's current code), the counts another.
 */
export async function getOffer(db: PrismaClient, shop: string, offerId: string, opts: MemberFilter & { page?: number; pageSize?: number } = {}) {
  const offer = await db.offer.findFirst({ where: { id: offerId, shop } });
  if (!offer) return null;
  const pageSize = opts.pageSize ?? 50;
  const page = Math.max(1, opts.page ?? 1);
  // Newest first, ties by id (time-ordered): the index OfferMember(offerId, createdAt, id) read
  // backwards, so a page costs its own rows; the count reads only that index. A search reads
  // every membership once (member and code matched), counting as it goes (a window count).
  const search = Boolean(opts.query?.trim());
  const filter = memberFilterSql(opts);
  const [rows, summary, groupCodes] = await Promise.all([
    db.$queryRaw<MemberRow[]>`
      SELECT om."id", om."memberId", om."status", m."firstName", m."lastName", m."email",
        pc."id" AS "codeId", pc."code", pc."status" AS "codeStatus", pc."startsAt", pc."endsAt",
        (SELECT r."code" FROM "PromoCode" r WHERE r."replacesId" = pc."id" AND r."status" = 'PENDING' LIMIT 1) AS "refreshingTo",
        ${search ? Prisma.sql`om."total"` : Prisma.sql`(SELECT COUNT(*) FROM "OfferMember" om WHERE om."offerId" = ${offerId}${filter})`} AS "total"
      FROM (
        SELECT om."id", om."memberId", om."status", om."createdAt"${search ? Prisma.sql`, COUNT(*) OVER () AS "total"` : Prisma.empty}
        FROM "OfferMember" om ${search ? Prisma.sql`JOIN "Member" m ON m."id" = om."memberId" ` : Prisma.empty}
        WHERE om."offerId" = ${offerId}${filter}
        ORDER BY om."createdAt" DESC, om."id" DESC
        LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}
      ) om
      JOIN "Member" m ON m."id" = om."memberId"
      LEFT JOIN "PromoCode" pc ON pc."id" = (
        SELECT c."id" FROM "PromoCode" c WHERE c."offerMemberId" = om."id" AND c."current" ORDER BY c."createdAt" DESC LIMIT 1
      )
      ORDER BY om."createdAt" DESC, om."id" DESC`,
    db.$queryRaw<{ kind: "C" | "S"; key: string; n: unknown }[]>`
      SELECT 'C' AS "kind", "status" AS "key", COUNT(*) AS "n" FROM "PromoCode" WHERE "offerId" = ${offerId} AND "current" GROUP BY "status"
      UNION ALL
      SELECT DISTINCT 'S' AS "kind", "store" AS "key", 0 AS "n" FROM "DiscountGroup" WHERE "offerId" = ${offerId}`,
    offer.kind === "GROUP_CODE" ? db.promoCode.findMany({ where: { offerId, memberId: null, current: true } }) : Promise.resolve([]),
  ]);
  // The count rides on the page's rows; a page past the end has none, so count apart.
  const total = rows.length
    ? num(rows[0]!.total)
    : page > 1
      ? num(
          (await db.$queryRaw<{ n: unknown }[]>`SELECT COUNT(*) AS "n" FROM "OfferMember" om JOIN "Member" m ON m."id" = om."memberId" WHERE om."offerId" = ${offerId}${filter}`)[0]
            ?.n,
        )
      : 0;
  return {
    offer,
    status: offerStatus(offer),
    total,
    page,
    pageSize,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    members: rows.map((m) => ({
      offerMemberId: m.id,
      memberId: m.memberId,
      name: `${m.firstName} ${m.lastName}`.trim(),
      email: m.email,
      status: m.status,
      code: m.code,
      codeStatus: m.codeStatus,
      refreshingTo: m.refreshingTo,
      startsAt: m.codeId ? dateOf(m.startsAt).toISOString() : null,
      endsAt: m.codeId && m.endsAt !== null ? dateOf(m.endsAt).toISOString() : null,
    })),
    groupCodes: groupCodes.map((c) => ({ code: c.code, status: c.status })),
    codeCounts: Object.fromEntries(summary.filter((r) => r.kind === "C").map((r) => [r.key, num(r.n)])) as Record<string, number>,
    stores: summary.filter((r) => r.kind === "S").map((r) => r.key),
  };
}
