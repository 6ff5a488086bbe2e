import { describe, expect, it } from "vitest";
import { formatterFor, shopFormatOf } from "./format";

describe("one format everywhere (#21)", () => {
  it("a moment is shown in the shop's timezone, with the zone named", () => {
    const f = formatterFor(shopFormatOf({ ianaTimezone: "America/New_York", countryCode: "US" }));
    // 02:30 UTC on Nov 28 is still Nov 27 in New York.
    expect(f.dateTime("2026-11-28T02:30:00Z")).toBe("Nov 27, 2026, 21:30 EST");
    expect(f.day("2026-11-28T02:30:00Z")).toBe("Nov 27, 2026");
  });

  it("a calendar day stored as midnight UTC is the day it names in every timezone", () => {
    const f = formatterFor(shopFormatOf({ ianaTimezone: "America/Los_Angeles", countryCode: "US" }));
    expect(f.calendarDay("2026-12-01T00:00:00.000Z")).toBe("Dec 1, 2026");
    expect(f.calendarDay(null)).toBe("No end date");
  });

  it("the shop's country sets day/month order; the language stays English", () => {
    const uk = formatterFor(shopFormatOf({ ianaTimezone: "Europe/London", countryCode: "GB" }));
    expect(uk.calendarDay("2026-12-01T00:00:00Z")).toBe("1 Dec 2026");
    expect(uk.month("2026-11")).toBe("November 2026");
  });

  it("money carries its currency", () => {
    const us = formatterFor(shopFormatOf({ ianaTimezone: "America/New_York", countryCode: "US" }));
    expect(us.usd(123450)).toBe("$1,234.50");
    expect(us.money(1200, "CAD")).toBe("CA$12.00");
    expect(us.money(-800, "GBP")).toBe("-£8.00");
    const ca = formatterFor(shopFormatOf({ ianaTimezone: "America/Toronto", countryCode: "CA" }));
    expect(ca.usd(1200)).toBe("US$12.00");
    expect(ca.money(1200, "CAD")).toBe("$12.00");
  });

  it("an unknown timezone or country falls back to UTC and en-US", () => {
    expect(shopFormatOf({ ianaTimezone: "Mars/Olympus", countryCode: "zz" })).toEqual({ timeZone: "UTC", locale: "en-US" });
    expect(shopFormatOf(null)).toEqual({ timeZone: "UTC", locale: "en-US" });
  });
});
