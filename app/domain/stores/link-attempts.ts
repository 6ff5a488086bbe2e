// Guessing link codes (R1a): entering a code is limited per shop and per client, and a shop that
// keeps failing is locked out for a while (issue 12, docs/decisions/052). Counted: failed attempts
// (a wrong, used, expired or own code); a successful connection costs nothing.

/** At most this many failed attempts per shop, and per client, in WINDOW_MS. */
export const MAX_FAILURES_PER_WINDOW = 10;
export const WINDOW_MS = 15 * 60_000;
/** A shop with this many failed attempts in LOCKOUT_MS is locked until the oldest of them is LOCKOUT_MS old. */
export const LOCKOUT_FAILURES = 30;
export const LOCKOUT_MS = 24 * 3_600_000;

export interface AttemptHistory {
  /** When this shop's failed attempts happened, within the last LOCKOUT_MS. */
  shopFailures: Date[];
  /** When this client's failed attempts happened (any shop), within the last WINDOW_MS. */
  clientFailures: Date[];
}

export type AttemptVerdict = { allowed: true } | { allowed: false; reason: "LOCKED" | "TOO_MANY"; retryAt: Date };

/** May another code be tried now? */
export function linkAttemptVerdict(history: AttemptHistory, now: Date): AttemptVerdict {
  const t = now.getTime();
  const since = (dates: Date[], ms: number) => dates.filter((d) => t - d.getTime() < ms).sort((a, b) => a.getTime() - b.getTime());
  const dayFailures = since(history.shopFailures, LOCKOUT_MS);
  if (dayFailures.length >= LOCKOUT_FAILURES)
    return { allowed: false, reason: "LOCKED", retryAt: new Date(dayFailures[dayFailures.length - LOCKOUT_FAILURES]!.getTime() + LOCKOUT_MS) };
  for (const failures of [since(history.shopFailures, WINDOW_MS), since(history.clientFailures, WINDOW_MS)]) {
    if (failures.length >= MAX_FAILURES_PER_WINDOW)
      return { allowed: false, reason: "TOO_MANY", retryAt: new Date(failures[failures.length - MAX_FAILURES_PER_WINDOW]!.getTime() + WINDOW_MS) };
  }
  return { allowed: true };
}

/** The merchant's message for a refused attempt. */
export function attemptRefusal(verdict: Extract<AttemptVerdict, { allowed: false }>, now: Date): string {
  const minutes = Math.max(1, Math.ceil((verdict.retryAt.getTime() - now.getTime()) / 60_000));
  const wait = minutes >= 90 ? `${Math.ceil(minutes / 60)} hours` : `${minutes} minute${minutes === 1 ? "" : "s"}`;
  return verdict.reason === "LOCKED"
    ? `Entering link codes is locked for this store after too many wrong codes. Try again in ${wait}, with a new code from the other store.`
    : `Too many wrong link codes. Try again in ${wait}.`;
}
