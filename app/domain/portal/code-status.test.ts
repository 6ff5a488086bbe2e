import { describe, expect, it } from "vitest";
import { isUsable, portalCodeStatus } from "./code-status";

const now = new Date("2026-11-27T12:00:00Z");
const past = new Date("2026-11-01T00:00:00Z");
const future = new Date("2026-12-20T00:00:00Z");
const base = {
  code: { status: "ACTIVE", current: true, startsAt: past, endsAt: null as Date | null },
  membership: { status: "ACTIVE" },
  offer: { startsAt: past, endsAt: null as Date | null, archivedAt: null as Date | null },
};

describe("portal code status (R20, R23–R25 as the member sees them)", () => {
  it("R25: the member sees active, scheduled, ended, deactivated, set-up, unavailable and replaced codes as such", () => {
    expect(portalCodeStatus(base, now)).toBe("Active");
    expect(portalCodeStatus({ ...base, code: { ...base.code, startsAt: future } }, now)).toBe("Scheduled");
    expect(portalCodeStatus({ ...base, code: { ...base.code, endsAt: past } }, now)).toBe("Ended");
    expect(portalCodeStatus({ ...base, offer: { ...base.offer, endsAt: past } }, now)).toBe("Ended");
    expect(portalCodeStatus({ ...base, offer: { ...base.offer, archivedAt: past } }, now)).toBe("Ended");
    expect(portalCodeStatus({ ...base, membership: { status: "DEACTIVATED" } }, now)).toBe("Deactivated");
    expect(portalCodeStatus({ ...base, code: { ...base.code, status: "DEACTIVATED" } }, now)).toBe("Deactivated");
    expect(portalCodeStatus({ ...base, code: { ...base.code, status: "PENDING" } }, now)).toBe("Being set up");
    expect(portalCodeStatus({ ...base, code: { ...base.code, status: "FAILED" } }, now)).toBe("Not available");
    expect(portalCodeStatus({ ...base, code: { ...base.code, status: "RETIRED", current: false } }, now)).toBe("Replaced");
    expect(["Active", "Scheduled"].every((s) => isUsable(s as never))).toBe(true);
    expect(["Ended", "Deactivated", "Being set up", "Not available", "Replaced"].some((s) => isUsable(s as never))).toBe(false);
  });
});
