import { describe, expect, it } from "vitest";
import { readRange } from "./range";

const today = new Date("2026-11-28T10:00:00Z");

describe("dashboard date range (R30, issue 21)", () => {
  it("R30: a range in order is shown as asked", () => {
    expect(readRange({ from: "2026-11-01", to: "2026-11-15" }, today)).toEqual({
      range: { from: "2026-11-01", to: "2026-11-15" },
      asked: { from: "2026-11-01", to: "2026-11-15" },
      errors: {},
    });
  });
  it("R35: a from after to gets a message on To, keeps what was typed, and shows the last 30 days meanwhile", () => {
    expect(readRange({ from: "2026-11-20", to: "2026-11-05" }, today)).toEqual({
      range: { from: "2026-10-30", to: "2026-11-28" },
      asked: { from: "2026-11-20", to: "2026-11-05" },
      errors: { to: "The end date is before the start date. Choose an end date on or after the start date." },
    });
  });
  it("R35: an impossible date or a too-long range is named on its field", () => {
    expect(readRange({ from: "2026-02-30", to: "2026-11-05" }, today).errors).toEqual({ from: "Enter a real start date, like 2026-11-01." });
    expect(readRange({ from: "2020-01-01", to: "2026-11-05" }, today).errors).toEqual({ to: "Choose a range of at most 1,100 days." });
  });
  it("no dates: the last 30 days, no message; one date after the default end is a message", () => {
    expect(readRange({ from: null, to: null }, today)).toEqual({ range: { from: "2026-10-30", to: "2026-11-28" }, asked: { from: "2026-10-30", to: "2026-11-28" }, errors: {} });
    expect(readRange({ from: "2026-12-10", to: null }, today).errors.to).toBe("The end date is before the start date. Choose an end date on or after the start date.");
  });
});
