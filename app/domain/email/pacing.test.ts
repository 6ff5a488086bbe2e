import { describe, expect, it } from "vitest";
import { pacer } from "./pacing";

describe("R18: sending is paced per shop", () => {
  it("R18: ten messages at 5 a second are spread over 1.8 s after the first, evenly", () => {
    const p = pacer(5);
    const waits = Array.from({ length: 10 }, () => p.book(1_000));
    expect(waits).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800]);
  });

  it("R18: a shop that was idle starts at once; a burst after it is paced again", () => {
    const p = pacer(10);
    expect(p.book(0)).toBe(0);
    expect(p.book(5_000)).toBe(0);
    expect(p.book(5_000)).toBe(100);
    expect(p.book(5_050)).toBe(150);
  });

  it("R18: no limit (0) never waits", () => {
    const p = pacer(0);
    expect([p.book(0), p.book(0), p.book(0)]).toEqual([0, 0, 0]);
  });
});
