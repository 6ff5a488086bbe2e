// The pages bench's shop, seeded straight into SQLite: 10,000 members in one project and one offer
// synced to a connected store (a code per member, synced in both stores) and 100,000 conversions
// over the last 180 days (4% refunded). Shared by bench/pages.ts and its query probe.
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";

export const SHOP = "us-store.myshopify.com";
export const CA = "ca-store.myshopify.com";
const DAY = 86_400_000;

/** SQLite's text form of a DateTime as Prisma writes it. */
const ts = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

/**
 * Seeds the shop straight into SQLite (prepared statements in one transaction: 100,000 rows in
 * seconds, where createMany through the driver adapter takes minutes on a busy machine).
 */
export function seed(file: string, MEMBERS: number, CONVERSIONS: number) {
  const db = new Database(file);
  const now = Date.now();
  const ids = { project: randomUUID(), offer: randomUUID() };
  const members: { id: string; offerMemberId: string; codeId: string; code: string }[] = [];
  db.transaction(() => {
    const shop = db.prepare('INSERT INTO "Shop" ("domain", "name", "currencyCode", "installedAt", "updatedAt") VALUES (?, ?, ?, ?, ?)');
    shop.run(SHOP, "Bench Brand", "USD", ts(now - 200 * DAY), ts(now));
    shop.run(CA, "Bench Canada", "CAD", ts(now - 200 * DAY), ts(now));
    db.prepare('INSERT INTO "StoreLink" ("id", "primaryShop", "connectedShop", "label", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)').run(
      randomUUID(),
      SHOP,
      CA,
      "Canada",
      ts(now),
      ts(now),
    );
    db.prepare('INSERT INTO "Project" ("id", "shop", "name", "createdAt") VALUES (?, ?, ?, ?)').run(ids.project, SHOP, "Bench creators", ts(now - 200 * DAY));
    db.prepare(
      'INSERT INTO "Offer" ("id", "shop", "name", "payoutType", "payoutFlatCents", "payoutPercent", "groupName", "discountType", "discountPercent", "startsAt", "syncEnabled", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)',
    ).run(ids.offer, SHOP, "Bench offer", "BOTH", 300, 5, "Bench offer", "PERCENTAGE", 15, ts(now - 200 * DAY), ts(now - 200 * DAY), ts(now));
    db.prepare('INSERT INTO "OfferStore" ("offerId", "store", "addedAt") VALUES (?, ?, ?)').run(ids.offer, CA, ts(now - 200 * DAY));
    db.prepare('INSERT INTO "OfferProject" ("offerId", "projectId", "connectedAt") VALUES (?, ?, ?)').run(ids.offer, ids.project, ts(now - 200 * DAY));
    const member = db.prepare('INSERT INTO "Member" ("id", "shop", "firstName", "lastName", "email", "handle", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)');
    const inProject = db.prepare('INSERT INTO "ProjectMember" ("projectId", "memberId", "addedAt") VALUES (?, ?, ?)');
    const offerMember = db.prepare('INSERT INTO "OfferMember" ("id", "offerId", "memberId", "status", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)');
    const promoCode = db.prepare(
      'INSERT INTO "PromoCode" ("id", "shop", "offerId", "offerMemberId", "memberId", "code", "codeKey", "status", "startsAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const storeCode = db.prepare('INSERT INTO "StoreCode" ("id", "promoCodeId", "store", "state", "updatedAt") VALUES (?, ?, ?, ?, ?)');
    for (let i = 0; i < MEMBERS; i++) {
      const m = { id: randomUUID(), offerMemberId: randomUUID(), codeId: randomUUID(), code: `CREATOR${i}` };
      const deactivated = i % 10 === 9;
      member.run(m.id, SHOP, `Creator${i}`, `Bench${i % 97}`, `creator${i}@bench.example`, `@c${i}`, ts(now - 190 * DAY + i * 1000));
      inProject.run(ids.project, m.id, ts(now - 190 * DAY + i * 1000));
      offerMember.run(m.offerMemberId, ids.offer, m.id, deactivated ? "DEACTIVATED" : "ACTIVE", ts(now - 190 * DAY), ts(now));
      promoCode.run(m.codeId, SHOP, ids.offer, m.offerMemberId, m.id, m.code, m.code, deactivated ? "DEACTIVATED" : "ACTIVE", ts(now - 190 * DAY), ts(now - 190 * DAY));
      for (const store of [SHOP, CA]) storeCode.run(randomUUID(), m.codeId, store, deactivated ? "DEACTIVATED" : "SYNCED", ts(now));
      members.push(m);
    }
    const conversion = db.prepare(
      'INSERT INTO "Conversion" ("id", "store", "shop", "offerId", "memberId", "promoCodeId", "code", "orderId", "orderName", "currency", "saleCents", "saleUsdCents", "rateUnitsPerUsd", "rateDay", "rateSource", "payoutCents", "discountedItems", "occurredAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const adjustment = db.prepare(
      'INSERT INTO "ConversionAdjustment" ("id", "conversionId", "kind", "sourceId", "saleCents", "saleUsdCents", "payoutCents", "occurredAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (let n = 0; n < CONVERSIONS; n++) {
      // Skewed like real creators: a few members bring most orders.
      const m = members[Math.floor(MEMBERS * Math.pow(((n * 7919) % 10007) / 10007, 3))]!;
      const store = n % 3 === 0 ? CA : SHOP;
      const usd = 2_000 + ((n * 37) % 15_000);
      const at = now - ((n * 104_729) % (180 * DAY));
      const id = randomUUID();
      conversion.run(
        id,
        store,
        SHOP,
        ids.offer,
        m.id,
        m.codeId,
        m.code,
        `gid://shopify/Order/${1_000_000 + n}`,
        `#${1_000_000 + n}`,
        store === CA ? "CAD" : "USD",
        store === CA ? Math.round(usd * 1.38) : usd,
        usd,
        store === CA ? 1.38 : 1,
        "2026-11-01",
        "bench",
        300 + Math.round(usd * 0.05),
        1,
        ts(at),
        ts(at),
      );
      if (n % 25 === 0) adjustment.run(randomUUID(), id, "REFUND", `refund-${n}`, -500, -500, -25, ts(at + DAY), ts(at + DAY));
    }
  })();
  db.close();
  return { ...ids, busiest: members[0]!, quiet: members[MEMBERS - 1]! };
}
