// Leak watch (R39, docs/decisions/140): is a member's code being used far above the member's normal
// pattern? Plain rules, no database and no clock: every function takes the times it needs.
//
// - A use is one conversion of the code (an order that used it), with the customer (Shopify's id,
//   or none for a guest), the store, the buyer's country and whether it was their first order.
// - The window is the 60 minutes ending at a use. Its figures: uses, distinct customers (each use
//   without a customer counts as one), stores, countries, the share of first-time customers.
// - The member's normal pattern: the 95th percentile of their uses per clock hour over the last
//   28 days before the window (hours without a use count as 0), over the member's codes in the
//   offer (current and past). While the member has less than a week of history, the offer's
//   pattern (every member's hours pooled) is taken when it is higher. A dismissed flag teaches
//   the baseline: its level (uses ÷ ratio) becomes a floor, so the same level never flags again.
//   Never below 1 use per hour.
// - A spike: uses > ratio × baseline AND distinct customers > minCustomers (defaults 5 and 10).
//   HARD when also above hardRatio × baseline and hardMinCustomers (defaults 20 and 30): the
//   level an offer's auto-action may act on.

export const HOUR_MS = 3_600_000;
export const WINDOW_MS = HOUR_MS;
export const LOOKBACK_DAYS = 28;
/** Below this much own history (hours), the offer's pattern may stand in for the member's. */
export const OWN_HISTORY_MIN_HOURS = 7 * 24;
export const BASELINE_FLOOR_PER_HOUR = 1;
/** Hours of the chart kept with a flag: the day before the window and the window's hour. */
export const EVIDENCE_HOURS = 48;

export type LeakFlagStatus = "OPEN" | "REFRESHED" | "DEACTIVATED" | "DISMISSED";
export type LeakSeverity = "SPIKE" | "HARD";
export type BaselineSource = "OWN" | "OFFER" | "LEARNED" | "FLOOR";
export const LEAK_FLAG_STATUSES: readonly LeakFlagStatus[] = ["OPEN", "REFRESHED", "DEACTIVATED", "DISMISSED"];
export const isLeakFlagStatus = (v: unknown): v is LeakFlagStatus => (LEAK_FLAG_STATUSES as readonly unknown[]).includes(v);

export interface LeakSettings {
  /** A spike: uses per hour above ratio × the member's baseline … */
  ratio: number;
  /** … and more distinct customers than this in the hour. */
  minCustomers: number;
  /** HARD: above hardRatio × baseline and more than hardMinCustomers. */
  hardRatio: number;
  hardMinCustomers: number;
  /** Deactivate the code at once on a HARD flag, and email notifyEmail. */
  autoDeactivate: boolean;
  notifyEmail: string;
}

export const DEFAULT_LEAK_SETTINGS: LeakSettings = { ratio: 5, minCustomers: 10, hardRatio: 20, hardMinCustomers: 30, autoDeactivate: false, notifyEmail: "" };

export interface Use {
  at: Date;
  /** Shopify's customer id; null for an order without one (each counts as its own customer). */
  customer: string | null;
  store: string;
  country: string | null;
  firstOrder: boolean | null;
}

export interface WindowStats {
  start: Date;
  end: Date;
  uses: number;
  distinctCustomers: number;
  /** Share (0–1) of the window's uses by first-time customers, among those where it is known. */
  firstTimeShare: number | null;
  stores: { store: string; uses: number }[];
  countries: { country: string; uses: number }[];
}

const byCountDesc = <K extends string>(counts: Map<string, number>, key: K) =>
  [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, uses]) => ({ [key]: k, uses }) as { [P in K]: string } & { uses: number });

/** The figures of the 60 minutes ending at `end` (start exclusive, end inclusive). */
export function windowStats(uses: Use[], end: Date): WindowStats {
  const start = new Date(end.getTime() - WINDOW_MS);
  const inside = uses.filter((u) => u.at.getTime() > start.getTime() && u.at.getTime() <= end.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime());
  const customers = new Set<string>();
  let guests = 0;
  const stores = new Map<string, number>();
  const countries = new Map<string, number>();
  let known = 0;
  let first = 0;
  for (const u of inside) {
    // A customer's second order in the hour is not a first order, whatever their record's age.
    const repeat = u.customer !== null && customers.has(u.customer);
    if (u.customer) customers.add(u.customer);
    else guests++;
    stores.set(u.store, (stores.get(u.store) ?? 0) + 1);
    const country = u.country ?? "Unknown";
    countries.set(country, (countries.get(country) ?? 0) + 1);
    if (u.firstOrder !== null) {
      known++;
      if (u.firstOrder && !repeat) first++;
    }
  }
  return {
    start,
    end,
    uses: inside.length,
    distinctCustomers: customers.size + guests,
    firstTimeShare: known ? first / known : null,
    stores: byCountDesc(stores, "store"),
    countries: byCountDesc(countries, "country"),
  };
}

/**
 * The 95th percentile of uses per hour over the hours from `from` to `to` (hours counted back from
 * `to`; hours without a use are 0). `times` outside [from, to) are ignored.
 */
export function hourlyPercentile(series: { times: Date[]; from: Date }[], to: Date, p = 0.95): number {
  let slots = 0;
  const counts: number[] = [];
  for (const { times, from } of series) {
    const hours = Math.ceil((to.getTime() - from.getTime()) / HOUR_MS);
    if (hours <= 0) continue;
    slots += hours;
    const buckets = new Map<number, number>();
    for (const t of times) {
      const ago = to.getTime() - t.getTime();
      if (ago <= 0 || t.getTime() < from.getTime()) continue;
      const k = Math.floor((ago - 1) / HOUR_MS);
      if (k < hours) buckets.set(k, (buckets.get(k) ?? 0) + 1);
    }
    counts.push(...buckets.values());
  }
  if (!slots) return 0;
  counts.sort((a, b) => a - b);
  const rank = Math.max(0, Math.ceil(p * slots) - 1); // nearest-rank
  const zeros = slots - counts.length;
  return rank < zeros ? 0 : counts[rank - zeros]!;
}

export interface BaselineInput {
  /** The member's uses (their codes in this offer) before the window, within the lookback. */
  own: Date[];
  /** Every member of the offer's uses before the window, one list per member. */
  offer: Date[][];
  /** Uses of the member's dismissed flags (what the merchant said is normal). */
  dismissed: number[];
  windowStart: Date;
  ratio: number;
}

export interface Baseline {
  perHour: number;
  source: BaselineSource;
  ownP95: number;
  offerP95: number | null;
  ownHistoryHours: number;
}

/** The member's normal uses per hour before `windowStart` (see the header). */
export function baselineOf(input: BaselineInput): Baseline {
  const to = input.windowStart;
  const lookbackStart = new Date(to.getTime() - LOOKBACK_DAYS * 24 * HOUR_MS);
  const seriesOf = (times: Date[]) => {
    const before = times.filter((t) => t.getTime() < to.getTime() && t.getTime() >= lookbackStart.getTime());
    if (!before.length) return null;
    const first = new Date(Math.min(...before.map((t) => t.getTime())));
    return { times: before, from: first };
  };
  const own = seriesOf(input.own);
  const ownHistoryHours = own ? Math.ceil((to.getTime() - own.from.getTime()) / HOUR_MS) : 0;
  const ownP95 = own ? hourlyPercentile([own], to) : 0;
  let offerP95: number | null = null;
  if (ownHistoryHours < OWN_HISTORY_MIN_HOURS) {
    const pooled = input.offer.map(seriesOf).filter((s): s is NonNullable<typeof s> => s !== null);
    offerP95 = pooled.length ? hourlyPercentile(pooled, to) : 0;
  }
  const learned = input.dismissed.length ? Math.max(...input.dismissed) / input.ratio : 0;
  const candidates: [BaselineSource, number][] = [
    ["FLOOR", BASELINE_FLOOR_PER_HOUR],
    ["OWN", ownP95],
    ["OFFER", offerP95 ?? 0],
    ["LEARNED", learned],
  ];
  const [source, perHour] = candidates.reduce((best, c) => (c[1] > best[1] ? c : best));
  return { perHour, source, ownP95, offerP95, ownHistoryHours };
}

export interface Verdict {
  flagged: boolean;
  severity: LeakSeverity | null;
  /** Uses in the hour ÷ the baseline. */
  times: number;
}

/** A spike (R39): uses per hour above ratio × baseline and more than minCustomers distinct customers. */
export function judge(stats: Pick<WindowStats, "uses" | "distinctCustomers">, baselinePerHour: number, settings: LeakSettings): Verdict {
  const times = stats.uses / baselinePerHour;
  const flagged = stats.uses > settings.ratio * baselinePerHour && stats.distinctCustomers > settings.minCustomers;
  if (!flagged) return { flagged, severity: null, times };
  const hard = stats.uses > settings.hardRatio * baselinePerHour && stats.distinctCustomers > settings.hardMinCustomers;
  return { flagged, severity: hard ? "HARD" : "SPIKE", times };
}

/** The fewest uses an hour needs before it can flag at all: cheaper checks skip the rest. */
export const minUsesToFlag = (settings: LeakSettings) => settings.minCustomers + 1;

/**
 * The window ends worth judging for newly recorded uses: each new use's time (a burst delivered in
 * one batch is judged at every step), the latest first, at most `max`.
 */
export function windowEnds(newTimes: Date[], max = 24): Date[] {
  return [...new Set(newTimes.map((t) => t.getTime()))]
    .sort((a, b) => b - a)
    .slice(0, max)
    .map((t) => new Date(t));
}

/** Uses per clock hour for the chart: `hours` buckets ending at `end` (the last one holds `end`). */
export function hourlySeries(times: Date[], end: Date, hours = EVIDENCE_HOURS): { hourStart: string; uses: number }[] {
  const last = Math.floor(end.getTime() / HOUR_MS);
  const counts = new Map<number, number>();
  for (const t of times) {
    const h = Math.floor(t.getTime() / HOUR_MS);
    if (h <= last && h > last - hours) counts.set(h, (counts.get(h) ?? 0) + 1);
  }
  return Array.from({ length: hours }, (_, i) => {
    const h = last - hours + 1 + i;
    return { hourStart: new Date(h * HOUR_MS).toISOString(), uses: counts.get(h) ?? 0 };
  });
}

export type SettingsErrors = Partial<Record<keyof LeakSettings, string>>;

const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

/** R35: the offer's leak watch settings from a form, each field checked with a clear message. */
export function parseLeakSettings(fields: Record<string, string | undefined>): { ok: true; value: LeakSettings } | { ok: false; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const num = (key: keyof LeakSettings, label: string, min: number, max: number, integer: boolean): number => {
    const raw = (fields[key] ?? "").trim();
    const n = Number(raw);
    if (!raw || !Number.isFinite(n)) errors[key] = `${label} must be a number.`;
    else if (integer && !Number.isInteger(n)) errors[key] = `${label} must be a whole number.`;
    else if (n < min || n > max) errors[key] = `${label} must be between ${min} and ${max}.`;
    return n;
  };
  const ratio = num("ratio", "Spike ratio", 1.5, 1000, false);
  const minCustomers = num("minCustomers", "Distinct customers", 1, 100_000, true);
  const hardRatio = num("hardRatio", "Hard ratio", 1.5, 10_000, false);
  const hardMinCustomers = num("hardMinCustomers", "Hard distinct customers", 1, 1_000_000, true);
  if (!errors.hardRatio && !errors.ratio && hardRatio < ratio) errors.hardRatio = "The hard ratio must be at least the spike ratio.";
  if (!errors.hardMinCustomers && !errors.minCustomers && hardMinCustomers < minCustomers) errors.hardMinCustomers = "Hard distinct customers must be at least the spike's.";
  const autoDeactivate = fields.autoDeactivate === "true" || fields.autoDeactivate === "on";
  const notifyEmail = (fields.notifyEmail ?? "").trim();
  if (notifyEmail.length > 254 || (notifyEmail && !EMAIL.test(notifyEmail))) errors.notifyEmail = "Enter an email address like name@example.com.";
  else if (autoDeactivate && !notifyEmail) errors.notifyEmail = "Say where to email you when a code is deactivated automatically.";
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { ratio, minCustomers, hardRatio, hardMinCustomers, autoDeactivate, notifyEmail } };
}

export const MAX_DISMISS_REASON = 500;

/** R35: a dismissal needs a reason (what the merchant knows: a campaign, a live stream…). */
export function dismissReasonProblem(reason: string): string | null {
  const r = reason.trim();
  if (!r) return "Say why this use is normal (for example: a live stream, a newsletter).";
  if (r.length > MAX_DISMISS_REASON) return `Keep the reason under ${MAX_DISMISS_REASON} characters.`;
  return null;
}

/**
 * Whether an order was the customer's first in the store: Shopify creates the customer record
 * with a guest's first order (and an account holder's record predates their first order only by
 * the sign-up). Created within 24 hours before the order → first order; earlier → returning;
 * no customer or no date → unknown.
 */
export function isFirstOrder(orderCreatedAt: string, customerCreatedAt: string | null | undefined): boolean | null {
  if (!customerCreatedAt) return null;
  const order = Date.parse(orderCreatedAt);
  const since = Date.parse(customerCreatedAt);
  if (!Number.isFinite(order) || !Number.isFinite(since)) return null;
  return order - since <= 24 * HOUR_MS;
}

/** The buyer's country as an ISO 3166 alpha-2 code (nothing else of the address), or null. */
export function countryOf(...candidates: (string | null | undefined)[]): string | null {
  for (const c of candidates) {
    const code = (c ?? "").trim().toUpperCase();
    if (/^[A-Z]{2}$/.test(code)) return code;
  }
  return null;
}

/** The region of a checkout locale such as "en-CA" (a fallback when no address is shared). */
export function regionOfLocale(locale: string | null | undefined): string | null {
  const m = /^[a-z]{2,3}[-_]([A-Za-z]{2})$/.exec((locale ?? "").trim());
  return m ? m[1]!.toUpperCase() : null;
}
