// "Export codes" (R19, issue 17): any offer's codes, and a project's members with their codes, as
// CSV streamed row by row (csv-stringify): the database is read in keyset pages of EXPORT_PAGE rows
// and each page is written out before the next is read, so 100,000 codes never sit in memory at
// once. Every text cell goes through the one CSV neutraliser (app/domain/csv/neutralise.ts).
import { Readable, pipeline } from "node:stream";
import { stringify } from "csv-stringify";
import { Prisma, type PrismaClient } from "@prisma/client";
import { neutraliseCell } from "~/domain/csv/neutralise";

export const EXPORT_PAGE = 2_000;

export const OFFER_CODE_COLUMNS = ["code", "kind", "member", "member_email", "status", "stores", "created_at", "starts_at", "ends_at", "usage_count"] as const;
export const PROJECT_MEMBER_COLUMNS = ["first_name", "last_name", "email", "handle", "offer", "code", "code_status", "stores", "created_at", "usage_count"] as const;

type Row = Record<string, string | number>;

/** CSV bytes for the rows of `pages`, with a header; backpressure from the reader pauses the pages. */
export function csvStream(columns: readonly string[], pages: AsyncIterable<Row[]>): ReadableStream<Uint8Array> {
  async function* rows() {
    for await (const page of pages) yield* page;
  }
  const stringifier = stringify({ header: true, columns: [...columns], bom: true });
  pipeline(Readable.from(rows()), stringifier, (error) => {
    if (error) console.error("csv export failed", error);
  });
  return Readable.toWeb(stringifier) as ReadableStream<Uint8Array>;
}

const iso = (d: Date | string | null) => (d === null ? "" : (d instanceof Date ? d : new Date(d)).toISOString());

type StoreState = { promoCodeId: string; store: string; state: string };

/** "us-store.myshopify.com; ca-store.myshopify.com (failed)": where the code is, and how. */
function storesCell(states: StoreState[]): string {
  return states.map((s) => (s.state === "SYNCED" ? s.store : `${s.store} (${s.state.toLowerCase()})`)).join("; ");
}

interface CodeRow {
  id: string;
  code: string;
  status: string;
  batchId: string | null;
  memberId: string | null;
  createdAt: Date | string;
  startsAt: Date | string;
  endsAt: Date | string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
}

/** The offer's codes (members', bulk, group code), oldest first by id pages; null when not this shop's. */
export async function offerCodesCsv(db: PrismaClient, shop: string, offerId: string): Promise<{ filename: string; body: ReadableStream<Uint8Array> } | null> {
  const offer = await db.offer.findFirst({ where: { id: offerId, shop }, select: { id: true, name: true, kind: true } });
  if (!offer) return null;
  async function* pages(): AsyncIterable<Row[]> {
    let after = "";
    for (;;) {
      const codes = await db.$queryRaw<CodeRow[]>`
        SELECT p."id", p."code", p."status", p."batchId", p."memberId", p."createdAt", p."startsAt", p."endsAt", m."firstName", m."lastName", m."email"
        FROM "PromoCode" p LEFT JOIN "Member" m ON m."id" = p."memberId"
        WHERE p."offerId" = ${offer!.id} AND p."id" > ${after}
        ORDER BY p."id" LIMIT ${EXPORT_PAGE}`;
      if (!codes.length) return;
      const first = codes[0]!.id;
      const last = codes[codes.length - 1]!.id;
      const [states, usage] = await Promise.all([
        db.$queryRaw<StoreState[]>`
          SELECT s."promoCodeId", s."store", s."state" FROM "StoreCode" s JOIN "PromoCode" p ON p."id" = s."promoCodeId"
          WHERE p."offerId" = ${offer!.id} AND p."id" >= ${first} AND p."id" <= ${last} ORDER BY s."store"`,
        usageIn(db, Prisma.sql`c."offerId" = ${offer!.id} AND c."promoCodeId" >= ${first} AND c."promoCodeId" <= ${last}`),
      ]);
      const byCode = new Map<string, StoreState[]>();
      for (const s of states) byCode.set(s.promoCodeId, [...(byCode.get(s.promoCodeId) ?? []), s]);
      yield codes.map((c) => ({
        code: neutraliseCell(c.code),
        kind: offer!.kind === "GROUP_CODE" ? "group" : c.memberId ? "member" : c.batchId ? "bulk" : "other",
        member: neutraliseCell(c.firstName === null ? "" : `${c.firstName} ${c.lastName ?? ""}`.trim()),
        member_email: neutraliseCell(c.email),
        status: c.status.toLowerCase(),
        stores: neutraliseCell(storesCell(byCode.get(c.id) ?? [])),
        created_at: iso(c.createdAt),
        starts_at: iso(c.startsAt),
        ends_at: iso(c.endsAt),
        usage_count: usage.get(c.id) ?? 0,
      }));
      after = last;
    }
  }
  return { filename: fileName(offer.name, "codes"), body: csvStream(OFFER_CODE_COLUMNS, pages()) };
}

/** Orders counted per code (conversions, R27): the usage the app knows from order webhooks. */
async function usageIn(db: PrismaClient, where: Prisma.Sql): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ promoCodeId: string; n: bigint | number }[]>`SELECT c."promoCodeId", COUNT(*) AS n FROM "Conversion" c WHERE ${where} GROUP BY c."promoCodeId"`;
  return new Map(rows.map((r) => [r.promoCodeId, Number(r.n)]));
}

interface MemberRow {
  memberId: string;
  firstName: string;
  lastName: string;
  email: string;
  handle: string;
}

/** A project's members with their current codes in every offer (one row per code; a member without codes gets one row). */
export async function projectMembersCsv(db: PrismaClient, shop: string, projectId: string): Promise<{ filename: string; body: ReadableStream<Uint8Array> } | null> {
  const project = await db.project.findFirst({ where: { id: projectId, shop }, select: { id: true, name: true } });
  if (!project) return null;
  async function* pages(): AsyncIterable<Row[]> {
    let after = "";
    for (;;) {
      const members = await db.$queryRaw<MemberRow[]>`
        SELECT m."id" AS "memberId", m."firstName", m."lastName", m."email", m."handle"
        FROM "ProjectMember" pm JOIN "Member" m ON m."id" = pm."memberId"
        WHERE pm."projectId" = ${project!.id} AND m."id" > ${after}
        ORDER BY m."id" LIMIT ${EXPORT_PAGE}`;
      if (!members.length) return;
      const first = members[0]!.memberId;
      const last = members[members.length - 1]!.memberId;
      const codes = await db.$queryRaw<{ id: string; memberId: string; code: string; status: string; createdAt: Date | string; offerName: string }[]>`
        SELECT p."id", p."memberId", p."code", p."status", p."createdAt", o."name" AS "offerName"
        FROM "PromoCode" p JOIN "Offer" o ON o."id" = p."offerId"
        WHERE p."shop" = ${shop} AND p."current" = ${true} AND p."memberId" >= ${first} AND p."memberId" <= ${last}
        ORDER BY p."memberId", p."createdAt"`;
      const ids = codes.map((c) => c.id);
      const states = ids.length
        ? await db.$queryRaw<
            StoreState[]
          >`SELECT s."promoCodeId", s."store", s."state" FROM "StoreCode" s JOIN "PromoCode" p ON p."id" = s."promoCodeId" WHERE p."shop" = ${shop} AND p."current" = ${true} AND p."memberId" >= ${first} AND p."memberId" <= ${last} ORDER BY s."store"`
        : [];
      const usage = ids.length ? await usageIn(db, Prisma.sql`c."shop" = ${shop} AND c."memberId" >= ${first} AND c."memberId" <= ${last}`) : new Map<string, number>();
      const codesOf = new Map<string, typeof codes>();
      for (const c of codes) codesOf.set(c.memberId, [...(codesOf.get(c.memberId) ?? []), c]);
      const statesOf = new Map<string, StoreState[]>();
      for (const s of states) statesOf.set(s.promoCodeId, [...(statesOf.get(s.promoCodeId) ?? []), s]);
      yield members.flatMap((m) => {
        const person = { first_name: neutraliseCell(m.firstName), last_name: neutraliseCell(m.lastName), email: neutraliseCell(m.email), handle: neutraliseCell(m.handle) };
        const mine = codesOf.get(m.memberId) ?? [];
        if (!mine.length) return [{ ...person, offer: "", code: "", code_status: "", stores: "", created_at: "", usage_count: "" } as Row];
        return mine.map((c): Row => ({
          ...person,
          offer: neutraliseCell(c.offerName),
          code: neutraliseCell(c.code),
          code_status: c.status.toLowerCase(),
          stores: neutraliseCell(storesCell(statesOf.get(c.id) ?? [])),
          created_at: iso(c.createdAt),
          usage_count: usage.get(c.id) ?? 0,
        }));
      });
      after = last;
    }
  }
  return { filename: fileName(project.name, "members"), body: csvStream(PROJECT_MEMBER_COLUMNS, pages()) };
}

/** A file name from a merchant's name: letters, digits and dashes only (no header injection). */
export function fileName(name: string, what: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[^\w-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60)
    .toLowerCase();
  return `${slug || "export"}-${what}.csv`;
}

/** The HTTP answer for an export: streamed, a download, never cached. */
export function csvResponse(file: { filename: string; body: ReadableStream<Uint8Array> }): Response {
  return new Response(file.body, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${file.filename}"`, "Cache-Control": "no-store" },
  });
}
