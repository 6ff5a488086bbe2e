import { describe, expect, it } from "vitest";
import { parsePortalRateLimit, TokenBucketLimiter } from "./rate-limit";

describe("portal rate limit (R31)", () => {
  it("R31: an IP gets its burst, then is refused with a wait, then one request per refill interval", () => {
    const limiter = new TokenBucketLimiter({ capacity: 5, refillPerMinute: 6 }); // one every 10 s
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) expect(limiter.take("1.2.3.4", t0).allowed).toBe(true);
    const refused = limiter.take("1.2.3.4", t0);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(limiter.take("5.6.7.8", t0).allowed).toBe(true); // another IP is not affected
    expect(limiter.take("1.2.3.4", t0 + 9_000).allowed).toBe(false);
    expect(limiter.take("1.2.3.4", t0 + 10_000).allowed).toBe(true);
    expect(limiter.take("1.2.3.4", t0 + 10_000).allowed).toBe(false);
  });

  it("R31: a flood of distinct addresses keeps the table bounded", () => {
    const limiter = new TokenBucketLimiter({ capacity: 2, refillPerMinute: 60, maxClients: 1000 });
    for (let i = 0; i < 10_000; i++) limiter.take(`10.0.${i >> 8}.${i & 255}`, 5_000 + i);
    expect(limiter.size).toBeLessThanOrEqual(1000);
  });

  it("R31: PORTAL_RATE_LIMIT is off, a burst/rate pair, or the default", () => {
    expect(parsePortalRateLimit("off")).toBeNull();
    expect(parsePortalRateLimit("10/20")).toEqual({ capacity: 10, refillPerMinute: 20 });
    for (const v of [undefined, "", "0/5", "x", "5"]) expect(parsePortalRateLimit(v)).toEqual({ capacity: 30, refillPerMinute: 30 });
  });
});
