import { describe, expect, it } from "vitest";
import { codesInForceAt } from "./in-force";

const at = (iso: string) => new Date(iso);

describe("codesInForceAt", () => {
  const old = { id: "old", codeKey: "BEN10", current: false, retiredAt: at("2026-11-10T12:00:00Z") };
  const renewed = { id: "new", codeKey: "BEN10", current: true, retiredAt: null };
  it("R21: an order before a same-name refresh counts for the old code, one after for the new one, never both", () => {
    expect(codesInForceAt([old, renewed], at("2026-11-10T11:59:59Z")).map((c) => c.id)).toEqual(["old"]);
    expect(codesInForceAt([renewed, old], at("2026-11-10T12:00:00Z")).map((c) => c.id)).toEqual(["new"]);
  });
  it("R21: while the refresh is under way the current code keeps its orders", () => {
    const live = { ...old, current: true, retiredAt: null };
    const pending = { ...renewed, current: false };
    expect(codesInForceAt([pending, live], at("2026-11-10T11:00:00Z")).map((c) => c.id)).toEqual(["old"]);
  });
  it("R27: codes with different names are all kept", () => {
    expect(codesInForceAt([old, { ...renewed, codeKey: "ANNA10" }], at("2026-11-11T00:00:00Z")).map((c) => c.id)).toEqual(["old", "new"]);
  });
});
