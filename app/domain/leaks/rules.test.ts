import { describe, expect, it } from "vitest";
import { renderLeakAlert } from "./alert-email";
import {
  baselineOf,
  countryOf,
  DEFAULT_LEAK_SETTINGS,
  dismissReasonProblem,
  HOUR_MS,
  hourlyPercentile,
  hourlySeries,
  isFirstOrder,
  judge,
  parseLeakSettings,
  regionOfLocale,
  windowEnds,
  windowStats,
  type Use,
} from "./rules";

const T0 = Date.parse("2026-11-20T12:00:00Z");
const at = (hours: number) => new Date(T0 + hours * HOUR_MS);
const use = (hours: number, customer: string | null, extra: Partial<Use> = {}): Use => ({
  at: at(hours),
  customer,
  store: "us.myshopify.com",
  country: "US",
  firstOrder: null,
  ...extra,
});

describe("leak watch rules (R39)", () => {
  it("R39: a window's figures: uses, distinct customers (guests each count), stores, countries, first-time share", () => {
    const uses = [
      use(-2, "a"), // before the window
      use(-0.5, "a", { firstOrder: true }),
      use(-0.4, "a", { firstOrder: false }),
      use(-0.3, null, { store: "ca.myshopify.com", country: "CA", firstOrder: true }),
      use(-0.2, null, { store: "ca.myshopify.com", country: null }),
      use(0, "b", { country: "CA", firstOrder: true }),
      use(0.1, "c"), // after the window's end
    ];
    const s = windowStats(uses, at(0));
    expect(s.uses).toBe(5);
    expect(s.distinctCustomers).toBe(4); // a, b and two guests
    expect(s.firstTimeShare).toBeCloseTo(3 / 4);
    expect(s.stores).toEqual(
      [
        { store: "ca.myshopify.com", uses: 2 },
        { store: "us.myshopify.com", uses: 3 },
      ].sort((x, y) => y.uses - x.uses),
    );
    expect(s.countries).toEqual([
      { country: "CA", uses: 2 },
      { country: "US", uses: 2 },
      { country: "Unknown", uses: 1 },
    ]);
    expect(windowStats([use(-1, "x")], at(0)).uses).toBe(0); // exactly an hour before: outside
    // The same customer twice in the hour: their second order is not a first order.
    expect(windowStats([use(-0.5, "a", { firstOrder: true }), use(-0.2, "a", { firstOrder: true })], at(0)).firstTimeShare).toBe(0.5);
  });

  it("R39: the 95th percentile of uses per hour counts the hours without a use as 0", () => {
    // 100 hours; 6 of them with uses 1..6 → the 95th-ranked hour is the 1st non-zero one.
    const times = [1, 2, 3, 4, 5, 6].flatMap((n, i) => Array.from({ length: n }, () => at(-(i * 10 + 1.5))));
    expect(hourlyPercentile([{ times, from: at(-100) }], at(0))).toBe(1);
    // 10 hours with 3 uses each: every hour is 3.
    const busy = Array.from({ length: 10 }, (_, h) => [at(-h - 0.2), at(-h - 0.5), at(-h - 0.7)]).flat();
    expect(hourlyPercentile([{ times: busy, from: at(-10) }], at(0))).toBe(3);
    expect(hourlyPercentile([], at(0))).toBe(0);
  });

  it("R39: the baseline is the member's own pattern, the offer's while the member is new, a learned level after a dismissal, never below 1", () => {
    const steady = Array.from({ length: 10 * 24 }, (_, h) => [at(-h - 0.3), at(-h - 0.6)]).flat(); // 2 per hour for 10 days
    const own = baselineOf({ own: steady, offer: [steady], dismissed: [], windowStart: at(0), ratio: 5 });
    expect([own.perHour, own.source, own.offerP95]).toEqual([2, "OWN", null]); // a week of history: the offer is not asked
    const fresh = baselineOf({ own: [at(-1.5)], offer: [[at(-1.5)], steady], dismissed: [], windowStart: at(0), ratio: 5 });
    expect([fresh.perHour, fresh.source]).toEqual([2, "OFFER"]);
    expect(baselineOf({ own: [], offer: [], dismissed: [], windowStart: at(0), ratio: 5 })).toMatchObject({ perHour: 1, source: "FLOOR" });
    expect(baselineOf({ own: [], offer: [], dismissed: [40], windowStart: at(0), ratio: 5 })).toMatchObject({ perHour: 8, source: "LEARNED" });
    // Uses in or after the window, and before the 28-day lookback, are not history.
    expect(baselineOf({ own: [at(0.5), at(-29 * 24)], offer: [], dismissed: [], windowStart: at(0), ratio: 5 }).ownHistoryHours).toBe(0);
  });

  it("R39: a spike needs uses per hour above 5× the baseline AND more than 10 distinct customers; HARD above the hard threshold", () => {
    const s = DEFAULT_LEAK_SETTINGS;
    expect(judge({ uses: 11, distinctCustomers: 11 }, 2, s)).toEqual({ flagged: true, severity: "SPIKE", times: 5.5 });
    expect(judge({ uses: 10, distinctCustomers: 10 }, 1, s).flagged).toBe(false); // 10 customers is not more than 10
    expect(judge({ uses: 30, distinctCustomers: 3 }, 1, s).flagged).toBe(false); // one buyer repeating is no leak
    expect(judge({ uses: 14, distinctCustomers: 14 }, 3, s).flagged).toBe(false); // a busy member's normal
    expect(judge({ uses: 45, distinctCustomers: 40 }, 2, s)).toMatchObject({ flagged: true, severity: "HARD" });
    expect(judge({ uses: 45, distinctCustomers: 25 }, 2, s).severity).toBe("SPIKE"); // hard needs > 30 customers too
  });

  it("R39: every new use is a window end to judge, the latest first, at most 24", () => {
    expect(windowEnds([at(0), at(1), at(0)]).map((d) => d.getTime())).toEqual([at(1).getTime(), at(0).getTime()]);
    expect(windowEnds(Array.from({ length: 30 }, (_, i) => at(i))).length).toBe(24);
  });

  it("R39: the chart's hourly series ends with the hour that holds the window's end", () => {
    const series = hourlySeries([at(-0.5), at(-0.25), at(-30), at(1)], at(0), 48);
    expect(series).toHaveLength(48);
    expect(series.at(-1)!.hourStart).toBe("2026-11-20T12:00:00.000Z");
    expect(series.at(-2)!.uses).toBe(2);
    expect(series.reduce((n, x) => n + x.uses, 0)).toBe(3);
  });

  it("R35: the offer's settings are checked field by field; an auto-action needs an address", () => {
    expect(parseLeakSettings({ ratio: "5", minCustomers: "10", hardRatio: "20", hardMinCustomers: "30", autoDeactivate: "true", notifyEmail: "ops@brand.com" })).toEqual({
      ok: true,
      value: { ratio: 5, minCustomers: 10, hardRatio: 20, hardMinCustomers: 30, autoDeactivate: true, notifyEmail: "ops@brand.com" },
    });
    const bad = parseLeakSettings({ ratio: "1", minCustomers: "2.5", hardRatio: "abc", hardMinCustomers: "5", autoDeactivate: "true", notifyEmail: "" });
    expect(bad.ok ? {} : bad.errors).toEqual({
      ratio: "Spike ratio must be between 1.5 and 1000.",
      minCustomers: "Distinct customers must be a whole number.",
      hardRatio: "Hard ratio must be a number.",
      notifyEmail: "Say where to email you when a code is deactivated automatically.",
    });
    const lower = parseLeakSettings({ ratio: "5", minCustomers: "10", hardRatio: "4", hardMinCustomers: "9", notifyEmail: "x@y" });
    expect(lower.ok ? {} : lower.errors).toEqual({
      hardRatio: "The hard ratio must be at least the spike ratio.",
      hardMinCustomers: "Hard distinct customers must be at least the spike's.",
      notifyEmail: "Enter an email address like name@example.com.",
    });
  });

  it("R39: a dismissal needs a reason", () => {
    expect(dismissReasonProblem("  ")).toMatch(/Say why/);
    expect(dismissReasonProblem("x".repeat(501))).toMatch(/under 500/);
    expect(dismissReasonProblem("Live stream on Friday")).toBeNull();
  });

  it("R39: first order from the customer record's age; country as a code only, from the address or the locale", () => {
    expect(isFirstOrder("2026-11-20T12:00:00Z", "2026-11-20T11:59:00Z")).toBe(true);
    expect(isFirstOrder("2026-11-20T12:00:00Z", "2026-10-01T00:00:00Z")).toBe(false);
    expect(isFirstOrder("2026-11-20T12:00:00Z", null)).toBeNull();
    expect(countryOf(null, "ca", "US")).toBe("CA");
    expect(countryOf("Canada", undefined)).toBeNull();
    expect([regionOfLocale("en-GB"), regionOfLocale("fr"), regionOfLocale(null)]).toEqual(["GB", null, null]);
  });

  it("R39: the merchant's alert escapes every value in its HTML part", () => {
    const mail = renderLeakAlert({
      offerName: "<b>Fall</b>",
      memberName: "Ann <script>",
      code: "ANN10",
      stats: { uses: 40, distinctCustomers: 38, firstTimeShare: 0.9, stores: [{ store: "us", uses: 40 }], countries: [{ country: "US", uses: 40 }], start: at(-1), end: at(0) },
      baselinePerHour: 1,
      link: "https://app/leaks/1",
    });
    expect(mail.subject).toBe("Leak watch: ANN10 deactivated after a spike of use");
    expect(mail.text).toContain("used 40 times in one hour, by 38 different customers");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;b&gt;Fall&lt;/b&gt;");
  });
});
