import type { PrismaClient } from "@prisma/client";
import type { AdminClient } from "~/shopify/client.server";
import { fetchShopInfo, type ShopInfo } from "~/shopify/shop.server";
import { disconnectStore } from "./stores.server";
import { shopFormatOf, type ShopFormat } from "~/components/format";

interface Deps {
  db: PrismaClient;
  admin: AdminClient;
}

/** After token exchange: remember the shop as installed, with its name and currency from Shopify. */
export async function recordInstall({ db, admin }: Deps): Promise<ShopInfo> {
  const info = await fetchShopInfo(admin);
  await db.shop.upsert({
    where: { domain: admin.shop },
    create: { domain: admin.shop, name: info.name, currencyCode: info.currencyCode, ianaTimezone: info.ianaTimezone, countryCode: info.countryCode },
    update: { name: info.name, currencyCode: info.currencyCode, ianaTimezone: info.ianaTimezone, countryCode: info.countryCode, uninstalledAt: null },
  });
  return info;
}

/**
 * How the shop's dates and money are shown (#21): its timezone and country, stored at install;
 * a shop installed before they were stored is asked once.
 */
export async function loadShopFormat({ db, admin }: Deps): Promise<ShopFormat> {
  const row = await db.shop.findUnique({ where: { domain: admin.shop }, select: { ianaTimezone: true, countryCode: true } });
  if (row?.ianaTimezone) return shopFormatOf(row);
  const info = await recordInstall({ db, admin });
  return shopFormatOf(info);
}

/**
 * app/uninstalled (R11, R32): the shop is marked uninstalled and its sessions are deleted, so
 * no further call is made with its token. Its history stays. Idempotent.
 */
export async function markUninstalled(db: PrismaClient, shop: string, at = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.session.deleteMany({ where: { shop } });
    await tx.shop.upsert({ where: { domain: shop }, create: { domain: shop, uninstalledAt: at }, update: { uninstalledAt: at } });
    await disconnectStore(tx, shop, at);
  });
}

/**
 * app/scopes_update (R32): the scopes the shop granted are now `current`; the shop's sessions
 * say so, so that the library (session.isActive(scopes)) asks for a new token when the app's
 * scopes are no longer all granted, rather than calling with a token that lacks them.
 */
export async function updateGrantedScopes(db: PrismaClient, shop: string, current: string[]): Promise<void> {
  const scope = [...new Set(current.map((s) => s.trim()).filter(Boolean))].join(",");
  await db.session.updateMany({ where: { shop }, data: { scope } });
}
