import { describe, expect, it } from "vitest";
import { JOB_KINDS } from "~/jobs/sync/types";
import { describeActor, JOB_TITLES, jobOutcome, jobTitle } from "./describe";

describe("R38: how a job reads in the list of jobs", () => {
  it("every kind of job has a title", () => {
    for (const kind of JOB_KINDS) expect(JOB_TITLES[kind]).toMatch(/^[A-Z]/);
    expect(jobTitle("REFRESH_CODES")).toBe("Refreshing promo codes");
    expect(jobTitle("SOMETHING_OLD")).toBe("Job");
  });
  it("outcome: running until done, then done, with failures, or failed", () => {
    expect(jobOutcome({ status: "QUEUED", succeeded: 0, failed: 0 })).toBe("RUNNING");
    expect(jobOutcome({ status: "RUNNING", succeeded: 3, failed: 2 })).toBe("RUNNING");
    expect(jobOutcome({ status: "DONE", succeeded: 5, failed: 0 })).toBe("DONE");
    expect(jobOutcome({ status: "DONE", succeeded: 4, failed: 1 })).toBe("WITH_FAILURES");
    expect(jobOutcome({ status: "DONE", succeeded: 0, failed: 3 })).toBe("FAILED");
  });
  it("who started it", () => {
    expect(describeActor("user:70000001")).toBe("Staff member #70000001");
    expect(describeActor("user:70000001", new Map([["70000001", "Ada Lovelace"]]))).toBe("Ada Lovelace");
    expect(describeActor("app")).toBe("The app");
    expect(describeActor("shopify")).toBe("Shopify");
  });
});
