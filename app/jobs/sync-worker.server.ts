// The sync worker (R34): applies stored (code, store, action) operations. Its parts live in
// app/jobs/sync/: types (the closed unions), outbox (the one writer of jobs and operations),
// claim (claims, leases, renewal), dispatch (the loop and the exhaustive switch over actions),
// actions/ (one module per action), settle (outcomes, code statuses, rollback, job counters).
export { runPendingOperations } from "./sync/dispatch.server";
export { reconcileFinishedJobs, refreshJobs } from "./sync/settle.server";
export type { WorkerDeps } from "./sync/types";
