// An offer's sync settings (R2–R4, R10, R13): which connected stores, and the discount value in
// each. Only percentage discounts sync, and never with product or collection restrictions.
import { parseDecimal } from "../input/fields";

export const MAX_SYNCED_STORES = 5;

export interface AvailableStore {
  shop: string;
  label: string;
}

export interface SyncInput {
  syncEnabled: boolean;
  stores: string[];
  sameValueAcrossStores: boolean;
  /** Percent per store when values differ. */
  storePercents: Record<string, number>;
}

export type SyncErrors = Partial<Record<"syncStores" | "discountType" | "appliesTo" | "storePercents", string>>;

export function parseSyncSettings(
  raw: { syncEnabled?: unknown; syncStores?: unknown; sameValueAcrossStores?: unknown; storePercents?: unknown },
  context: { available: AvailableStore[]; discountType: string; appliesTo: string; currentStores?: string[] },
): { ok: true; value: SyncInput } | { ok: false; errors: SyncErrors } {
  const on = raw.syncEnabled === "true" || raw.syncEnabled === true || raw.syncEnabled === "on";
  if (!on) return { ok: true, value: { syncEnabled: false, stores: [], sameValueAcrossStores: true, storePercents: {} } };
  const errors: SyncErrors = {};
  const stores = [
    ...new Set(
      String(raw.syncStores ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  // A store already in the offer stays selectable even if it was toggled off since (R1).
  const selectable = new Set([...context.available.map((s) => s.shop), ...(context.currentStores ?? [])]);
  if (stores.length === 0) errors.syncStores = "Select at least one store while sync is on.";
  else if (stores.length > MAX_SYNCED_STORES) errors.syncStores = `An offer can sync to at most ${MAX_SYNCED_STORES} stores.`;
  else if (stores.some((s) => !selectable.has(s))) errors.syncStores = "One of the selected stores is not connected or has sync turned off.";
  if (context.discountType !== "PERCENTAGE") errors.discountType = "Synced offers can only use a percentage discount.";
  if (context.appliesTo !== "ALL") errors.appliesTo = "Synced offers can't be limited to products or collections.";
  const same = !(raw.sameValueAcrossStores === "false" || raw.sameValueAcrossStores === false);
  const storePercents: Record<string, number> = {};
  if (!same) {
    // A JSON object of store → percentage; anything else (null, a list, not JSON) counts as empty.
    let parsed: Record<string, unknown> = {};
    try {
      const value: unknown = JSON.parse(String(raw.storePercents ?? "{}"));
      if (value && typeof value === "object" && !Array.isArray(value)) parsed = value as Record<string, unknown>;
    } catch {
      parsed = {};
    }
    for (const store of stores) {
      const typed = Object.hasOwn(parsed, store) && (typeof parsed[store] === "string" || typeof parsed[store] === "number") ? String(parsed[store]).trim().replace(",", ".") : "";
      const n = parseDecimal(typed);
      if (n === null || n <= 0 || n > 100) {
        const label = context.available.find((a) => a.shop === store)?.label || store;
        errors.storePercents = `Enter a percentage off for ${label}, more than 0 and at most 100.`;
        break;
      }
      storePercents[store] = n;
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { syncEnabled: true, stores, sameValueAcrossStores: same, storePercents } };
}
