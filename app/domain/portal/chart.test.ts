import { describe, expect, it } from "vitest";
import { barGeometry, binDays, type DayFigures } from "./chart";

const days = (from: string, n: number, f: (i: number) => number = () => 1): DayFigures[] =>
  Array.from({ length: n }, (_, i) => ({
    day: new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
    conversions: f(i),
    salesUsdCents: 100 * f(i),
    payoutCents: 10 * f(i),
  }));

describe("portal chart (R30/R31)", () => {
  it("R30: up to 31 days are one bar a day; longer ranges are weeks, then months, and every figure is kept", () => {
    for (const [n, granularity, bars] of [
      [30, "day", 30],
      [31, "day", 31],
      [32, "week", 5],
      [90, "week", 13],
      [400, "month", 14],
    ] as const) {
      const input = days("2025-10-20", n, (i) => (i % 3) + 1);
      const { granularity: g, bins } = binDays(input);
      expect(g).toBe(granularity);
      expect(bins).toHaveLength(bars);
      const sum = (k: "conversions" | "salesUsdCents" | "payoutCents", xs: { [key: string]: number | string }[]) => xs.reduce((n, x) => n + (x[k] as number), 0);
      for (const k of ["conversions", "salesUsdCents", "payoutCents"] as const) expect(sum(k, bins as never)).toBe(sum(k, input as never));
      expect(bins[0]!.from).toBe(input[0]!.day);
      expect(bins.at(-1)!.to).toBe(input.at(-1)!.day);
    }
  });

  it("R30: bars are scaled to the largest value; zero and negative periods have no bar", () => {
    const { bars, max } = barGeometry([0, 50, 100, -20], 400, 100);
    expect(max).toBe(100);
    expect(bars.map((b) => b.height)).toEqual([0, 50, 100, 0]);
    expect(bars[2]!.y).toBe(0);
    expect(bars.every((b) => b.x >= 0 && b.x + b.width <= 400)).toBe(true);
    expect(barGeometry([], 400, 100)).toEqual({ bars: [], max: 0 });
    expect(barGeometry([1, 10_000], 400, 100).bars[0]!.height).toBe(1);
  });
});
