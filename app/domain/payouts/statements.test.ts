import { describe, expect, it } from "vitest";
import { closeRefusal, neutraliseCell, nextPeriod, openStatementLines, periodRange, totalsByMember, type StatementItem } from "./statements";

const item = (key: string, home: string, payout: number, adjustment = false): StatementItem => ({
  itemKey: key,
  conversionId: "c1",
  adjustmentId: adjustment ? key : null,
  memberId: "m1",
  offerId: "o1",
  home,
  saleUsdCents: payout * 10,
  payoutCents: payout,
});

describe("payout statements (R40, issue 14)", () => {
  it("R40: an unfrozen item of a closed month is a correction in the next month only; the month's own items are its lines", () => {
    const items = [item("c:1", "2026-10", 100), item("a:2", "2026-10", -40, true), item("c:3", "2026-11", 50)];
    const frozen = new Set(["c:1"]);
    expect(openStatementLines("2026-11", items, "2026-10", frozen).map((l) => [l.itemKey, l.kind, l.correctsPeriod])).toEqual([
      ["a:2", "CORRECTION", "2026-10"],
      ["c:3", "CONVERSION", null],
    ]);
    expect(openStatementLines("2026-12", items, "2026-10", frozen)).toEqual([]);
    expect(totalsByMember(openStatementLines("2026-11", items, "2026-10", frozen))).toEqual([
      { memberId: "m1", conversions: 1, salesUsdCents: 100, payoutCents: 10, adjustmentsCents: -40, corrections: 1 },
    ]);
  });

  it("R40: months close in order, never before they start", () => {
    expect(closeRefusal("2026-11", "2026-11", null, ["2026-10"])).toMatch(/Close 2026-10 first/);
    expect(closeRefusal("2026-11", "2026-11", null, [])).toBeNull();
    expect(closeRefusal("2026-12", "2026-11", null, [])).toMatch(/not started/);
    expect(closeRefusal("2026-10", "2026-11", "2026-10", [])).toMatch(/already closed/);
    expect(closeRefusal("2027-01", "2027-02", "2026-11", [])).toMatch(/Close 2026-12 first/);
    expect([nextPeriod("2026-12"), periodRange("2026-02").to]).toEqual(["2027-01", "2026-02-28"]);
  });

  it("R36: CSV cells that a spreadsheet would run are neutralised", () => {
    expect(["=SUM(A1)", "+1", "-4.34", "@cmd", "\tx", "\rx", "Ann", "ann@x.example", "12.50"].map(neutraliseCell)).toEqual([
      "'=SUM(A1)",
      "'+1",
      "'-4.34",
      "'@cmd",
      "'\tx",
      "'\rx",
      "Ann",
      "ann@x.example",
      "12.50",
    ]);
  });
});
