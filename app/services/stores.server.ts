// Connected stores (R1, R1a, R11) and the stores an offer's codes live in.
import type { Offer, Prisma, PrismaClient } from "@prisma/client";
import { hashLinkCode, LINK_CODE_TTL_MS, newLinkCode, normalizeLinkCode } from "~/domain/stores/link-code";
import { attemptRefusal, linkAttemptVerdict, LOCKOUT_MS, WINDOW_MS } from "~/domain/stores/link-attempts";
import { env } from "~/env.server";
import type { AvailableStore } from "~/domain/stores/sync-settings";
import { recordAudit } from "./audit.server";
import { withOutbox } from "~/jobs/sync/outbox.server";
import { num } from "./sql-reads.server";

type Db = PrismaClient | Prisma.TransactionClient;

/** In the store that grants access: a single-use code, valid 24 h, shown once. */
export async function createLinkCode(db: PrismaClient, args: { shop: string; actor: string; now?: Date }) {
  const code = newLinkCode();
  const now = args.now ?? new Date();
  const expiresAt = new Date(now.getTime() + LINK_CODE_TTL_MS);
  await db.linkCode.create({ data: { shop: args.shop, codeHash: hashLinkCode(code, env().SHOPIFY_API_SECRET), createdBy: args.actor, expiresAt } });
  await recordAudit(db, { shop: args.shop, actor: args.actor, action: "store.link_code", subject: `shop:${args.shop}`, details: { expiresAt } });
  return { code, expiresAt };
}

type ConnectFailure = "MALFORMED" | "UNKNOWN" | "USED" | "EXPIRED" | "OWN_STORE" | "NOT_INSTALLED";

/**
 * In the primary store: entering a link code connects the store that created it. Guessing is
 * limited (R1a, issue 12): failed attempts are counted per shop and per client (the admin user),
 * each is audited, and past the limits no code is looked at until the wait is over.
 */
export async function connectStore(db: PrismaClient, args: { shop: string; actor: string; code: string; label?: string; now?: Date }) {
  const now = args.now ?? new Date();
  const [shopFailures, clientFailures] = await Promise.all([
    db.linkCodeAttempt.findMany({ where: { shop: args.shop, createdAt: { gt: new Date(now.getTime() - LOCKOUT_MS) } }, select: { createdAt: true } }),
    db.linkCodeAttempt.findMany({ where: { client: args.actor, createdAt: { gt: new Date(now.getTime() - WINDOW_MS) } }, select: { createdAt: true } }),
  ]);
  const verdict = linkAttemptVerdict({ shopFailures: shopFailures.map((f) => f.createdAt), clientFailures: clientFailures.map((f) => f.createdAt) }, now);
  if (!verdict.allowed) {
    await recordAudit(db, {
      shop: args.shop,
      actor: args.actor,
      action: "store.link_code_refused",
      subject: `shop:${args.shop}`,
      details: { reason: verdict.reason, retryAt: verdict.retryAt },
    });
    return { ok: false as const, error: attemptRefusal(verdict, now), limited: true as const };
  }
  const fail = async (reason: ConnectFailure, error: string) => {
    await db.linkCodeAttempt.create({ data: { shop: args.shop, client: args.actor, reason, createdAt: now } });
    await recordAudit(db, { shop: args.shop, actor: args.actor, action: "store.link_code_failed", subject: `shop:${args.shop}`, details: { reason } });
    return { ok: false as const, error };
  };
  const code = normalizeLinkCode(args.code);
  if (!code) return fail("MALFORMED", "Enter the link code exactly as shown in the other store, like CCL-ABCD-EFGH-JKLM.");
  const link = await db.linkCode.findUnique({ where: { codeHash: hashLinkCode(code, env().SHOPIFY_API_SECRET) } });
  if (!link) return fail("UNKNOWN", "This link code is not valid. Create a new one in the other store.");
  if (link.usedAt) return fail("USED", "This link code was already used. Create a new one in the other store.");
  if (link.expiresAt <= now) return fail("EXPIRED", "This link code has expired (codes last 24 hours). Create a new one in the other store.");
  if (link.shop === args.shop) return fail("OWN_STORE", "This link code was created in this store. Enter it in the store that should sync codes into this one.");
  const installed = await db.shop.findUnique({ where: { domain: link.shop } });
  if (!installed || installed.uninstalledAt) return fail("NOT_INSTALLED", "The other store no longer has the app installed.");
  return db.$transaction(async (tx) => {
    // Single use, even when two admins submit the same code at once.
    const used = await tx.linkCode.updateMany({ where: { id: link.id, usedAt: null }, data: { usedAt: now, usedBy: args.shop } });
    if (used.count === 0) return { ok: false as const, error: "This link code was already used. Create a new one in the other store." };
    const label = (args.label ?? "").trim() || installed.name || link.shop;
    const storeLink = await tx.storeLink.upsert({
      where: { primaryShop_connectedShop: { primaryShop: args.shop, connectedShop: link.shop } },
      create: { primaryShop: args.shop, connectedShop: link.shop, label },
      update: { status: "CONNECTED", endedAt: null, label },
    });
    await recordAudit(tx, { shop: args.shop, actor: args.actor, action: "store.connect", subject: `link:${storeLink.id}`, stores: [args.shop, link.shop] });
    return { ok: true as const, link: storeLink };
  });
}

export async function listStores(db: PrismaClient, shop: string) {
  const [self, connected, grantedTo] = await Promise.all([
    db.shop.findUnique({ where: { domain: shop } }),
    db.storeLink.findMany({ where: { primaryShop: shop, status: { not: "REVOKED" } }, orderBy: { createdAt: "asc" } }),
    db.storeLink.findMany({ where: { connectedShop: shop, status: "CONNECTED" }, orderBy: { createdAt: "asc" } }),
  ]);
  // Stores whose offline token could not be renewed: their merchant must open the app (decision 030).
  const lapsed = await db.offlineTokenState.findMany({
    where: { shop: { in: [shop, ...connected.map((l) => l.connectedShop)] }, needsMerchantAt: { not: null } },
    select: { shop: true, needsMerchantAt: true },
  });
  const needsMerchantSince = (store: string) => lapsed.find((l) => l.shop === store)?.needsMerchantAt?.toISOString() ?? null;
  // #21: what unlinking would leave behind: this store's codes working in each connected store.
  const live = connected.length
    ? await db.storeCode.groupBy({
        by: ["store"],
        where: { store: { in: connected.map((l) => l.connectedShop) }, state: "SYNCED", promoCode: { offer: { shop } } },
        _count: { _all: true },
      })
    : [];
  return {
    primary: { shop, name: self?.name ?? shop, currencyCode: self?.currencyCode ?? null, needsMerchantSince: needsMerchantSince(shop) },
    connected: connected.map((l) => ({
      id: l.id,
      shop: l.connectedShop,
      label: l.label,
      syncEnabled: l.syncEnabled,
      status: l.status,
      needsMerchantSince: needsMerchantSince(l.connectedShop),
      codesLive: live.find((c) => c.store === l.connectedShop)?._count._all ?? 0,
    })),
    grantedTo: grantedTo.map((l) => ({ id: l.id, shop: l.primaryShop })),
  };
}

export async function updateStoreLink(db: PrismaClient, args: { shop: string; actor: string; linkId: string; label?: string; syncEnabled?: boolean }) {
  const link = await db.storeLink.findFirst({ where: { id: args.linkId, primaryShop: args.shop } });
  if (!link) return { ok: false as const, error: "This store is not connected to yours." };
  const label = args.label?.trim();
  if (label !== undefined && (label.length === 0 || label.length > 50)) return { ok: false as const, error: "Enter a label of 1 to 50 characters." };
  await db.storeLink.update({
    where: { id: link.id },
    data: { ...(label !== undefined ? { label } : {}), ...(args.syncEnabled !== undefined ? { syncEnabled: args.syncEnabled } : {}) },
  });
  await recordAudit(db, {
    shop: args.shop,
    actor: args.actor,
    action: "store.update",
    subject: `link:${link.id}`,
    stores: [link.connectedShop],
    details: { label, syncEnabled: args.syncEnabled },
  });
  return { ok: true as const };
}

/** Either side can revoke (R1a); from then on the connected store's session is not used. */
export async function revokeStoreLink(db: PrismaClient, args: { shop: string; actor: string; linkId: string }) {
  const link = await db.storeLink.findFirst({ where: { id: args.linkId, OR: [{ primaryShop: args.shop }, { connectedShop: args.shop }] } });
  if (!link) return { ok: false as const, error: "No such link." };
  await db.storeLink.update({ where: { id: link.id }, data: { status: "REVOKED", endedAt: new Date() } });
  await recordAudit(db, { shop: args.shop, actor: args.actor, action: "store.unlink", subject: `link:${link.id}`, stores: [link.primaryShop, link.connectedShop] });
  return { ok: true as const };
}

/** R11: a store that uninstalls is disconnected from every link it is part of. */
export async function disconnectStore(db: Db, shop: string, at = new Date()) {
  await db.storeLink.updateMany({ where: { OR: [{ connectedShop: shop }, { primaryShop: shop }], status: "CONNECTED" }, data: { status: "DISCONNECTED", endedAt: at } });
}

/** Connected stores that new offers may sync to: connected and with sync on (R1, R2, R11). */
export async function availableSyncStores(db: Db, shop: string): Promise<AvailableStore[]> {
  const links = await db.storeLink.findMany({ where: { primaryShop: shop, status: "CONNECTED", syncEnabled: true }, orderBy: { createdAt: "asc" } });
  return links.map((l) => ({ shop: l.connectedShop, label: l.label }));
}

/** R1a: may `primary` act in `store`? Its own store always; another only through a live link. */
export async function hasGrant(db: Db, primary: string, store: string): Promise<boolean> {
  if (primary === store) return true;
  return (await db.storeLink.count({ where: { primaryShop: primary, connectedShop: store, status: "CONNECTED" } })) > 0;
}

/**
 * The stores an offer's codes live in (R6): the primary store, then the offer's selected
 * connected stores while their link is live. A disconnected store gets no new work (R11).
 */
export async function targetStoresFor(db: Db, offer: Pick<Offer, "id" | "shop" | "syncEnabled">): Promise<string[]> {
  if (!offer.syncEnabled) return [offer.shop];
  const selected = await db.offerStore.findMany({ where: { offerId: offer.id }, orderBy: { addedAt: "asc" } });
  const live = await db.storeLink.findMany({ where: { primaryShop: offer.shop, status: "CONNECTED", connectedShop: { in: selected.map((s) => s.store) } } });
  const ok = new Set(live.map((l) => l.connectedShop));
  return [offer.shop, ...selected.map((s) => s.store).filter((s) => ok.has(s))];
}

/** The percentage for an offer in a store (R4): the store's own when values differ. */
export async function percentFor(db: Db, offer: Pick<Offer, "id" | "shop" | "discountPercent" | "sameValueAcrossStores">, store: string): Promise<number | null> {
  if (store === offer.shop || offer.sameValueAcrossStores) return offer.discountPercent;
  const row = await db.offerStore.findUnique({ where: { offerId_store: { offerId: offer.id, store } } });
  return row?.discountPercent ?? offer.discountPercent;
}

/**
 * Per offer and store: codes in sync, pending and failed (the sync status view). Three SQL
 * statements (#15: the offer page at 10,000 members): the counts per store and state with whether
 * operations are open, the offer's stores with their links, and the latest failures.
 */
export async function syncStatus(db: PrismaClient, offer: Pick<Offer, "id" | "shop" | "syncEnabled">) {
  const [grouped, selected, failed] = await Promise.all([
    db.$queryRaw<{ store: string; state: string; n: unknown }[]>`
      SELECT sc."store", sc."state", COUNT(*) AS "n"
      FROM "PromoCode" pc JOIN "StoreCode" sc ON sc."promoCodeId" = pc."id"
      WHERE pc."offerId" = ${offer.id} AND pc."current" AND pc."status" <> 'RETIRED'
      GROUP BY sc."store", sc."state"
      UNION ALL
      SELECT '' AS "store", 'OPEN' AS "state", COUNT(*) AS "n" FROM "SyncOperation" WHERE "offerId" = ${offer.id} AND "status" IN ('PENDING', 'RUNNING')`,
    db.$queryRaw<{ store: string; label: string | null; status: string | null }[]>`
      SELECT os."store", sl."label", sl."status"
      FROM "OfferStore" os LEFT JOIN "StoreLink" sl ON sl."primaryShop" = ${offer.shop} AND sl."connectedShop" = os."store"
      WHERE os."offerId" = ${offer.id}
      ORDER BY os."addedAt" ASC, os."store" ASC`,
    // Each member and store that could not be synced, with the reason (R7, R8, R9): from the
    // failed store codes (few; index StoreCode(state, promoCodeId); CROSS JOIN keeps SQLite's order).
    db.$queryRaw<{ id: string; store: string; error: string | null; code: string; status: string; memberId: string | null; firstName: string | null; lastName: string | null }[]>`
      SELECT sc."id", sc."store", sc."error", pc."code", pc."status", pc."memberId", m."firstName", m."lastName"
      FROM "StoreCode" sc CROSS JOIN "PromoCode" pc LEFT JOIN "Member" m ON m."id" = pc."memberId"
      WHERE sc."state" = 'FAILED' AND pc."id" = sc."promoCodeId" AND pc."offerId" = ${offer.id} AND pc."current" AND pc."status" <> 'RETIRED'
      ORDER BY sc."updatedAt" DESC, sc."id" ASC
      LIMIT 50`,
  ]);
  const stores = [offer.shop, ...selected.map((s) => s.store)];
  const linkOf = (store: string) => selected.find((s) => s.store === store && s.status !== null);
  const labelOf = (store: string) => (store === offer.shop ? "Primary store" : (linkOf(store)?.label ?? store));
  const n = (store: string, state: string) => num(grouped.find((g) => g.store === store && g.state === state)?.n);
  return {
    running: n("", "OPEN") > 0,
    failures: failed.map((f) => ({
      id: f.id,
      memberId: f.memberId,
      member: f.firstName !== null ? `${f.firstName} ${f.lastName ?? ""}`.trim() : null,
      code: f.code,
      /** Live elsewhere: the code works in the other stores; only this store lacks it. */
      liveElsewhere: f.status === "ACTIVE" || f.status === "DEACTIVATED",
      store: f.store,
      label: labelOf(f.store),
      message: f.error,
    })),
    stores: stores.map((store) => {
      const synced = n(store, "SYNCED");
      const pending = n(store, "PENDING");
      const failed = n(store, "FAILED");
      return { store, label: labelOf(store), connected: store === offer.shop || linkOf(store)?.status === "CONNECTED", synced, pending, failed, total: synced + pending + failed };
    }),
  };
}

/**
 * Retries an offer's failed store operations whose code is still meant to exist (a store that was
 * unreachable when it was added, R8/R9; a live code that another discount held in an added store,
 * once that is resolved). Codes refused outright before going live need a new name.
 */
export async function retryFailedSync(db: PrismaClient, args: { shop: string; actor: string; offerId: string }) {
  const failed = await db.syncOperation.findMany({
    where: {
      shop: args.shop,
      offerId: args.offerId,
      status: "FAILED",
      action: { in: ["CHECK_CODE", "CREATE_CODE", "DELETE_CODE", "UPDATE_DISCOUNT"] },
      OR: [{ promoCodeId: null }, { promoCode: { status: { notIn: ["FAILED", "PENDING"] } } }],
    },
    select: { id: true, store: true, promoCodeId: true, action: true },
  });
  if (!failed.length) return { retried: 0 };
  await withOutbox(db, async (outbox) => {
    const { tx } = outbox;
    await outbox.retry(failed.map((f) => f.id));
    for (const f of failed.filter((x) => x.promoCodeId)) {
      // A check runs again for every store where the code failed; a create for its own store.
      const where = f.action === "CHECK_CODE" ? { promoCodeId: f.promoCodeId!, state: "FAILED" } : { promoCodeId: f.promoCodeId!, store: f.store, state: "FAILED" };
      await tx.storeCode.updateMany({ where, data: { state: "PENDING", error: null } });
    }
    await recordAudit(tx, {
      shop: args.shop,
      actor: args.actor,
      action: "sync.retry",
      subject: `offer:${args.offerId}`,
      stores: [...new Set(failed.map((f) => f.store))],
      details: { operations: failed.length },
    });
  });
  return { retried: failed.length };
}
