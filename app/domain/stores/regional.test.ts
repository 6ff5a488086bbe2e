import { describe, expect, it } from "vitest";
import { codeHere, describeSituation, isRevokeChoice, linkSituation, revokeConsequences, syncHealth } from "./regional";

const now = new Date("2026-11-20T12:00:00Z");
const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe("the regional store owner's view (R42)", () => {
  it("R42: a code reads by its state in this store, then by its dates", () => {
    expect(codeHere({ state: "SYNCED", startsAt: d("2026-11-01"), endsAt: null }, now)).toEqual({ label: "Active", tone: "success" });
    expect(codeHere({ state: "SYNCED", startsAt: d("2026-12-01"), endsAt: null }, now).label).toBe("Scheduled");
    expect(codeHere({ state: "SYNCED", startsAt: d("2026-10-01"), endsAt: d("2026-11-01") }, now).label).toBe("Expired");
    // Deactivated here wins over dates: the code does not work in this store whatever it does elsewhere.
    expect(codeHere({ state: "DEACTIVATED", startsAt: d("2026-11-01"), endsAt: null }, now).label).toBe("Deactivated here");
    expect(codeHere({ state: "PENDING", startsAt: d("2026-11-01"), endsAt: null }, now).label).toBe("Being created");
    expect(codeHere({ state: "FAILED", startsAt: d("2026-11-01"), endsAt: null }, now)).toEqual({ label: "Failed here", tone: "critical" });
  });

  it("R42/R11: a link reads as syncing, paused, ended by the primary's uninstall or unlink, or revoked here", () => {
    const base = { status: "CONNECTED", syncEnabled: true, primaryUninstalledAt: null, revokedHere: false };
    expect(linkSituation(base)).toBe("SYNCING");
    expect(linkSituation({ ...base, syncEnabled: false })).toBe("PAUSED");
    expect(linkSituation({ ...base, status: "DISCONNECTED", primaryUninstalledAt: d("2026-11-10") })).toBe("PRIMARY_UNINSTALLED");
    expect(linkSituation({ ...base, status: "REVOKED" })).toBe("UNLINKED_BY_PRIMARY");
    expect(linkSituation({ ...base, status: "REVOKED", revokedHere: true, primaryUninstalledAt: d("2026-11-10") })).toBe("REVOKED_HERE");
  });

  it("R42: after the primary uninstalls, the view says its codes stay until this store decides; the primary's name is always given", () => {
    expect(describeSituation("SYNCING", "US Store")).toMatch(/^Managed in US Store/);
    const gone = describeSituation("PRIMARY_UNINSTALLED", "US Store", { since: "2026-11-10" });
    expect(gone).toContain("US Store uninstalled Creator Codes on 2026-11-10");
    expect(gone).toContain("stay in this store exactly as they are until you decide");
    expect(describeSituation("REVOKED_HERE", "US Store", { choice: "DEACTIVATE" })).toContain("deactivated its codes in this store. They still work in US Store");
    expect(describeSituation("REVOKED_HERE", "US Store", { choice: "KEEP" })).toContain("kept its codes here");
  });

  it("R1a/R42: revoking explains what happens to the codes here for either choice, and that the primary is told", () => {
    const deactivate = revokeConsequences({ primary: "US Store", offers: 2, codesLive: 3, choice: "DEACTIVATE", linkLive: true });
    expect(deactivate[0]).toMatch(/can no longer create, change or deactivate codes in this store/);
    expect(deactivate[1]).toBe("The 3 codes of 2 offers that work in this store now are deactivated here only. They keep working in US Store and any other store.");
    expect(deactivate[2]).toMatch(/US Store is told/);
    expect(revokeConsequences({ primary: "US Store", offers: 1, codesLive: 1, choice: "KEEP", linkLive: true })[1]).toBe(
      "The 1 code that works in this store now keeps working here as it is. You can deactivate it here later.",
    );
    expect(revokeConsequences({ primary: "US Store", offers: 1, codesLive: 1, choice: "DEACTIVATE", linkLive: false })[0]).toMatch(/no longer connected/);
  });

  it("R42: sync health shows failures first, then pending work, then in sync", () => {
    expect(syncHealth({ pending: 2, failed: 1, lastSyncedAt: now })).toEqual({ tone: "critical", label: "1 failed · 2 pending" });
    expect(syncHealth({ pending: 0, failed: 3, lastSyncedAt: now }).label).toBe("3 failed");
    expect(syncHealth({ pending: 2, failed: 0, lastSyncedAt: now })).toEqual({ tone: "attention", label: "2 pending" });
    expect(syncHealth({ pending: 0, failed: 0, lastSyncedAt: now })).toEqual({ tone: "success", label: "In sync" });
    expect(syncHealth({ pending: 0, failed: 0, lastSyncedAt: null }).label).toBe("Nothing synced yet");
  });

  it("R35: only KEEP and DEACTIVATE are choices", () => {
    expect(["KEEP", "DEACTIVATE", "keep", "", null].map(isRevokeChoice)).toEqual([true, true, false, false, false]);
  });
});
