import { describe, expect, it } from "vitest";
import { actorLabel, auditBounds, detailsSummary, parseAuditFilter, startOfDayIn } from "./log-filter";

const parse = (q: string) => parseAuditFilter(new URLSearchParams(q));

describe("audit log filters (R36)", () => {
  it("R36: offer, member, actor, kind and dates are read from the URL", () => {
    expect(parse("offer=o1&member=m1&actor=user:42&kind=offer.update&from=2026-11-01&to=2026-11-30")).toEqual({
      filter: { offerId: "o1", memberId: "m1", actor: "user:42", action: "offer.update", from: "2026-11-01", to: "2026-11-30" },
      errors: {},
    });
  });

  it("R35: a bad filter is ignored with a message, never queried", () => {
    const { filter, errors } = parse("offer=%27%20or%201%3D1&kind=DROP%20TABLE&from=2026-02-30&actor=a%20b");
    expect(filter).toEqual({});
    expect(Object.keys(errors).sort()).toEqual(["action", "actor", "from", "offerId"]);
  });

  it("R35: a “to” before “from” is refused with a message", () => {
    const { filter, errors } = parse("from=2026-11-10&to=2026-11-01");
    expect(filter).toEqual({ from: "2026-11-10" });
    expect(errors.to).toMatch(/before the “from” date/);
  });

  it("R36: days are bounded in the shop's timezone, the last day included", () => {
    expect(startOfDayIn("2026-11-27", "America/New_York").toISOString()).toBe("2026-11-27T05:00:00.000Z");
    expect(startOfDayIn("2026-07-01", "America/New_York").toISOString()).toBe("2026-07-01T04:00:00.000Z");
    expect(startOfDayIn("2026-11-27", "UTC").toISOString()).toBe("2026-11-27T00:00:00.000Z");
    // The day DST ends in London (Oct 25, 2026) starts at 00:00 BST = 23:00 UTC the day before.
    expect(startOfDayIn("2026-10-25", "Europe/London").toISOString()).toBe("2026-10-24T23:00:00.000Z");
    const b = auditBounds({ from: "2026-11-01", to: "2026-11-30" }, "Europe/London");
    expect(b.gte!.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(b.lt!.toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });

  it("R36: who acted and what changed read as words", () => {
    expect(actorLabel("user:42")).toBe("Staff member 42");
    expect(actorLabel("app")).toBe("Creator Codes (automatic)");
    expect(detailsSummary('{"job":"j1","count":3}')).toBe("job: j1 · count: 3");
    expect(detailsSummary("not json")).toBe("not json");
  });
});
