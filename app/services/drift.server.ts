// Drift (R37, docs/decisions/130): the app's discounts changed in a store's admin, found, shown and
// settled.
// - Found: a discounts/* webhook naming one of the app's discounts asks for a check of it
//   (DriftCheck); the drift pass reads those discounts by id, in batches, and compares them with
//   what the app expects (app/domain/drift/compare.ts). The periodic reconcile reads every discount
//   of the app in a store the same way, for what webhooks missed. A discount whose offer has sync
//   work under way in that store is checked once that work is done (its state is in flux).
// - Shown: one DriftItem per finding, per offer and store, with the app's side and the store's.
// - Settled: Adopt (the app takes the store's value where the rules allow) or Revert (the app's
//   state goes back into that store as a job through the sync outbox); both audited (R36).
import type { DiscountGroup, DriftItem, Offer, Prisma, PrismaClient } from "@prisma/client";
import { compareDiscount, roundPercent, type DiscountConditions, type DriftFinding, type ExpectedDiscount } from "~/domain/drift/compare";
import { adoptAllowed, adoptEffect, revertEffect, type Allowed } from "~/domain/drift/decisions";
import { isDriftKind, KIND_LABELS, UNRESOLVED, type DriftDecision, type DriftKind, type DriftSource, type DriftStatus } from "~/domain/drift/kinds";
import { usageLimitEnforcer } from "~/domain/offers/usage-limit";
import { codeKey } from "~/domain/codes/code-rules";
import { readDiscounts } from "~/shopify/drift.server";
import type { AdminClient } from "~/shopify/client.server";
import { withOutbox, type OperationInput } from "~/jobs/sync/outbox.server";
import { OPEN_STATUSES } from "~/jobs/sync/types";
import { recordAudit } from "./audit.server";
import { groupBy, inChunks } from "./chunks.server";
import { changeCodeStatus } from "./code-status.server";
import { hasGrant, percentFor } from "./stores.server";

type Db = PrismaClient | Prisma.TransactionClient;
export type AdminFor = (store: string) => Promise<AdminClient>;

/** The start of the message a code gets when its offer's discount was deleted in a store and the merchant has not decided yet. */
export const DELETED_DISCOUNT_MESSAGE = "The offer's discount was deleted in";
export const deletedDiscountMessage = (store: string) =>
  `${DELETED_DISCOUNT_MESSAGE} ${store}'s Shopify admin. Open "Needs attention" on the offer: Revert creates it again with its codes, Adopt accepts it.`;

const openKeyOf = (offerId: string, store: string, key: string) => `${offerId}|${store}|${key}`;

// ---------------------------------------------------------------------------------------------
// Requests: a webhook names one of the app's discounts

export interface DriftEvent {
  store: string;
  discountId: string;
  reason: string;
  /** redeemcode_added / redeemcode_removed: the code the event is about. */
  code?: { change: "added" | "removed"; code: string };
}

/**
 * A discounts/* delivery: when it names one of the app's discounts, that discount is to be checked.
 * Code events the app itself causes (a code it is adding, or one it is removing) are left out.
 * Returns whether a check was requested.
 */
export async function requestDriftCheck(db: PrismaClient, event: DriftEvent): Promise<boolean> {
  const group = await db.discountGroup.findFirst({
    where: { store: event.store, remoteId: event.discountId },
    select: { id: true, offerId: true },
  });
  if (!group) return false;
  if (event.code) {
    const sc = await db.storeCode.findFirst({
      where: {
        store: event.store,
        promoCode: {
          offerId: group.offerId,
          codeKey: codeKey(event.code.code),
        },
      },
      select: { state: true, promoCodeId: true },
    });
    if (sc && event.code.change === "added" && (sc.state === "PENDING" || sc.state === "SYNCED")) return false;
    if (sc && event.code.change === "removed" && sc.state !== "SYNCED") return false;
  }
  await askCheck(db, group.id, event.store, event.reason);
  return true;
}

async function askCheck(db: Db, discountGroupId: string, store: string, reason: string) {
  await db.driftCheck.upsert({
    where: { discountGroupId },
    create: { discountGroupId, store, reason },
    update: { reason, requestedAt: new Date() },
  });
}

// ---------------------------------------------------------------------------------------------
// What the app expects

type Expectation =
  | { busy: true }
  | {
      busy: false;
      offer: Offer;
      expected: ExpectedDiscount;
      memberCodes: Set<string>;
    };

function conditionsOf(offer: Offer): DiscountConditions {
  return {
    minimumSubtotalCents: offer.minimumType === "SUBTOTAL" ? (offer.minimumSubtotalCents ?? 0) : null,
    minimumQuantity: offer.minimumType === "QUANTITY" ? (offer.minimumQuantity ?? 1) : null,
    oncePerCustomer: offer.oncePerCustomer,
    usageLimit: usageLimitEnforcer(offer) === "SHOPIFY" ? offer.usageLimit : null,
    combinesWithOrder: offer.combinesWithOrder,
    combinesWithProduct: offer.combinesWithProduct,
    combinesWithShipping: offer.combinesWithShipping,
    allItems: offer.appliesTo === "ALL",
  };
}

async function expectationsFor(db: PrismaClient, store: string, groups: DiscountGroup[]): Promise<Map<string, Expectation>> {
  const out = new Map<string, Expectation>();
  const offers = await inChunks([...new Set(groups.map((g) => g.offerId))], (part) => db.offer.findMany({ where: { id: { in: part } } }));
  const offerById = new Map(offers.map((o) => [o.id, o]));
  const busyOffers = new Set(
    (
      await inChunks(offers, (part) =>
        db.syncOperation.findMany({
          where: {
            store,
            offerId: { in: part.map((o) => o.id) },
            status: { in: OPEN_STATUSES },
          },
          select: { offerId: true },
          distinct: ["offerId"],
        }),
      )
    ).map((o) => o.offerId),
  );
  const ids = groups.map((g) => g.id);
  const storeCodes = await inChunks(ids, (part) =>
    db.storeCode.findMany({
      where: { discountGroupId: { in: part } },
      include: {
        promoCode: {
          select: {
            code: true,
            startsAt: true,
            endsAt: true,
            offerMemberId: true,
          },
        },
      },
    }),
  );
  const codesOf = groupBy(storeCodes, (sc) => sc.discountGroupId!);
  const adopted = await inChunks(ids, (part) =>
    db.driftItem.findMany({
      where: {
        discountGroupId: { in: part },
        kind: "CODE_ADDED",
        status: "ADOPTED",
      },
      select: { discountGroupId: true, after: true },
    }),
  );
  const adoptedOf = groupBy(adopted, (a) => a.discountGroupId!);
  const percents = new Map<string, number | null>();
  for (const offer of offers) percents.set(offer.id, await percentFor(db, offer, store));
  for (const group of groups) {
    const offer = offerById.get(group.offerId);
    if (!offer) continue;
    if (busyOffers.has(offer.id)) {
      out.set(group.id, { busy: true });
      continue;
    }
    const codes = codesOf.get(group.id) ?? [];
    const synced = codes.filter((sc) => sc.state === "SYNCED");
    const own = group.key === "unified" ? null : codes.find((sc) => sc.promoCodeId === group.key)?.promoCode;
    const percent = percents.get(offer.id) ?? 0;
    out.set(group.id, {
      busy: false,
      offer,
      memberCodes: new Set(codes.filter((sc) => sc.promoCode.offerMemberId).map((sc) => sc.promoCodeId)),
      expected: {
        active: synced.length > 0,
        startsAt: own?.startsAt ?? offer.startsAt,
        endsAt: own ? own.endsAt : offer.endsAt,
        value:
          offer.discountType === "PERCENTAGE"
            ? { type: "PERCENTAGE", percent: roundPercent(percent) }
            : {
                type: "FIXED_AMOUNT",
                amountCents: offer.discountAmountCents ?? 0,
              },
        conditions: conditionsOf(offer),
        codes: synced.map((sc) => ({
          promoCodeId: sc.promoCodeId,
          code: sc.promoCode.code,
          redeemCodeId: sc.remoteCodeId,
        })),
        ignoredCodes: [
          ...codes.filter((sc) => sc.state !== "SYNCED").map((sc) => sc.promoCode.code),
          ...(adoptedOf.get(group.id) ?? []).map((a) => String((JSON.parse(a.after) as { code?: string }).code ?? "")),
        ],
      },
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checking discounts against the store

/**
 * Reads these discounts of one store (by id, in batches) and records what differs. Discounts of
 * offers with sync work under way there are skipped (returned, to be checked later), and so are
 * those of a connected store whose grant is gone (R1a: its session is not used).
 */
export async function checkDiscountGroups(
  db: PrismaClient,
  admin: AdminClient,
  store: string,
  groups: DiscountGroup[],
  source: DriftSource,
  now = new Date(),
): Promise<{ checked: number; deferred: string[]; findings: number }> {
  const live = groups.filter((g) => g.remoteId);
  const expectations = await expectationsFor(db, store, live);
  const deferred: string[] = [];
  const ready: DiscountGroup[] = [];
  const grants = new Map<string, boolean>();
  for (const group of live) {
    const e = expectations.get(group.id);
    if (!e) continue;
    if (e.busy) {
      deferred.push(group.id);
      continue;
    }
    if (e.offer.shop !== store) {
      if (!grants.has(e.offer.shop)) grants.set(e.offer.shop, await hasGrant(db, e.offer.shop, store));
      if (!grants.get(e.offer.shop)) continue;
    }
    ready.push(group);
  }
  const observed = await readDiscounts(
    admin,
    ready.map((g) => g.remoteId!),
  );
  let findings = 0;
  for (const group of ready) {
    const e = expectations.get(group.id) as Extract<Expectation, { busy: false }>;
    const found = compareDiscount(e.expected, observed.get(group.remoteId!) ?? null, now);
    findings += found.length;
    await recordFindings(db, group, e.offer, found, source, now);
  }
  return { checked: ready.length, deferred, findings };
}

/**
 * Findings of one discount against its unresolved items: a new finding opens an item; one found
 * again updates it (a revert that did not take opens it again); an item no longer found is
 * REVERTED (when a revert was under way) or RESOLVED (the store went back by itself).
 */
async function recordFindings(db: PrismaClient, group: DiscountGroup, offer: Offer, findings: DriftFinding[], source: DriftSource, now: Date) {
  const existing = await db.driftItem.findMany({
    where: { discountGroupId: group.id, status: { in: UNRESOLVED } },
  });
  const keyOf = (f: DriftFinding) => `${group.id}:${f.key}`;
  for (const f of findings) {
    const key = keyOf(f);
    const data = {
      kind: f.kind,
      promoCodeId: f.promoCodeId ?? null,
      before: JSON.stringify(f.before),
      after: JSON.stringify(f.after),
    };
    const item = existing.find((x) => x.key === key);
    if (item) {
      const reopened = item.status === "REVERTING";
      await db.driftItem.update({
        where: { id: item.id },
        data: {
          ...data,
          status: "OPEN" satisfies DriftStatus,
          ...(reopened
            ? {
                note: "The revert did not take: the store still differs.",
                jobId: null,
              }
            : {}),
        },
      });
      continue;
    }
    const openKey = openKeyOf(offer.id, group.store, key);
    const created = await db.driftItem.upsert({
      where: { openKey },
      create: {
        ...data,
        shop: offer.shop,
        offerId: offer.id,
        store: group.store,
        discountGroupId: group.id,
        key,
        openKey,
        source,
        status: "OPEN" satisfies DriftStatus,
        detectedAt: now,
      },
      update: data,
    });
    await recordAudit(db, {
      shop: offer.shop,
      actor: "shopify",
      action: "drift.detected",
      subject: `offer:${offer.id}`,
      stores: [group.store],
      details: {
        item: created.id,
        kind: f.kind,
        source,
        before: f.before,
        after: f.after,
      },
    });
  }
  const found = new Set(findings.map(keyOf));
  for (const item of existing.filter((x) => !found.has(x.key))) {
    const status: DriftStatus = item.status === "REVERTING" ? "REVERTED" : "RESOLVED";
    await db.driftItem.update({
      where: { id: item.id },
      data: {
        status,
        openKey: null,
        resolvedAt: now,
        resolvedBy: item.status === "REVERTING" ? item.resolvedBy : "shopify",
      },
    });
  }
}

/** The drift pass: the discounts webhooks (and reverts) asked about, per store. Returns how many were checked. */
export async function runDriftChecks(db: PrismaClient, adminFor: AdminFor, now = new Date()): Promise<number> {
  const checks = await db.driftCheck.findMany({
    orderBy: { requestedAt: "asc" },
    take: 1000,
  });
  let checked = 0;
  for (const [store, storeChecks] of groupBy(checks, (c) => c.store)) {
    const groups = await inChunks(storeChecks, (part) =>
      db.discountGroup.findMany({
        where: { id: { in: part.map((c) => c.discountGroupId) } },
      }),
    );
    const gone = storeChecks.filter((c) => !groups.some((g) => g.id === c.discountGroupId && g.remoteId));
    let deferred: string[] = [];
    try {
      const result = await checkDiscountGroups(db, await adminFor(store), store, groups, "WEBHOOK", now);
      checked += result.checked;
      deferred = result.deferred;
    } catch (error) {
      console.error(`drift: checking ${store} failed`, error);
      continue;
    }
    // Done with: what was read (a request that arrived meanwhile stays) and groups that have no discount now.
    const done = storeChecks.filter((c) => !deferred.includes(c.discountGroupId));
    for (const c of [...done, ...gone])
      await db.driftCheck.deleteMany({
        where: {
          discountGroupId: c.discountGroupId,
          requestedAt: { lte: c.requestedAt },
        },
      });
  }
  return checked;
}

/** Groups per page of the reconcile. */
const RECONCILE_PAGE = 250;

/** The reconcile of one store: every discount the app has there, read by id in batches (R33: the client paces them). */
export async function reconcileStore(db: PrismaClient, adminFor: AdminFor, store: string, now = new Date()) {
  const admin = await adminFor(store);
  let cursor: string | undefined;
  const total = { checked: 0, findings: 0 };
  for (;;) {
    const groups = await db.discountGroup.findMany({
      where: { store, remoteId: { not: null } },
      orderBy: { id: "asc" },
      take: RECONCILE_PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (!groups.length) break;
    const result = await checkDiscountGroups(db, admin, store, groups, "RECONCILE", now);
    total.checked += result.checked;
    total.findings += result.findings;
    cursor = groups[groups.length - 1]!.id;
  }
  return total;
}

/** The periodic reconcile: every store the app has discounts in, one after another. */
export async function reconcileAllStores(db: PrismaClient, adminFor: AdminFor, now = new Date()) {
  const stores = await db.discountGroup.findMany({
    where: { remoteId: { not: null } },
    select: { store: true },
    distinct: ["store"],
  });
  const out: Record<string, { checked: number; findings: number } | { error: string }> = {};
  for (const { store } of stores) {
    try {
      out[store] = await reconcileStore(db, adminFor, store, now);
    } catch (error) {
      out[store] = { error: (error as Error).message };
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// A deleted discount met by the sync worker

/**
 * The sync worker found an offer's discount gone from a store (Shopify: "Code discount does not
 * exist"). With a decision pending (an unresolved DISCOUNT_DELETED item), the merchant is asked:
 * returns "ask". Otherwise the discount is forgotten so that it is created again, the codes it held
 * are queued to be added back (a REVERT_DRIFT job), the event is recorded as drift reverted by the
 * app, and "recreate" is returned: the caller then creates its codes as into a new discount.
 */
export async function discountFoundGone(
  db: PrismaClient,
  args: {
    offer: Offer;
    store: string;
    groupId: string;
    remoteId: string;
    busyCodeIds: string[];
  },
): Promise<"ask" | "recreate"> {
  const { offer, store, groupId, remoteId } = args;
  const pending = await db.driftItem.count({
    where: {
      discountGroupId: groupId,
      kind: "DISCOUNT_DELETED",
      status: { in: UNRESOLVED },
    },
  });
  if (pending) return "ask";
  await withOutbox(db, async (outbox) => {
    const { tx } = outbox;
    const cleared = await tx.discountGroup.updateMany({
      where: { id: groupId, remoteId },
      data: { remoteId: null, seedPromoCodeId: null, lockedUntil: null },
    });
    if (!cleared.count) return;
    const held = await tx.storeCode.findMany({
      where: {
        discountGroupId: groupId,
        state: "SYNCED",
        promoCodeId: { notIn: args.busyCodeIds },
      },
      select: { id: true, promoCodeId: true },
    });
    const key = `${groupId}:discount`;
    const item = await tx.driftItem.create({
      data: {
        shop: offer.shop,
        offerId: offer.id,
        store,
        discountGroupId: groupId,
        kind: "DISCOUNT_DELETED",
        key,
        before: JSON.stringify({ codes: held.length }),
        after: "{}",
        status: "REVERTED",
        source: "SYNC",
        resolvedAt: new Date(),
        resolvedBy: "app",
        note: "Found deleted while syncing: created again with its codes.",
      },
    });
    if (held.length) {
      const jobId = await outbox.createJob({
        shop: offer.shop,
        kind: "REVERT_DRIFT",
        offerId: offer.id,
        actor: "app",
      });
      await tx.storeCode.updateMany({
        where: { id: { in: held.map((h) => h.id) } },
        data: { state: "PENDING", error: null },
      });
      await outbox.enqueue({
        jobId,
        shop: offer.shop,
        offerId: offer.id,
        operations: held.map((h) => ({
          store,
          action: "CREATE_CODE",
          promoCodeId: h.promoCodeId,
        })),
      });
      await tx.driftItem.update({ where: { id: item.id }, data: { jobId } });
    }
    await recordAudit(tx, {
      shop: offer.shop,
      actor: "app",
      action: "drift.recreated",
      subject: `offer:${offer.id}`,
      stores: [store],
      details: { item: item.id, discount: remoteId, codes: held.length },
    });
  });
  return "recreate";
}

// ---------------------------------------------------------------------------------------------
// Reading, for the admin

export interface DriftRow {
  id: string;
  kind: DriftKind;
  label: string;
  status: DriftStatus;
  store: string;
  storeLabel: string;
  member: string | null;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  detectedAt: string;
  source: string;
  note: string | null;
  jobId: string | null;
  adopt: Allowed;
  adoptEffect: string;
  revertEffect: string;
}

/** Unresolved drift per offer, for the "Needs attention" banners. */
export async function driftSummary(db: PrismaClient, shop: string, offerId?: string) {
  const rows = await db.driftItem.groupBy({
    by: ["offerId", "store"],
    where: { shop, status: "OPEN", ...(offerId ? { offerId } : {}) },
    _count: { _all: true },
  });
  const offers = await db.offer.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.offerId))] } },
    select: { id: true, name: true },
  });
  const byOffer = groupBy(rows, (r) => r.offerId);
  return {
    total: rows.reduce((n, r) => n + r._count._all, 0),
    offers: [...byOffer].map(([id, r]) => ({
      offerId: id,
      name: offers.find((o) => o.id === id)?.name ?? "Offer",
      items: r.reduce((n, x) => n + x._count._all, 0),
      stores: r.map((x) => x.store),
    })),
  };
}

async function storeLabels(db: PrismaClient, shop: string) {
  const links = await db.storeLink.findMany({ where: { primaryShop: shop } });
  return (store: string) => (store === shop ? "Primary store" : links.find((l) => l.connectedShop === store)?.label || store);
}

/** An offer's drift: unresolved items first, then the last 20 settled ones; null when the offer is not this shop's. */
export async function driftForOffer(db: PrismaClient, shop: string, offerId: string) {
  const offer = await db.offer.findFirst({ where: { id: offerId, shop } });
  if (!offer) return null;
  const [open, settled] = await Promise.all([
    db.driftItem.findMany({
      where: { offerId, status: { in: UNRESOLVED } },
      orderBy: [{ store: "asc" }, { detectedAt: "asc" }],
    }),
    db.driftItem.findMany({
      where: { offerId, status: { notIn: UNRESOLVED } },
      orderBy: { updatedAt: "desc" },
      take: 20,
    }),
  ]);
  const label = await storeLabels(db, shop);
  const codeIds = [...open, ...settled].map((i) => i.promoCodeId).filter((id): id is string => Boolean(id));
  const codes = await inChunks(codeIds, (part) =>
    db.promoCode.findMany({
      where: { id: { in: part } },
      select: {
        id: true,
        offerMemberId: true,
        member: { select: { firstName: true, lastName: true } },
      },
    }),
  );
  const row = (i: DriftItem): DriftRow | null => {
    if (!isDriftKind(i.kind)) return null;
    const code = codes.find((c) => c.id === i.promoCodeId);
    const after = JSON.parse(i.after) as Record<string, unknown>;
    return {
      id: i.id,
      kind: i.kind,
      label: KIND_LABELS[i.kind],
      status: i.status as DriftStatus,
      store: i.store,
      storeLabel: label(i.store),
      member: code?.member ? `${code.member.firstName} ${code.member.lastName}`.trim() : null,
      before: JSON.parse(i.before) as Record<string, unknown>,
      after,
      detectedAt: i.detectedAt.toISOString(),
      source: i.source,
      note: i.note,
      jobId: i.jobId,
      adopt: adoptAllowed(offer, {
        kind: i.kind,
        after,
        memberCode: Boolean(code?.offerMemberId) || !["CODE_REMOVED", "CODE_RENAMED"].includes(i.kind),
      }),
      adoptEffect: adoptEffect(i.kind),
      revertEffect: revertEffect(i.kind),
    };
  };
  return {
    offer: { id: offer.id, name: offer.name },
    open: open.map(row).filter((r): r is DriftRow => r !== null),
    settled: settled.map(row).filter((r): r is DriftRow => r !== null),
  };
}

// ---------------------------------------------------------------------------------------------
// Deciding

export type DecisionResult = { ok: true; jobId: string | null } | { ok: false; error: string };

export async function decideDrift(db: PrismaClient, args: { shop: string; actor: string; itemId: string; decision: DriftDecision }): Promise<DecisionResult> {
  const item = await db.driftItem.findFirst({
    where: { id: args.itemId, shop: args.shop },
  });
  if (!item || !isDriftKind(item.kind)) return { ok: false, error: "This item does not exist." };
  if (item.status !== "OPEN") return { ok: false, error: "This item was already settled." };
  const offer = await db.offer.findUniqueOrThrow({
    where: { id: item.offerId },
  });
  const group = item.discountGroupId ? await db.discountGroup.findUnique({ where: { id: item.discountGroupId } }) : null;
  if (!group) return { ok: false, error: "The app no longer has this discount." };
  const result = args.decision === "ADOPT" ? await adopt(db, args, item, item.kind, offer, group) : await revert(db, args, item, item.kind, offer, group);
  if (!result.ok) return result;
  await recordAudit(db, {
    shop: args.shop,
    actor: args.actor,
    action: args.decision === "ADOPT" ? "drift.adopt" : "drift.revert",
    subject: `offer:${offer.id}`,
    stores: [item.store],
    details: {
      item: item.id,
      kind: item.kind,
      before: JSON.parse(item.before) as unknown,
      after: JSON.parse(item.after) as unknown,
      jobId: result.jobId,
    },
  });
  return result;
}

/** Marks an item decided; the discount is read again (after the job, if any) to confirm. */
async function settleItem(tx: Db, item: DriftItem, actor: string, status: Extract<DriftStatus, "ADOPTED" | "REVERTING">, jobId: string | null) {
  await tx.driftItem.update({
    where: { id: item.id },
    data: {
      status,
      jobId,
      resolvedBy: actor,
      ...(status === "ADOPTED" ? { openKey: null, resolvedAt: new Date() } : {}),
    },
  });
  if (item.discountGroupId) await askCheck(tx, item.discountGroupId, item.store, status === "ADOPTED" ? "adopted" : "reverted");
}

/** The offer's stores that hold its discounts, but `except`. */
async function otherStores(db: Db, offerId: string, except: string) {
  const groups = await db.discountGroup.findMany({
    where: { offerId, remoteId: { not: null }, store: { not: except } },
    select: { store: true },
    distinct: ["store"],
  });
  return groups.map((g) => g.store);
}

async function adopt(db: PrismaClient, args: { shop: string; actor: string }, item: DriftItem, kind: DriftKind, offer: Offer, group: DiscountGroup): Promise<DecisionResult> {
  const after = JSON.parse(item.after) as Record<string, unknown>;
  const code = item.promoCodeId ? await db.promoCode.findUnique({ where: { id: item.promoCodeId } }) : null;
  const allowed = adoptAllowed(offer, {
    kind,
    after,
    memberCode: Boolean(code?.offerMemberId) || !["CODE_REMOVED", "CODE_RENAMED"].includes(kind),
  });
  if (allowed !== true) return { ok: false, error: allowed };
  const settleOnly = () => withOutbox(db, (o) => settleItem(o.tx, item, args.actor, "ADOPTED", null)).then(() => ({ ok: true as const, jobId: null }));
  switch (kind) {
    case "DISCOUNT_DELETED":
    case "DISCOUNT_DEACTIVATED":
    case "CODE_REMOVED": {
      // The members' codes stop in every store (R13, R24); a deleted discount is forgotten.
      const where = kind === "CODE_REMOVED" ? { promoCodeId: item.promoCodeId! } : { discountGroupId: group.id, state: "SYNCED" };
      const codes = await db.storeCode.findMany({
        where,
        select: { promoCode: { select: { offerMemberId: true } } },
      });
      const members = [...new Set(codes.map((c) => c.promoCode.offerMemberId).filter((id): id is string => Boolean(id)))];
      if (kind === "DISCOUNT_DELETED")
        await db.discountGroup.update({
          where: { id: group.id },
          data: { remoteId: null, seedPromoCodeId: null, lockedUntil: null },
        });
      const changed = members.length
        ? await changeCodeStatus(db, {
            shop: args.shop,
            actor: args.actor,
            offerId: offer.id,
            offerMemberIds: members,
            target: "DEACTIVATED",
          })
        : null;
      await withOutbox(db, (o) => settleItem(o.tx, item, args.actor, "ADOPTED", changed?.ok ? changed.jobId : null));
      return { ok: true, jobId: changed?.ok ? changed.jobId : null };
    }
    case "CODE_ADDED":
      return settleOnly();
    case "CODE_RENAMED": {
      const name = String(after.code ?? "");
      if (!code || !name) return { ok: false, error: "This code no longer exists." };
      const taken = await db.promoCode.count({
        where: {
          shop: offer.shop,
          codeKey: codeKey(name),
          id: { not: code.id },
          status: { not: "RETIRED" },
        },
      });
      if (taken)
        return {
          ok: false,
          error: `"${name}" is another code of this store in the app.`,
        };
      await withOutbox(db, async (o) => {
        await o.tx.promoCode.update({
          where: { id: code.id },
          data: { code: name, codeKey: codeKey(name) },
        });
        await o.tx.storeCode.updateMany({
          where: { promoCodeId: code.id, store: item.store },
          data: {
            remoteCodeId: typeof after.redeemCodeId === "string" ? after.redeemCodeId : null,
          },
        });
        await settleItem(o.tx, item, args.actor, "ADOPTED", null);
      });
      return { ok: true, jobId: null };
    }
    case "DATES_CHANGED":
    case "VALUE_CHANGED":
    case "CONDITIONS_CHANGED":
      return adoptSettings(db, args, item, kind, offer, group, after, code);
  }
}

/** Offer-level settings (R10, R14) taken from the store, then pushed to the offer's other stores. */
async function adoptSettings(
  db: PrismaClient,
  args: { shop: string; actor: string },
  item: DriftItem,
  kind: DriftKind,
  offer: Offer,
  group: DiscountGroup,
  after: Record<string, unknown>,
  code: { id: string } | null,
): Promise<DecisionResult> {
  const jobId = await withOutbox(db, async (outbox) => {
    const { tx } = outbox;
    let spread = true;
    if (kind === "DATES_CHANGED") {
      const dates = {
        startsAt: new Date(String(after.startsAt)),
        endsAt: after.endsAt ? new Date(String(after.endsAt)) : null,
      };
      if (group.key === "unified") await tx.offer.update({ where: { id: offer.id }, data: dates });
      else
        await tx.promoCode.update({
          where: { id: code?.id ?? group.key },
          data: dates,
        });
    } else if (kind === "VALUE_CHANGED") {
      if (after.type === "PERCENTAGE") {
        const percent = Number(after.percent);
        if (offer.syncEnabled && !offer.sameValueAcrossStores && item.store !== offer.shop) {
          await tx.offerStore.update({
            where: { offerId_store: { offerId: offer.id, store: item.store } },
            data: { discountPercent: percent },
          });
          spread = false;
        } else
          await tx.offer.update({
            where: { id: offer.id },
            data: { discountType: "PERCENTAGE", discountPercent: percent },
          });
      } else
        await tx.offer.update({
          where: { id: offer.id },
          data: {
            discountType: "FIXED_AMOUNT",
            discountAmountCents: Number(after.amountCents),
          },
        });
    } else {
      const c = after as Partial<DiscountConditions>;
      const data: Prisma.OfferUpdateInput = {};
      if ("minimumSubtotalCents" in c || "minimumQuantity" in c) {
        const subtotal = "minimumSubtotalCents" in c ? c.minimumSubtotalCents : offer.minimumType === "SUBTOTAL" ? offer.minimumSubtotalCents : null;
        const quantity = "minimumQuantity" in c ? c.minimumQuantity : offer.minimumType === "QUANTITY" ? offer.minimumQuantity : null;
        Object.assign(
          data,
          subtotal != null
            ? { minimumType: "SUBTOTAL", minimumSubtotalCents: subtotal }
            : quantity != null
              ? { minimumType: "QUANTITY", minimumQuantity: quantity }
              : { minimumType: "NONE" },
        );
      }
      if (c.oncePerCustomer !== undefined) data.oncePerCustomer = c.oncePerCustomer;
      if ("usageLimit" in c)
        Object.assign(data, c.usageLimit == null ? (offer.usageUnit === "PER_ORDER" ? { usageLimit: null } : {}) : { usageLimit: c.usageLimit, usageUnit: "PER_ORDER" });
      if (c.combinesWithOrder !== undefined) data.combinesWithOrder = c.combinesWithOrder;
      if (c.combinesWithProduct !== undefined) data.combinesWithProduct = c.combinesWithProduct;
      if (c.combinesWithShipping !== undefined) data.combinesWithShipping = c.combinesWithShipping;
      await tx.offer.update({ where: { id: offer.id }, data });
    }
    const stores = spread ? await otherStores(tx, offer.id, item.store) : [];
    let id: string | null = null;
    if (stores.length) {
      id = await outbox.createJob({
        shop: offer.shop,
        kind: "UPDATE_DISCOUNTS",
        offerId: offer.id,
        actor: args.actor,
      });
      await outbox.enqueue({
        jobId: id,
        shop: offer.shop,
        offerId: offer.id,
        operations: stores.map((store) => ({
          store,
          action: "UPDATE_DISCOUNT",
        })),
      });
    }
    await settleItem(tx, item, args.actor, "ADOPTED", id);
    return id;
  });
  return { ok: true, jobId };
}

async function revert(db: PrismaClient, args: { shop: string; actor: string }, item: DriftItem, kind: DriftKind, offer: Offer, group: DiscountGroup): Promise<DecisionResult> {
  const jobId = await withOutbox(db, async (outbox) => {
    const { tx } = outbox;
    const ops: OperationInput[] = [];
    const recreate = async (storeCodeIds: string[], promoCodeIds: string[]) => {
      await tx.storeCode.updateMany({
        where: { id: { in: storeCodeIds } },
        data: { state: "PENDING", error: null },
      });
      // A code that failed only because of the deleted discount (never live) is being created again.
      await tx.promoCode.updateMany({
        where: { id: { in: promoCodeIds }, status: "FAILED" },
        data: { status: "PENDING" },
      });
      for (const promoCodeId of promoCodeIds) ops.push({ store: item.store, action: "CREATE_CODE", promoCodeId });
    };
    switch (kind) {
      case "DISCOUNT_DELETED": {
        await tx.discountGroup.update({
          where: { id: group.id },
          data: { remoteId: null, seedPromoCodeId: null, lockedUntil: null },
        });
        const held = await tx.storeCode.findMany({
          where: {
            discountGroupId: group.id,
            state: { in: ["SYNCED", "FAILED"] },
            promoCode: {
              current: true,
              status: { notIn: ["RETIRED", "DEACTIVATED"] },
            },
          },
          select: { id: true, promoCodeId: true },
        });
        // Codes generated meanwhile that failed on the deleted discount (unified: no group of their own yet).
        const waiting =
          group.key === "unified"
            ? await tx.storeCode.findMany({
                where: {
                  store: item.store,
                  state: "FAILED",
                  error: { startsWith: DELETED_DISCOUNT_MESSAGE },
                  promoCode: { offerId: offer.id, current: true },
                },
                select: { id: true, promoCodeId: true },
              })
            : [];
        const all = [...new Map([...held, ...waiting].map((s) => [s.id, s])).values()];
        await recreate(
          all.map((s) => s.id),
          all.map((s) => s.promoCodeId),
        );
        break;
      }
      case "CODE_REMOVED": {
        const sc = await tx.storeCode.findFirst({
          where: { promoCodeId: item.promoCodeId!, store: item.store },
        });
        if (sc) await recreate([sc.id], [sc.promoCodeId]);
        break;
      }
      case "CODE_RENAMED": {
        ops.push({ store: item.store, action: "REVERT_DRIFT" });
        const sc = await tx.storeCode.findFirst({
          where: { promoCodeId: item.promoCodeId!, store: item.store },
        });
        if (sc && group.key === "unified") await recreate([sc.id], [sc.promoCodeId]);
        break;
      }
      case "CODE_ADDED":
        ops.push({ store: item.store, action: "REVERT_DRIFT" });
        break;
      case "DISCOUNT_DEACTIVATED":
      case "DATES_CHANGED":
      case "VALUE_CHANGED":
      case "CONDITIONS_CHANGED":
        ops.push({ store: item.store, action: "UPDATE_DISCOUNT" });
        break;
    }
    const id = await outbox.createJob({
      shop: offer.shop,
      kind: "REVERT_DRIFT",
      offerId: offer.id,
      actor: args.actor,
    });
    await outbox.enqueue({
      jobId: id,
      shop: offer.shop,
      offerId: offer.id,
      operations: ops,
    });
    if (!ops.length)
      await tx.job.update({
        where: { id },
        data: { status: "DONE", finishedAt: new Date() },
      });
    await settleItem(tx, item, args.actor, "REVERTING", id);
    return id;
  });
  return { ok: true, jobId };
}

/** Unresolved items, per offer, for tests and scripts. */
export function openDrift(db: PrismaClient, offerId: string) {
  return db.driftItem.findMany({
    where: { offerId, status: { in: UNRESOLVED } },
    orderBy: { detectedAt: "asc" },
  });
}
