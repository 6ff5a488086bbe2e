import { describe, expect, it } from "vitest";
import { parseSyncSettings } from "./sync-settings";
import { normalizeLinkCode, newLinkCode, hashLinkCode } from "./link-code";

const available = ["ca", "uk", "au", "de", "fr", "jp"].map((s) => ({ shop: `${s}-store.myshopify.com`, label: s.toUpperCase() }));
const ctx = { available, discountType: "PERCENTAGE", appliesTo: "ALL" };

describe("sync settings (R2–R4)", () => {
  it("R2: sync off needs no stores", () => {
    expect(parseSyncSettings({ syncEnabled: "false" }, ctx)).toEqual({ ok: true, value: { syncEnabled: false, stores: [], sameValueAcrossStores: true, storePercents: {} } });
  });
  it("R2: at least one store while sync is on, at most five, and only connected ones", () => {
    expect(parseSyncSettings({ syncEnabled: "true", syncStores: "" }, ctx)).toEqual({ ok: false, errors: { syncStores: "Select at least one store while sync is on." } });
    const six = available.map((a) => a.shop).join(",");
    expect(parseSyncSettings({ syncEnabled: "true", syncStores: six }, ctx)).toEqual({ ok: false, errors: { syncStores: "An offer can sync to at most 5 stores." } });
    expect(parseSyncSettings({ syncEnabled: "true", syncStores: "evil.myshopify.com" }, ctx)).toMatchObject({
      ok: false,
      errors: { syncStores: expect.stringMatching(/not connected/) },
    });
  });
  it("R3: only percentage discounts, never restricted to products or collections", () => {
    const r = parseSyncSettings({ syncEnabled: "true", syncStores: available[0]!.shop }, { ...ctx, discountType: "FIXED_AMOUNT", appliesTo: "COLLECTIONS" });
    expect(r).toEqual({
      ok: false,
      errors: { discountType: "Synced offers can only use a percentage discount.", appliesTo: "Synced offers can't be limited to products or collections." },
    });
  });
  it("R4: the same value everywhere by default, or a valid percentage per store", () => {
    const two = `${available[0]!.shop},${available[1]!.shop}`;
    expect(parseSyncSettings({ syncEnabled: "true", syncStores: two }, ctx)).toMatchObject({ ok: true, value: { sameValueAcrossStores: true, storePercents: {} } });
    const bad = parseSyncSettings({ syncEnabled: "true", syncStores: two, sameValueAcrossStores: "false", storePercents: JSON.stringify({ [available[0]!.shop]: "15" }) }, ctx);
    expect(bad).toEqual({ ok: false, errors: { storePercents: "Enter a percentage off for UK, more than 0 and at most 100." } });
    const ok = parseSyncSettings(
      { syncEnabled: "true", syncStores: two, sameValueAcrossStores: "false", storePercents: JSON.stringify({ [available[0]!.shop]: "15", [available[1]!.shop]: "12.5" }) },
      ctx,
    );
    expect(ok).toMatchObject({ ok: true, value: { storePercents: { [available[0]!.shop]: 15, [available[1]!.shop]: 12.5 } } });
  });
});

describe("per-store values as sent (R4, R35)", () => {
  it("R35: per-store percentages that are null, a list, not JSON or out of range are a field error", () => {
    const base = { syncEnabled: "true", syncStores: available[0]!.shop, sameValueAcrossStores: "false" };
    for (const storePercents of [
      "null",
      "[]",
      "{",
      "42",
      '{"ca-store.myshopify.com":null}',
      '{"ca-store.myshopify.com":"1e400"}',
      '{"ca-store.myshopify.com":"101"}',
      '{"__proto__":{"ca-store.myshopify.com":"5"}}',
    ]) {
      expect(parseSyncSettings({ ...base, storePercents }, ctx), storePercents).toMatchObject({
        ok: false,
        errors: { storePercents: expect.stringMatching(/Enter a percentage off for CA/) },
      });
    }
    expect(parseSyncSettings({ ...base, storePercents: '{"ca-store.myshopify.com":"12,5"}' }, ctx)).toMatchObject({
      ok: true,
      value: { storePercents: { "ca-store.myshopify.com": 12.5 } },
    });
  });
});

describe("link codes (R1a)", () => {
  it("are CCL-XXXX-XXXX-XXXX, forgiving when typed, and hashed for storage", () => {
    const code = newLinkCode();
    expect(code).toMatch(/^CCL-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(normalizeLinkCode(code.toLowerCase().replace(/-/g, " "))).toBe(code);
    expect(normalizeLinkCode("nope")).toBeNull();
    expect(hashLinkCode(code, "secret")).toHaveLength(64);
    expect(hashLinkCode(code, "secret")).not.toContain(code);
    // Keyed: without the app's secret the stored value cannot be recomputed from a guess.
    expect(hashLinkCode(code, "another secret")).not.toBe(hashLinkCode(code, "secret"));
  });
});
