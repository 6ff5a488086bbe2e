import { describe, expect, it } from "vitest";
import { parseComposeParams } from "./email-forms";

const p = (query: string) => parseComposeParams(new URLSearchParams(query));

describe("R18: who a compose is for, from its URL", () => {
  it("R18: members=<ids> chooses those members; ids that cannot exist are dropped and counted", () => {
    expect(p("members=cm1abc,cm2def")).toEqual({ selection: { memberIds: ["cm1abc", "cm2def"], offerMemberIds: [] }, kind: "NEW_CODE", invalid: 0 });
    expect(p("members=cm1abc,../x,a%00b").invalid).toBe(2);
  });

  it("R18: offerMembers=<ids> takes the offer table's row ids; job=<id> the members a job touched", () => {
    expect(p("offerMembers=om1").selection).toEqual({ memberIds: [], offerMemberIds: ["om1"] });
    expect(p("job=job1&members=cm1").selection).toEqual({ jobId: "job1" });
  });

  it("R18: no selection or members=ALL means every member of the offer", () => {
    expect(p("").selection).toEqual({ all: true });
    expect(p("members=ALL").selection).toEqual({ all: true });
  });

  it("R18: kind= picks the default template (any case, dashes or underscores); anything else is a new code", () => {
    expect(p("kind=refreshed-code").kind).toBe("REFRESHED_CODE");
    expect(p("kind=deactivated").kind).toBe("DEACTIVATED");
    expect(p("kind=spam").kind).toBe("NEW_CODE");
  });
});
