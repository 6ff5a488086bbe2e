// A job's report (R17, R38): one row per code (its member) with one outcome per store, settings
// updates per store, and counters computed live from the operations (never lagging the rows).
// Internal collision checks (CHECK_CODE) are never reported as creations: a check shows only as
// "Checking" while it runs, or as the reason a code was not created. Rows come in pages: a job of
// 1,000 members in 6 stores is 6,000+ operations. A refresh (R20) reports one row per member: the
// new code, with the removal of the code it replaces folded into each store's outcome.
import { Prisma, type PrismaClient, type SyncOperation } from "@prisma/client";
import { OPEN_STATUSES, JOB_KINDS, type JobKind } from "~/jobs/sync/types";
import { describeActor, jobOutcome, jobTitle, type JobOutcome } from "~/domain/jobs/describe";

export type StoreOutcome = "CHECKING" | "WAITING" | "CREATED" | "NOT_CREATED" | "FAILED" | "ROLLED_BACK" | "REMOVED" | "DEACTIVATED" | "ACTIVATED" | "UPDATED" | "REFRESHED";

export interface StoreCell {
  store: string;
  label: string;
  outcome: StoreOutcome;
  message: string | null;
}

export interface JobRow {
  promoCodeId: string;
  memberId: string | null;
  member: string | null;
  code: string;
  /** A refresh's replaced code. */
  previousCode: string | null;
  stores: StoreCell[];
}

export type JobTone = "running" | "success" | "warning" | "critical";

export const JOB_PAGE_SIZE = 50;

export async function getJob(db: PrismaClient, shop: string, jobId: string, opts: { page?: number; pageSize?: number; failedOnly?: boolean } = {}) {
  const job = await db.job.findFirst({ where: { id: jobId, shop }, include: { offer: { select: { id: true, name: true, shop: true } } } });
  if (!job) return null;
  const pageSize = opts.pageSize ?? JOB_PAGE_SIZE;
  const page = Math.max(1, opts.page ?? 1);
  const now = new Date();

  // Live counters in one aggregate (a 6,000-operation job is counted in the database, not here):
  // per code, is anything still open, did anything fail? In a refresh, the replaced code's
  // operations count for the code that replaces it (one member, one row).
  const refresh = job.kind === "REFRESH_CODES";
  const subject = refresh
    ? Prisma.sql`COALESCE((SELECT s."id" FROM "PromoCode" s WHERE s."replacesId" = o."promoCodeId" AND EXISTS (SELECT 1 FROM "SyncOperation" x WHERE x."jobId" = o."jobId" AND x."promoCodeId" = s."id") LIMIT 1), o."promoCodeId")`
    : Prisma.sql`o."promoCodeId"`;
  const [perCode, settings, stalled, links] = await Promise.all([
    db.$queryRaw<{ codes: bigint | number; open: bigint | number; failed: bigint | number; unfinished: bigint | number }[]>`
      SELECT COUNT(DISTINCT subject) AS codes,
             COUNT(DISTINCT CASE WHEN "status" IN ('PENDING', 'RUNNING') THEN subject END) AS open,
             COUNT(DISTINCT CASE WHEN "status" = 'FAILED' THEN subject END) AS failed,
             COUNT(DISTINCT CASE WHEN "status" IN ('PENDING', 'RUNNING', 'FAILED') THEN subject END) AS unfinished
      FROM (SELECT ${subject} AS subject, o."status" FROM "SyncOperation" o WHERE o."jobId" = ${jobId} AND o."promoCodeId" IS NOT NULL) ops`,
    db.syncOperation.findMany({ where: { jobId, promoCodeId: null }, orderBy: { createdAt: "asc" } }),
    db.syncOperation.count({ where: { jobId, status: "RUNNING", leaseUntil: { lt: now } } }),
    db.storeLink.findMany({ where: { primaryShop: shop }, select: { connectedShop: true, label: true } }),
  ]);
  const n = (v: bigint | number | undefined) => Number(v ?? 0);
  const agg = perCode[0];
  // A refreshed code live everywhere but not yet the member's (its old code's removal is being
  // queued) is still in progress, though none of its operations is open.
  const promoting = refresh ? await db.promoCode.count({ where: { replacesId: { not: null }, status: "ACTIVE", current: false, operations: { some: { jobId } } } }) : 0;
  const counts = {
    codes: n(agg?.codes),
    codesDone: n(agg?.codes) - n(agg?.open) - promoting,
    codesFailed: n(agg?.failed),
    codesCreated: n(agg?.codes) - n(agg?.unfinished) - promoting,
    settings: settings.length,
    settingsDone: settings.filter((s) => !(OPEN_STATUSES as string[]).includes(s.status)).length,
    settingsFailed: settings.filter((s) => s.status === "FAILED").length,
  };
  const total = counts.codes + counts.settings;
  const done = counts.codesDone + counts.settingsDone;
  const anyFailed = counts.codesFailed + counts.settingsFailed;
  const running = done < total;
  const tone: JobTone = running ? "running" : anyFailed === 0 ? "success" : anyFailed === total ? "critical" : "warning";

  const labelOf = (store: string) => (store === shop ? "Primary store" : (links.find((l) => l.connectedShop === store)?.label ?? store.replace(".myshopify.com", "")));
  const failedOnly = opts.failedOnly ?? false;
  const where: Prisma.PromoCodeWhereInput = {
    offerId: job.offerId ?? undefined,
    ...(refresh ? { replacesId: { not: null } } : {}),
    operations: { some: failedOnly ? { jobId, status: "FAILED" } : { jobId } },
  };
  const rowCount = failedOnly ? counts.codesFailed : counts.codes;
  const pageCodes = await db.promoCode.findMany({
    where,
    orderBy: [{ createdAt: "asc" }, { codeKey: "asc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
    include: { member: { select: { firstName: true, lastName: true } }, storeCodes: { select: { store: true, state: true, error: true } } },
  });
  const replaced = refresh ? await db.promoCode.findMany({ where: { id: { in: pageCodes.map((c) => c.replacesId!) } }, select: { id: true, code: true } }) : [];
  const [ops, failedCodes] = await Promise.all([
    db.syncOperation.findMany({
      where: { jobId, promoCodeId: { in: [...pageCodes.map((c) => c.id), ...replaced.map((c) => c.id)] } },
      orderBy: { createdAt: "asc" },
      select: { promoCodeId: true, store: true, action: true, status: true, error: true },
    }),
    // Members whose new code failed as a whole can be given another code (add members again).
    counts.codesFailed
      ? db.promoCode.findMany({
          where: { offerId: job.offerId ?? undefined, status: "FAILED", memberId: { not: null }, operations: { some: { jobId } } },
          select: { memberId: true },
        })
      : Promise.resolve([]),
  ]);
  const failedMemberIds = [...new Set(failedCodes.map((c) => c.memberId!))];
  const rows: JobRow[] = pageCodes.map((code) => {
    const mine = ops.filter((o) => o.promoCodeId === code.id);
    const previous = replaced.find((r) => r.id === code.replacesId);
    const promotingRow = code.status === "ACTIVE" && !code.current;
    const cells = storeCells(mine, code.storeCodes, job.offer?.shop ?? shop).map((c) => (promotingRow && c.outcome === "CREATED" ? { ...c, outcome: "WAITING" as const } : c));
    return {
      promoCodeId: code.id,
      memberId: code.memberId,
      member: code.member ? `${code.member.firstName} ${code.member.lastName}`.trim() : null,
      code: code.code,
      previousCode: previous?.code ?? null,
      stores: (previous
        ? refreshCells(
            cells,
            ops.filter((o) => o.promoCodeId === previous.id),
          )
        : cells
      ).map((c) => ({ ...c, label: labelOf(c.store) })),
    };
  });

  return {
    job: {
      id: job.id,
      kind: job.kind as JobKind,
      status: running ? ("RUNNING" as const) : ("DONE" as const),
      createdAt: job.createdAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
      progress: total ? done / total : 1,
      tone,
      resuming: stalled > 0,
      ...counts,
    },
    offer: job.offer ? { id: job.offer.id, name: job.offer.name } : null,
    rows,
    settings: settings.map((s) => ({ id: s.id, store: s.store, label: labelOf(s.store), outcome: settingsOutcome(s), message: s.status === "FAILED" ? s.error : null })),
    page,
    pages: Math.max(1, Math.ceil(rowCount / pageSize)),
    failedMemberIds,
  };
}

function settingsOutcome(op: SyncOperation): StoreOutcome {
  if (op.status === "SUCCEEDED") return "UPDATED";
  if (op.status === "FAILED") return "FAILED";
  return "WAITING";
}

/**
 * One code's outcome in each store, from this job's operations (oldest first) and the code's
 * state per store. Exported for its unit test.
 */
export function storeCells(
  ops: Pick<SyncOperation, "store" | "action" | "status" | "error">[],
  storeCodes: { store: string; state: string; error: string | null }[],
  primary: string,
): Omit<StoreCell, "label">[] {
  const check = ops.find((o) => o.action === "CHECK_CODE");
  const stores = [...new Set([...storeCodes.map((s) => s.store), ...ops.filter((o) => o.action !== "CHECK_CODE").map((o) => o.store)])];
  stores.sort((a, b) => (a === primary ? -1 : b === primary ? 1 : a.localeCompare(b)));
  // A store where the code was live already and this job did nothing is not part of its report.
  const untouched = (store: string) =>
    !ops.some((o) => o.store === store && o.action !== "CHECK_CODE") && ["SYNCED", "DEACTIVATED"].includes(storeCodes.find((s) => s.store === store)?.state ?? "");
  return stores
    .filter((store) => !untouched(store))
    .map((store) => {
      const storeOps = ops.filter((o) => o.store === store && o.action !== "CHECK_CODE");
      const sc = storeCodes.find((s) => s.store === store);
      const last = storeOps.at(-1);
      const createdHere = storeOps.some((o) => o.action === "CREATE_CODE" && o.status === "SUCCEEDED");
      if (!last) {
        if (check && (OPEN_STATUSES as string[]).includes(check.status)) return { store, outcome: "CHECKING", message: null };
        if (sc?.state === "FAILED") return { store, outcome: "NOT_CREATED", message: sc.error ?? check?.error ?? null };
        if (check?.status === "FAILED") return { store, outcome: "NOT_CREATED", message: check.error };
        return { store, outcome: "WAITING", message: null };
      }
      if ((OPEN_STATUSES as string[]).includes(last.status)) return { store, outcome: "WAITING", message: null };
      if (last.status === "FAILED") return { store, outcome: last.action === "CREATE_CODE" ? "NOT_CREATED" : "FAILED", message: last.error };
      switch (last.action) {
        case "CREATE_CODE":
          return { store, outcome: "CREATED", message: null };
        case "DELETE_CODE":
          return createdHere
            ? { store, outcome: "ROLLED_BACK", message: "Created, then removed: the code failed in another store." }
            : { store, outcome: "REMOVED", message: null };
        case "DEACTIVATE_CODE":
          return { store, outcome: "DEACTIVATED", message: null };
        case "ACTIVATE_CODE":
          return { store, outcome: "ACTIVATED", message: null };
        default:
          return { store, outcome: "UPDATED", message: null };
      }
    });
}

/**
 * A refresh's outcome in each store (R20, R21): the new code's creation and the old code's
 * removal there. The old code still works wherever the new one was not created. Exported for its
 * unit test.
 */
export function refreshCells(newCells: Omit<StoreCell, "label">[], oldOps: Pick<SyncOperation, "store" | "action" | "status" | "error">[]): Omit<StoreCell, "label">[] {
  return newCells.map((cell) => {
    const old = oldOps.filter((o) => o.store === cell.store);
    const lastOld = old.at(-1);
    if (cell.outcome === "NOT_CREATED") return { ...cell, message: `${cell.message ?? "Not created."} The old code still works.` };
    if (cell.outcome === "CHECKING" || cell.outcome === "ROLLED_BACK" || cell.outcome === "FAILED") return cell;
    if (lastOld?.status === "FAILED") return { store: cell.store, outcome: "FAILED", message: `The old code could not be removed: ${lastOld.error ?? "unknown error"}` };
    if (cell.outcome === "WAITING" || (lastOld && (OPEN_STATUSES as string[]).includes(lastOld.status))) return { store: cell.store, outcome: "WAITING", message: null };
    return { store: cell.store, outcome: "REFRESHED", message: null };
  });
}

export interface JobListRow {
  id: string;
  kind: JobKind;
  title: string;
  offer: { id: string; name: string } | null;
  who: string;
  createdAt: string;
  /** Operations finished (either way) and in all. */
  done: number;
  total: number;
  outcome: JobOutcome;
}

export const JOB_LIST_PAGE_SIZE = 25;

const outcomeWhere: Record<JobOutcome, Prisma.JobWhereInput> = {
  RUNNING: { status: { not: "DONE" } },
  DONE: { status: "DONE", failed: 0 },
  WITH_FAILURES: { status: "DONE", failed: { gt: 0 }, succeeded: { gt: 0 } },
  FAILED: { status: "DONE", failed: { gt: 0 }, succeeded: 0 },
};

export function isJobKind(value: string | null | undefined): value is JobKind {
  return (JOB_KINDS as readonly string[]).includes(value ?? "");
}

/**
 * The shop's jobs, newest first (R38), filtered by kind and outcome, in pages. A finished job's
 * counters are final (written when it turned DONE); a running job's progress is counted live from
 * its operations, in one query for the page.
 */
export async function listJobs(db: PrismaClient, shop: string, opts: { kind?: JobKind; outcome?: JobOutcome; page?: number; pageSize?: number } = {}) {
  const pageSize = opts.pageSize ?? JOB_LIST_PAGE_SIZE;
  const page = Math.max(1, opts.page ?? 1);
  const where: Prisma.JobWhereInput = { shop, ...(opts.kind ? { kind: opts.kind } : {}), ...(opts.outcome ? outcomeWhere[opts.outcome] : {}) };
  const [total, jobs] = await Promise.all([
    db.job.count({ where }),
    db.job.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      include: { offer: { select: { id: true, name: true } } },
    }),
  ]);
  const running = jobs.filter((j) => j.status !== "DONE").map((j) => j.id);
  const userIds = [...new Set(jobs.map((j) => /^user:(\d+)$/.exec(j.actor)?.[1]).filter((id): id is string => Boolean(id)))];
  const [live, sessions] = await Promise.all([
    running.length ? db.syncOperation.groupBy({ by: ["jobId", "status"], where: { jobId: { in: running } }, _count: { _all: true } }) : Promise.resolve([]),
    userIds.length
      ? db.session.findMany({ where: { shop, userId: { in: userIds.map((id) => BigInt(id)) } }, select: { userId: true, firstName: true, lastName: true } })
      : Promise.resolve([]),
  ]);
  const names = new Map<string, string>();
  for (const s of sessions) {
    const name = [s.firstName, s.lastName].filter(Boolean).join(" ").trim();
    if (name && s.userId !== null) names.set(String(s.userId), name);
  }
  const rows: JobListRow[] = jobs.map((j) => {
    const counts = { total: j.total, succeeded: j.succeeded, failed: j.failed };
    if (j.status !== "DONE") {
      const mine = live.filter((g) => g.jobId === j.id);
      const of = (status: string) => mine.find((g) => g.status === status)?._count._all ?? 0;
      counts.total = mine.reduce((n, g) => n + g._count._all, 0);
      counts.succeeded = of("SUCCEEDED");
      counts.failed = of("FAILED");
    }
    return {
      id: j.id,
      kind: j.kind as JobKind,
      title: jobTitle(j.kind),
      offer: j.offer ? { id: j.offer.id, name: j.offer.name } : null,
      who: describeActor(j.actor, names),
      createdAt: j.createdAt.toISOString(),
      done: counts.succeeded + counts.failed,
      total: counts.total,
      outcome: jobOutcome({ status: j.status, succeeded: counts.succeeded, failed: counts.failed }),
    };
  });
  return { rows, total, page, pageSize, pages: Math.max(1, Math.ceil(total / pageSize)) };
}
