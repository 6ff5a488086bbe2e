// The audit log page and its CSV export (R36, #21): who changed what, when, in which stores,
// filtered by offer, member, actor, kind and days in the shop's timezone.
import type { AuditEntry, Prisma, PrismaClient } from "@prisma/client";
import { once } from "node:events";
import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { actionLabel, actorLabel, auditBounds, detailsSummary, parseSubject, type AuditFilter } from "~/domain/audit/log-filter";
import { neutraliseCell } from "~/domain/csv/neutralise";

export const AUDIT_PAGE_SIZE = 50;

function whereOf(shop: string, filter: AuditFilter, timeZone: string): Prisma.AuditEntryWhereInput {
  const and: Prisma.AuditEntryWhereInput[] = [];
  // An offer or member is named as the subject, or in the details (a job, a project's connection).
  if (filter.offerId) and.push({ OR: [{ subject: `offer:${filter.offerId}` }, { details: { contains: `"${filter.offerId}"` } }] });
  if (filter.memberId) and.push({ OR: [{ subject: `member:${filter.memberId}` }, { details: { contains: `"${filter.memberId}"` } }] });
  const createdAt = auditBounds(filter, timeZone);
  return {
    shop,
    ...(filter.actor ? { actor: filter.actor } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(createdAt.gte || createdAt.lt ? { createdAt } : {}),
    ...(and.length ? { AND: and } : {}),
  };
}

export interface AuditRow {
  id: string;
  createdAt: string;
  actor: string;
  actorLabel: string;
  action: string;
  actionLabel: string;
  subject: { kind: string; id: string; label: string; url: string | null } | null;
  stores: string[];
  details: string;
}

const SUBJECT_URL: Record<string, (id: string) => string> = {
  offer: (id) => `/app/offers/${id}`,
  member: (id) => `/app/members/${id}`,
  project: (id) => `/app/projects/${id}`,
};

/** Names of the offers, members and projects the entries are about (one query per kind). */
async function subjectNames(db: PrismaClient, shop: string, subjects: { kind: string; id: string }[]) {
  const ids = (kind: string) => [...new Set(subjects.filter((s) => s.kind === kind).map((s) => s.id))];
  const [offers, members, projects] = await Promise.all([
    db.offer.findMany({ where: { shop, id: { in: ids("offer") } }, select: { id: true, name: true } }),
    db.member.findMany({ where: { shop, id: { in: ids("member") } }, select: { id: true, firstName: true, lastName: true } }),
    db.project.findMany({ where: { shop, id: { in: ids("project") } }, select: { id: true, name: true } }),
  ]);
  const names = new Map<string, string>();
  for (const o of offers) names.set(`offer:${o.id}`, o.name);
  for (const m of members) names.set(`member:${m.id}`, `${m.firstName} ${m.lastName}`.trim());
  for (const p of projects) names.set(`project:${p.id}`, p.name);
  return names;
}

const KIND_LABEL: Record<string, string> = {
  offer: "Offer",
  member: "Member",
  project: "Project",
  code: "Code",
  conversion: "Conversion",
  shop: "Shop",
  store: "Store",
  job: "Job",
};

export async function listAuditEntries(db: PrismaClient, shop: string, filter: AuditFilter, opts: { page: number; timeZone: string }) {
  const where = whereOf(shop, filter, opts.timeZone);
  const total = await db.auditEntry.count({ where });
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(opts.page, pages);
  const entries = await db.auditEntry.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE });
  const subjects = entries.map((e) => parseSubject(e.subject)).filter((s): s is { kind: string; id: string } => s !== null);
  const names = await subjectNames(db, shop, subjects);
  const rows: AuditRow[] = entries.map((e) => {
    const s = parseSubject(e.subject);
    const name = s ? names.get(`${s.kind}:${s.id}`) : undefined;
    return {
      id: e.id,
      createdAt: e.createdAt.toISOString(),
      actor: e.actor,
      actorLabel: actorLabel(e.actor),
      action: e.action,
      actionLabel: actionLabel(e.action),
      subject: s
        ? { ...s, label: name ?? `${KIND_LABEL[s.kind] ?? s.kind} ${s.id}`, url: name && SUBJECT_URL[s.kind] ? SUBJECT_URL[s.kind]!(s.id) : null }
        : e.subject
          ? { kind: "", id: "", label: e.subject, url: null }
          : null,
      stores: e.stores ? e.stores.split(",").filter(Boolean) : [],
      details: detailsSummary(e.details),
    };
  });
  return { rows, total, page, pages };
}

/** What the filter menus offer: the kinds and actors in this shop's log, its offers, and the chosen member's name. */
export async function auditFilterChoices(db: PrismaClient, shop: string, memberId?: string) {
  const [actions, actors, offers, member] = await Promise.all([
    db.auditEntry.findMany({ where: { shop }, distinct: ["action"], select: { action: true }, orderBy: { action: "asc" }, take: 200 }),
    db.auditEntry.findMany({ where: { shop }, distinct: ["actor"], select: { actor: true }, orderBy: { actor: "asc" }, take: 200 }),
    db.offer.findMany({ where: { shop }, select: { id: true, name: true }, orderBy: { name: "asc" }, take: 500 }),
    memberId ? db.member.findFirst({ where: { shop, id: memberId }, select: { id: true, firstName: true, lastName: true } }) : null,
  ]);
  return {
    actions: actions.map((a) => ({ value: a.action, label: actionLabel(a.action) })),
    actors: actors.map((a) => ({ value: a.actor, label: actorLabel(a.actor) })),
    offers,
    member: member ? { id: member.id, name: `${member.firstName} ${member.lastName}`.trim() } : null,
  };
}

const CSV_BATCH = 500;

/**
 * Every matching entry as CSV, streamed: read in batches of 500 (newest first) and written
 * through csv-stringify as they come, so a long log never sits in memory. Times are ISO 8601
 * UTC; every cell is neutralised (no formulas in a spreadsheet).
 */
export function streamAuditCsv(db: PrismaClient, shop: string, filter: AuditFilter, timeZone: string): ReadableStream<Uint8Array> {
  const where = whereOf(shop, filter, timeZone);
  const csv = stringify({ header: true, columns: ["time_utc", "actor", "action", "subject", "stores", "details"], cast: { string: neutraliseCell } });
  void (async () => {
    let cursor: { createdAt: Date; id: string } | null = null;
    for (;;) {
      const batch: AuditEntry[] = await db.auditEntry.findMany({
        where: cursor ? { AND: [where, { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }] } : where,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: CSV_BATCH,
      });
      for (const e of batch) {
        const fits = csv.write({
          time_utc: e.createdAt.toISOString(),
          actor: e.actor,
          action: e.action,
          subject: e.subject,
          stores: e.stores.split(",").filter(Boolean).join(" "),
          details: e.details,
        });
        if (!fits && !csv.destroyed) await once(csv, "drain");
        if (csv.destroyed) return; // the download was cancelled
      }
      const last = batch.at(-1);
      if (!last || batch.length < CSV_BATCH) break;
      cursor = { createdAt: last.createdAt, id: last.id };
    }
    csv.end();
  })().catch((error: unknown) => csv.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
}
