import { describe, expect, it } from "vitest";
import { attemptRefusal, LOCKOUT_FAILURES, LOCKOUT_MS, linkAttemptVerdict, MAX_FAILURES_PER_WINDOW, WINDOW_MS } from "./link-attempts";

const now = new Date("2026-11-27T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const times = (n: number, spacingMs: number) => Array.from({ length: n }, (_, i) => ago((i + 1) * spacingMs));

describe("link code attempts (R1a)", () => {
  it(`R1a: ${MAX_FAILURES_PER_WINDOW} failures in 15 minutes, by a shop or by a client, stop further attempts until the window passes`, () => {
    expect(linkAttemptVerdict({ shopFailures: times(MAX_FAILURES_PER_WINDOW - 1, 1000), clientFailures: [] }, now)).toEqual({ allowed: true });
    const shop = linkAttemptVerdict({ shopFailures: times(MAX_FAILURES_PER_WINDOW, 1000), clientFailures: [] }, now);
    expect(shop).toMatchObject({ allowed: false, reason: "TOO_MANY" });
    const client = linkAttemptVerdict({ shopFailures: [], clientFailures: times(MAX_FAILURES_PER_WINDOW, 1000) }, now);
    expect(client).toMatchObject({ allowed: false, reason: "TOO_MANY" });
    // Allowed again once the oldest failure that counts has left the window.
    if (client.allowed) throw new Error("allowed");
    expect(linkAttemptVerdict({ shopFailures: [], clientFailures: times(MAX_FAILURES_PER_WINDOW, 1000) }, client.retryAt)).toEqual({ allowed: true });
    // Failures older than the window do not count.
    expect(linkAttemptVerdict({ shopFailures: times(MAX_FAILURES_PER_WINDOW, WINDOW_MS), clientFailures: [] }, now)).toEqual({ allowed: true });
  });

  it(`R1a: a shop with ${LOCKOUT_FAILURES} failures in 24 hours is locked out, even when spread out`, () => {
    const spread = times(LOCKOUT_FAILURES, 40 * 60_000); // 30 failures, 40 minutes apart: never 10 in 15 minutes
    const verdict = linkAttemptVerdict({ shopFailures: spread, clientFailures: [] }, now);
    expect(verdict).toMatchObject({ allowed: false, reason: "LOCKED" });
    if (verdict.allowed) throw new Error("allowed");
    expect(verdict.retryAt.getTime()).toBe(spread[LOCKOUT_FAILURES - 1]!.getTime() + LOCKOUT_MS);
    expect(attemptRefusal(verdict, now)).toMatch(/locked for this store/);
    expect(linkAttemptVerdict({ shopFailures: spread.slice(1), clientFailures: [] }, now)).toEqual({ allowed: true });
  });
});
