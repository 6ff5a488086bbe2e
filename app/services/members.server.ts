// Projects and members: create, import from CSV (per-row errors; nothing imported from a file
// with errors unless the merchant asks for the valid rows), and the member profile.
import { parse } from "csv-parse/sync";
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { fieldMessages, text, textProblem } from "~/domain/input/fields";
import { recordAudit } from "./audit.server";
import { eachChunk, inChunks } from "./chunks.server";

const HANDLE = /^@?[\p{L}\p{N}_.-]{1,99}$/u;

export const memberSchema = z.object({
  firstName: text({ label: "the first name", required: "Enter a first name.", min: 1, max: 100 }),
  lastName: text({ label: "the last name", max: 100 }).default(""),
  email: z
    .string({ invalid_type_error: "Enter a valid email address, like name@example.com." })
    .trim()
    .toLowerCase()
    .max(254, "Keep the email address to 254 characters.")
    .email("Enter a valid email address, like name@example.com."),
  // #21: a social handle: letters, digits, _ . - (an optional leading @), nothing a spreadsheet would run.
  handle: text({ label: "the handle", max: 100 })
    .default("")
    .refine((h) => h === "" || HANDLE.test(h), "Use only letters, digits, _ . and - in the handle (an @ in front is fine)."),
});
export type MemberInput = z.infer<typeof memberSchema>;
export type MemberErrors = Partial<Record<keyof MemberInput | "form", string>>;

export async function createProject(db: PrismaClient, args: { shop: string; actor: string; name: string }) {
  const name = args.name.trim();
  if (!name) return { ok: false as const, errors: { name: "Enter a project name." } };
  if (name.length > 100) return { ok: false as const, errors: { name: "Keep the name to 100 characters." } };
  const problem = textProblem(name);
  if (problem) return { ok: false as const, errors: { name: problem } };
  if (await db.project.findUnique({ where: { shop_name: { shop: args.shop, name } } }))
    return { ok: false as const, errors: { name: `A project called "${name}" already exists.` } };
  const project = await db.project.create({ data: { shop: args.shop, name } });
  await recordAudit(db, { shop: args.shop, actor: args.actor, action: "project.create", subject: `project:${project.id}`, details: { name } });
  return { ok: true as const, project };
}

/** The shop's projects; archived ones (#21) only when asked for. */
export async function listProjects(db: PrismaClient, shop: string, opts: { archived?: boolean } = {}) {
  const projects = await db.project.findMany({
    where: { shop, archivedAt: opts.archived ? { not: null } : null },
    orderBy: { name: "asc" },
    include: { _count: { select: { members: true } } },
  });
  return projects.map((p) => ({ id: p.id, name: p.name, members: p._count.members, createdAt: p.createdAt.toISOString() }));
}

export async function getProject(db: PrismaClient, shop: string, projectId: string, opts: { query?: string; page?: number; pageSize?: number } = {}) {
  const project = await db.project.findFirst({ where: { id: projectId, shop } });
  if (!project) return null;
  const pageSize = opts.pageSize ?? 50;
  const page = Math.max(1, opts.page ?? 1);
  const q = opts.query?.trim();
  const where = {
    projects: { some: { projectId } },
    ...(q ? { OR: [{ firstName: { contains: q } }, { lastName: { contains: q } }, { email: { contains: q } }, { handle: { contains: q } }] } : {}),
  };
  const [total, members] = await Promise.all([
    db.member.count({ where }),
    db.member.findMany({
      where,
      orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      include: { _count: { select: { offers: true } } },
    }),
  ]);
  return {
    project: { id: project.id, name: project.name, archived: project.archivedAt !== null },
    total,
    page,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    members: members.map((m) => ({ id: m.id, name: `${m.firstName} ${m.lastName}`.trim(), email: m.email, handle: m.handle, offers: m._count.offers })),
  };
}

/** Adds one member to a project; an existing member (same email) is added to the project. */
export async function addMemberToProject(db: PrismaClient, args: { shop: string; actor: string; projectId: string; input: Record<string, unknown> }) {
  const parsed = memberSchema.safeParse(args.input);
  if (!parsed.success) {
    return { ok: false as const, errors: fieldMessages(parsed.error) as MemberErrors };
  }
  const project = await db.project.findFirst({ where: { id: args.projectId, shop: args.shop } });
  if (!project) return { ok: false as const, errors: { form: "This project does not exist." } as MemberErrors };
  const member = await db.$transaction(async (tx) => {
    const m = await tx.member.upsert({ where: { shop_email: { shop: args.shop, email: parsed.data.email } }, create: { shop: args.shop, ...parsed.data }, update: {} });
    await tx.projectMember.upsert({ where: { projectId_memberId: { projectId: project.id, memberId: m.id } }, create: { projectId: project.id, memberId: m.id }, update: {} });
    await recordAudit(tx, { shop: args.shop, actor: args.actor, action: "member.add", subject: `member:${m.id}`, details: { project: project.id } });
    return m;
  });
  return { ok: true as const, member };
}

const HEADER_ALIASES: Record<string, keyof MemberInput> = {
  firstname: "firstName",
  first: "firstName",
  givenname: "firstName",
  lastname: "lastName",
  last: "lastName",
  surname: "lastName",
  familyname: "lastName",
  email: "email",
  emailaddress: "email",
  handle: "handle",
  instagram: "handle",
  username: "handle",
  creatorhandle: "handle",
};

export interface CsvRowResult {
  row: number; // 1-based line in the file, header included
  values: Partial<MemberInput>;
  errors: string[];
}

const NOT_CSV = "This file is not a CSV file. Save the sheet as CSV (comma-separated values, UTF-8) with the columns first_name, last_name, email, handle, and choose it again.";

/** NUL bytes or undecodable bytes (U+FFFD) in the first 8 KB: an .xlsx, image or other binary file. */
function looksBinary(text: string): boolean {
  const head = text.slice(0, 8192);
  return head.includes("\u0000") || (head.match(/\uFFFD/g)?.length ?? 0) > 0;
}

/** Parses a members CSV: header row with first name, last name, email, handle (in any order). */
export function parseMembersCsv(text: string): { rows: CsvRowResult[]; fileError?: string } {
  // #21: a spreadsheet, image or other binary file gets one clear message, never the parser's.
  if (looksBinary(text)) return { rows: [], fileError: NOT_CSV };
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch {
    return { rows: [], fileError: NOT_CSV };
  }
  if (records.length === 0) return { rows: [], fileError: "The file is empty." };
  const header = records[0]!.map((h) => HEADER_ALIASES[h.toLowerCase().replace(/[^a-z]/g, "")]);
  if (!header.includes("firstName") || !header.includes("email"))
    return { rows: [], fileError: "The first row must name the columns, with at least first_name and email (also last_name, handle)." };
  const seen = new Map<string, number>();
  const rows = records.slice(1).map((record, i): CsvRowResult => {
    const raw: Record<string, string> = {};
    header.forEach((key, col) => {
      if (key) raw[key] = record[col] ?? "";
    });
    const row = i + 2;
    const parsed = memberSchema.safeParse(raw);
    if (!parsed.success) return { row, values: raw as Partial<MemberInput>, errors: parsed.error.issues.map((e) => e.message) };
    const dup = seen.get(parsed.data.email);
    if (dup) return { row, values: parsed.data, errors: [`Same email as row ${dup}.`] };
    seen.set(parsed.data.email, row);
    return { row, values: parsed.data, errors: [] };
  });
  if (rows.length === 0) return { rows, fileError: "The file has a header row but no members." };
  if (rows.length > 10_000) return { rows: [], fileError: "Import at most 10,000 members per file." };
  return { rows };
}

/** Imports a CSV into a project. With errors and without `validRowsOnly`, nothing is written. */
export async function importMembersCsv(db: PrismaClient, args: { shop: string; actor: string; projectId: string; csv: string; validRowsOnly: boolean }) {
  const project = await db.project.findFirst({ where: { id: args.projectId, shop: args.shop } });
  if (!project) return { ok: false as const, fileError: "This project does not exist.", rows: [] as CsvRowResult[], imported: 0 };
  const { rows, fileError } = parseMembersCsv(args.csv);
  const invalid = rows.filter((r) => r.errors.length);
  if (fileError || (invalid.length && !args.validRowsOnly)) return { ok: false as const, fileError, rows: invalid, imported: 0, valid: rows.length - invalid.length };
  const valid = rows.filter((r) => r.errors.length === 0).map((r) => r.values as MemberInput);
  await db.$transaction(
    async (tx) => {
      const emails = valid.map((v) => v.email);
      const existing = await inChunks(emails, (part) => tx.member.findMany({ where: { shop: args.shop, email: { in: part } }, select: { id: true, email: true } }));
      const known = new Map(existing.map((m) => [m.email, m.id]));
      const fresh = valid.filter((v) => !known.has(v.email));
      await eachChunk(fresh, (part) => tx.member.createMany({ data: part.map((v) => ({ shop: args.shop, ...v })) }));
      const all = await inChunks(emails, (part) => tx.member.findMany({ where: { shop: args.shop, email: { in: part } }, select: { id: true } }));
      const linked = await inChunks(all, (part) => tx.projectMember.findMany({ where: { projectId: project.id, memberId: { in: part.map((m) => m.id) } } }));
      const inProject = new Set(linked.map((p) => p.memberId));
      const links = all.filter((m) => !inProject.has(m.id)).map((m) => ({ projectId: project.id, memberId: m.id }));
      await eachChunk(links, (part) => tx.projectMember.createMany({ data: part }));
      await recordAudit(tx, {
        shop: args.shop,
        actor: args.actor,
        action: "members.import",
        subject: `project:${project.id}`,
        details: { imported: valid.length, skipped: invalid.length },
      });
    },
    { timeout: 60_000 },
  );
  return { ok: true as const, imported: valid.length, skipped: invalid.length, rows: invalid };
}

/** A member's profile: projects, and in each offer their current and past codes (R20). */
export async function getMemberProfile(db: PrismaClient, shop: string, memberId: string) {
  const member = await db.member.findFirst({
    where: { id: memberId, shop },
    include: {
      projects: { include: { project: true } },
      offers: { include: { offer: true, codes: { orderBy: { createdAt: "desc" } } }, orderBy: { createdAt: "desc" } },
    },
  });
  if (!member) return null;
  return {
    member: { id: member.id, name: `${member.firstName} ${member.lastName}`.trim(), email: member.email, handle: member.handle, createdAt: member.createdAt.toISOString() },
    projects: member.projects.map((p) => ({ id: p.project.id, name: p.project.name })),
    offers: member.offers.map((om) => ({
      offerId: om.offerId,
      offerMemberId: om.id,
      offerName: om.offer.name,
      status: om.status,
      currentStatus: om.codes.find((c) => c.current)?.status ?? null,
      // History (R20): the current code, a refresh under way, past codes (whose sales stay the member's), failed attempts.
      codes: om.codes.map((c) => ({
        code: c.code,
        current: c.current,
        role: c.current
          ? ("current" as const)
          : c.status === "PENDING" && c.replacesId
            ? ("refreshing" as const)
            : c.status === "FAILED"
              ? ("failed attempt" as const)
              : ("past" as const),
        status: c.status,
        startsAt: c.startsAt.toISOString(),
        endsAt: c.endsAt?.toISOString() ?? null,
        createdAt: c.createdAt.toISOString(),
        retiredAt: c.retiredAt?.toISOString() ?? null,
      })),
    })),
  };
}

/** A member of the shop, by id, with the name pages show; null when not the shop's. */
export async function findMemberName(db: PrismaClient, shop: string, memberId: string) {
  const member = await db.member.findFirst({ where: { id: memberId, shop }, select: { id: true, firstName: true, lastName: true } });
  return member ? { id: member.id, name: `${member.firstName} ${member.lastName}`.trim() } : null;
}
