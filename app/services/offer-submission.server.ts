import type { PrismaClient } from "@prisma/client";
import { parseOfferForm, type FieldErrors, type OfferInput } from "~/domain/offers/offer-input";
import { parseSyncSettings, type SyncErrors, type SyncInput } from "~/domain/stores/sync-settings";
import { availableSyncStores } from "./stores.server";

export type SubmissionErrors = FieldErrors & SyncErrors;

/** The offer form with its sync section (R2–R4), validated together: all problems at once. */
export async function parseOfferSubmission(db: PrismaClient, shop: string, form: Record<string, unknown>, offerId?: string) {
  const offer = parseOfferForm(form);
  const current = offerId ? (await db.offerStore.findMany({ where: { offerId } })).map((s) => s.store) : [];
  const sync = parseSyncSettings(form, {
    available: await availableSyncStores(db, shop),
    discountType: String(form.discountType ?? ""),
    appliesTo: String(form.appliesTo ?? "ALL"),
    currentStores: current,
  });
  if (!offer.ok || !sync.ok) {
    return { ok: false as const, errors: { ...(offer.ok ? {} : offer.errors), ...(sync.ok ? {} : sync.errors) } as SubmissionErrors };
  }
  return { ok: true as const, input: offer.value as OfferInput, sync: sync.value as SyncInput };
}

/** What the offer form needs to show its sync section. */
export async function syncFormContext(db: PrismaClient, shop: string, offerId?: string) {
  const available = await availableSyncStores(db, shop);
  if (!offerId) return { available, selected: available.map((s) => s.shop), enabled: false, sameValue: true, percents: {} as Record<string, string>, disconnected: [] as string[] };
  const offer = await db.offer.findUniqueOrThrow({ where: { id: offerId }, include: { syncStores: true } });
  const links = await db.storeLink.findMany({ where: { primaryShop: shop, connectedShop: { in: offer.syncStores.map((s) => s.store) } } });
  return {
    available: [...available, ...links.filter((l) => !available.some((a) => a.shop === l.connectedShop)).map((l) => ({ shop: l.connectedShop, label: l.label }))],
    selected: offer.syncEnabled ? offer.syncStores.map((s) => s.store) : available.map((s) => s.shop),
    enabled: offer.syncEnabled,
    sameValue: offer.sameValueAcrossStores,
    percents: Object.fromEntries(offer.syncStores.map((s) => [s.store, s.discountPercent === null ? "" : String(s.discountPercent)])),
    disconnected: links.filter((l) => l.status !== "CONNECTED").map((l) => l.connectedShop),
  };
}

export type SyncFormContext = Awaited<ReturnType<typeof syncFormContext>>;
