// One format everywhere (#21): moments in the shop's timezone, calendar days as the day they name,
// numbers and money in the shop's regional format, money always with its currency.
// The app's copy is English, so the language is English and the region is the shop's country
// (en-US, en-CA, en-GB …): month names match the rest of the page, day/month order and
// separators follow the shop (docs/decisions/150).
import { useRouteLoaderData } from "@remix-run/react";

export interface ShopFormat {
  /** IANA timezone, e.g. "America/New_York". */
  timeZone: string;
  /** BCP 47 locale, e.g. "en-CA". */
  locale: string;
}

export const DEFAULT_SHOP_FORMAT: ShopFormat = { timeZone: "UTC", locale: "en-US" };

/** The format of a shop from what Shopify says of it; anything Intl does not know falls back to UTC / en-US. */
export function shopFormatOf(shop: { ianaTimezone?: string | null; countryCode?: string | null } | null): ShopFormat {
  let timeZone = DEFAULT_SHOP_FORMAT.timeZone;
  if (shop?.ianaTimezone) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: shop.ianaTimezone });
      timeZone = shop.ianaTimezone;
    } catch {
      // an unknown zone keeps UTC
    }
  }
  const wanted = shop?.countryCode && /^[A-Z]{2}$/.test(shop.countryCode) ? `en-${shop.countryCode}` : DEFAULT_SHOP_FORMAT.locale;
  const locale = Intl.DateTimeFormat.supportedLocalesOf([wanted]).length > 0 ? wanted : DEFAULT_SHOP_FORMAT.locale;
  return { timeZone, locale };
}

export interface Formatter {
  /** The shop's IANA timezone, to say which days a filter means. */
  timeZone: string;
  /** A moment (created, sent, changed): "Nov 27, 2026, 16:30 EST" in the shop's timezone. */
  dateTime(iso: string | Date): string;
  /** The day of a moment, in the shop's timezone: "Nov 27, 2026". */
  day(iso: string | Date): string;
  /**
   * A calendar day stored as midnight UTC (a code's start or end date, a dashboard's from/to):
   * the day it names, whatever the shop's timezone. `none` when there is no date.
   */
  calendarDay(iso: string | Date | null | undefined, none?: string): string;
  /** A month from "2026-11": "November 2026". */
  month(period: string): string;
  /** Money in minor units with its currency: "$1,234.50", "CA$12.00", "£8.00". */
  money(cents: number, currency: string): string;
  /** US dollars (payouts, sales in USD): money(cents, "USD"). */
  usd(cents: number): string;
  /** A count: "1,234". */
  count(n: number): string;
}

// Intl formatters are costly to build (a tenth of the portal's server time once): one per key.
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = cache.get(key);
  if (!f) {
    f = make();
    if (cache.size > 500) cache.clear();
    cache.set(key, f);
  }
  return f as T;
}

const toDate = (v: string | Date) => (typeof v === "string" ? new Date(v) : v);

export function formatterFor({ timeZone, locale }: ShopFormat): Formatter {
  const dt = (key: string, opts: Intl.DateTimeFormatOptions) => cached(`${locale}|${timeZone}|${key}`, () => new Intl.DateTimeFormat(locale, opts));
  const moment = dt("moment", { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone, timeZoneName: "short" });
  const dayOf = dt("day", { year: "numeric", month: "short", day: "numeric", timeZone });
  const calendar = cached(`${locale}|calendar`, () => new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }));
  const monthOf = cached(`${locale}|month`, () => new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", timeZone: "UTC" }));
  const counter = cached(`${locale}|count`, () => new Intl.NumberFormat(locale));
  const money = (cents: number, currency: string) => {
    const code = /^[A-Z]{3}$/.test(currency) ? currency : "USD";
    return cached(`${locale}|money|${code}`, () => new Intl.NumberFormat(locale, { style: "currency", currency: code })).format(cents / 100);
  };
  return {
    timeZone,
    dateTime: (v) => moment.format(toDate(v)),
    day: (v) => dayOf.format(toDate(v)),
    calendarDay: (v, none = "No end date") => (v ? calendar.format(toDate(v)) : none),
    month: (period) => (/^\d{4}-\d{2}$/.test(period) ? monthOf.format(new Date(`${period}-01T00:00:00Z`)) : period),
    money,
    usd: (cents) => money(cents, "USD"),
    count: (n) => counter.format(n),
  };
}

/**
 * The shop's formatter in any page under /app (the layout's loader reads the shop's timezone
 * and country). Outside /app (or before it loaded) the default format.
 */
export function useFormat(): Formatter {
  const data = useRouteLoaderData("routes/app") as { format?: ShopFormat } | undefined;
  return formatterFor(data?.format ?? DEFAULT_SHOP_FORMAT);
}
