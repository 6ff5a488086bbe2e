// How a job reads in the admin (R38): its kind as a title, who started it, and its outcome. The
// list of jobs and each job's page use the same words.
import type { JobKind } from "~/jobs/sync/types";

export const JOB_TITLES: Record<JobKind, string> = {
  GENERATE_CODES: "Generating promo codes",
  UPDATE_DISCOUNTS: "Updating the offer in Shopify",
  USAGE_LIMIT: "Deactivating a code at its usage limit",
  ACTIVATE_CODES: "Activating codes",
  DEACTIVATE_CODES: "Deactivating codes",
  REFRESH_CODES: "Refreshing promo codes",
  REVERT_DRIFT: "Putting the offer back in a store (drift)",
  GENERATE_BULK_CODES: "Generating bulk codes",
};

export function jobTitle(kind: string): string {
  return (JOB_TITLES as Record<string, string>)[kind] ?? "Job";
}

/** A job's outcome: RUNNING until nothing is left to run, then by how its operations ended. */
export const JOB_OUTCOMES = ["RUNNING", "DONE", "WITH_FAILURES", "FAILED"] as const;
export type JobOutcome = (typeof JOB_OUTCOMES)[number];

export const JOB_OUTCOME_LABELS: Record<JobOutcome, string> = { RUNNING: "Running", DONE: "Done", WITH_FAILURES: "Done, with failures", FAILED: "Failed" };

export function jobOutcome(job: { status: string; succeeded: number; failed: number }): JobOutcome {
  if (job.status !== "DONE") return "RUNNING";
  if (job.failed === 0) return "DONE";
  return job.succeeded > 0 ? "WITH_FAILURES" : "FAILED";
}

/**
 * Who started a job (R36's actor): a staff member (`user:<id>`, named when the app knows their
 * name), the app itself (usage limits, follow-up work), or Shopify (webhooks).
 */
export function describeActor(actor: string, names: ReadonlyMap<string, string> = new Map()): string {
  if (actor === "app") return "The app";
  if (actor === "shopify") return "Shopify";
  const user = /^user:(\d+)$/.exec(actor);
  if (user) return names.get(user[1]!) ?? `Staff member #${user[1]}`;
  return actor;
}
