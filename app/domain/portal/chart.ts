// The portal's chart over time (R30/R31 as the member sees it): daily figures grouped into at most
// about 31 bars (days, weeks or months), and the bars' geometry for a server-rendered SVG.

export interface DayFigures {
  day: string; // YYYY-MM-DD
  conversions: number;
  salesUsdCents: number;
  payoutCents: number;
}

export type Granularity = "day" | "week" | "month";

export interface Bin {
  from: string;
  to: string;
  conversions: number;
  salesUsdCents: number;
  payoutCents: number;
}

export function granularityFor(days: number): Granularity {
  if (days <= 31) return "day";
  if (days <= 7 * 26) return "week";
  return "month";
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Days (in order, consecutive) grouped by day, by 7 days counted from the first, or by calendar month. */
export function binDays(days: DayFigures[]): { granularity: Granularity; bins: Bin[] } {
  const granularity = granularityFor(days.length);
  const bins: Bin[] = [];
  days.forEach((d, i) => {
    const key = granularity === "day" ? d.day : granularity === "week" ? addDays(days[0]!.day, Math.floor(i / 7) * 7) : d.day.slice(0, 7);
    const last = bins.at(-1);
    const same = last && (granularity === "month" ? last.from.slice(0, 7) === key : granularity === "week" ? last.from === key : false);
    if (same) {
      last.to = d.day;
      last.conversions += d.conversions;
      last.salesUsdCents += d.salesUsdCents;
      last.payoutCents += d.payoutCents;
    } else bins.push({ from: d.day, to: d.day, conversions: d.conversions, salesUsdCents: d.salesUsdCents, payoutCents: d.payoutCents });
  });
  return { granularity, bins };
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Bars for `values` in a `width` × `height` plot (SVG units, y down), scaled to the largest value;
 * negative values (a period of refunds only) are drawn as empty. A value above 0 is at least 1 unit tall.
 */
export function barGeometry(values: number[], width: number, height: number): { bars: Bar[]; max: number } {
  const max = Math.max(0, ...values);
  const slot = values.length ? width / values.length : width;
  const gap = Math.min(4, slot * 0.2);
  const bars = values.map((v, i) => {
    const h = max > 0 && v > 0 ? Math.max(1, (v / max) * height) : 0;
    return { x: round(i * slot + gap / 2), y: round(height - h), width: round(slot - gap), height: round(h) };
  });
  return { bars, max };
}

const round = (n: number) => Math.round(n * 100) / 100;
