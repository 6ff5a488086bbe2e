import { describe, expect, it } from "vitest";
import { attributeSale, splitByWeights } from "./attribution";

const line = (price: number, allocations: [number, number][] = []) => ({
  priceCents: price,
  quantity: 1,
  allocations: allocations.map(([amountCents, applicationIndex]) => ({ amountCents, applicationIndex })),
});
const apps = [
  { type: "discount_code", code: "CARA" },
  { type: "discount_code", code: "dan" },
];

describe("splitting an order's sale among its tracked codes (R27, R12, issue 14 §1)", () => {
  it("R27: one tracked code takes the whole sale", () => {
    expect(attributeSale({ saleCents: 40495, lines: [line(10000)], applications: apps, codes: [] }, ["CARA"])).toEqual({ method: "SOLE", saleCents: new Map([["CARA", 40495]]) });
  });

  it("R12: product codes on different lines share by the lines each touched, and add up to the sale", () => {
    const a = attributeSale({ saleCents: 30000, lines: [line(10000, [[1000, 0]]), line(20000, [[2000, 1]]), line(1000)], applications: apps, codes: [] }, ["CARA", "DAN"]);
    expect(a.method).toBe("LINES");
    expect(a.saleCents.get("CARA")! + a.saleCents.get("DAN")!).toBe(30000);
    expect(a.saleCents.get("CARA")).toBe(10000); // 9000 : 18000
  });

  it("R12: order-level codes on every line share by their allocated amounts", () => {
    const a = attributeSale(
      {
        saleCents: 8000,
        lines: [
          line(5000, [
            [750, 0],
            [250, 1],
          ]),
          line(5000, [
            [750, 0],
            [250, 1],
          ]),
        ],
        applications: apps,
        codes: [],
      },
      ["CARA", "DAN"],
    );
    expect([a.method, a.saleCents.get("CARA"), a.saleCents.get("DAN")]).toEqual(["LINES", 6000, 2000]);
  });

  it("R12: without allocations, by the amounts each code took off; without amounts, equal parts", () => {
    const codes = [
      { code: "cara", amountCents: 300 },
      { code: "DAN", amountCents: 100 },
    ];
    expect(attributeSale({ saleCents: 1001, lines: [line(1000)], applications: apps, codes }, ["CARA", "DAN"])).toEqual({
      method: "AMOUNTS",
      saleCents: new Map([
        ["CARA", 751],
        ["DAN", 250],
      ]),
    });
    expect(attributeSale({ saleCents: 1001, lines: [], applications: [], codes: [] }, ["CARA", "DAN"]).method).toBe("EQUAL");
  });

  it("R12: rounding never makes the parts exceed the whole", () => {
    for (const total of [1, 2, 99, 40495]) expect(splitByWeights(total, [1, 1, 1]).reduce((n, x) => n + x, 0)).toBe(total);
    expect(splitByWeights(100, [1, 1, 1])).toEqual([34, 33, 33]);
  });
});
