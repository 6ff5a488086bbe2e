// Portal requests are limited per client IP with a token bucket (R31, docs/decisions/090): each IP
// may make `capacity` requests at once and then `refillPerMinute` a minute. In memory, per
// process: several app instances each keep their own buckets. Idle buckets (full again) are
// dropped once the table passes `maxClients`, so memory stays bounded under a flood of addresses.

export interface RateLimitOptions {
  capacity: number;
  refillPerMinute: number;
  maxClients?: number;
}

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;
  private readonly maxClients: number;

  constructor(private readonly options: RateLimitOptions) {
    if (!(options.capacity >= 1) || !(options.refillPerMinute > 0)) throw new Error("a rate limit needs a capacity ≥ 1 and a positive refill rate");
    this.perMs = options.refillPerMinute / 60_000;
    this.maxClients = options.maxClients ?? 50_000;
  }

  /** Takes one token for `client` at time `now` (ms). */
  take(client: string, now: number): RateVerdict {
    const bucket = this.buckets.get(client);
    const tokens = bucket ? Math.min(this.options.capacity, bucket.tokens + (now - bucket.at) * this.perMs) : this.options.capacity;
    if (tokens < 1) {
      if (bucket) {
        bucket.tokens = tokens;
        bucket.at = now;
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)) };
    }
    if (!bucket && this.buckets.size >= this.maxClients) this.prune(now);
    this.buckets.set(client, { tokens: tokens - 1, at: now });
    return { allowed: true };
  }

  /** How many clients are tracked (for tests of the memory bound). */
  get size(): number {
    return this.buckets.size;
  }

  private prune(now: number) {
    for (const [client, b] of this.buckets) if (b.tokens + (now - b.at) * this.perMs >= this.options.capacity) this.buckets.delete(client);
    // Still full of active clients: forget the oldest half rather than grow without bound.
    if (this.buckets.size >= this.maxClients) {
      let n = Math.ceil(this.buckets.size / 2);
      for (const client of this.buckets.keys()) {
        if (n-- <= 0) break;
        this.buckets.delete(client);
      }
    }
  }
}

/** `PORTAL_RATE_LIMIT`: "off", or "<capacity>/<per minute>" (default "30/30"). */
export function parsePortalRateLimit(value: string | undefined): RateLimitOptions | null {
  const v = (value ?? "").trim();
  if (v === "off") return null;
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(v);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) return { capacity: 30, refillPerMinute: 30 };
  return { capacity: Number(m[1]), refillPerMinute: Number(m[2]) };
}
