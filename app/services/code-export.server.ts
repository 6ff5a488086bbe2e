// "Export codes" (R19, issue 17): any offer's codes, and a project's members with their codes, as
// CSV streamed page by page (csv-stringify): the database is read in pages of EXPORT_PAGE rows
// and each page is written out before the next is read, so 100,000 codes never sit in memory at
// once. Every text cell goes through the one CSV neutraliser (app/domain/csv/neutralise.ts).
import { Readable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { Prisma, type PrismaClient } from "@prisma/client";
import { neutraliseCell } from "~/domain/csv/neutralise";
import { inJsonList } from "./bulk-rows.server";

export const EXPORT_PAGE = 2_000;

export const OFFER_CODE_COLUMNS = ["code", "kind", "member", "member_email", "status", "stores", "created_at", "starts_at", "ends_at", "usage_count"] as const;
export const PROJECT_MEMBER_COLUMNS = ["first_name", "last_name", "email", "handle", "offer", "code", "code_status", "stores", "created_at", "usage_count"] as const;

type Row = Record<string, string | number>;

/**
 * CSV bytes for the rows of `pages`, with a header: each page becomes one chunk (csv-stringify
 * per page, decision 111), read from the pages only as the reader asks (backpressure).
 */
export function csvStream(columns: readonly string[], pages: AsyncIterable<Row[]>): ReadableStream<Uint8Array> {
  const options = { columns: [...columns] };
  async function* chunks() {
    // The BOM tells spreadsheet programs the file is UTF-8.
    yield Buffer.from(`\uFEFF${stringify([[...columns]])}`, "utf8");
    for await (const page of pages) if (page.length) yield Buffer.from(stringify(page, options), "utf8");
  }
  const readable = Readable.from(chunks(), { objectMode: false });
  readable.on("error", (error) => console.error("csv export failed", error));
  return Readable.toWeb(readable) as ReadableStream<Uint8Array>;
}

const iso = (d: Date | string | null) => (d === null ? "" : (d instanceof Date ? d : new Date(d)).toISOString());

/** `iso` that remembers its last answer (a column whose rows mostly repeat one value). */
function lastIso(): (d: Date | string | null) => string {
  let last: Date | string | null = null;
  let answer = "";
  return (d) => {
    if (d === null) return "";
    if (d instanceof Date ? !(last instanceof Date) || last.getTime() !== d.getTime() : d !== last) {
      last = d;
      answer = iso(d);
    }
    return answer;
  };
}

type StoreState = { promoCodeId: string; store: string; state: string };

/** "us-store.myshopify.com; ca-store.myshopify.com (failed)": where the code is, and how. */
function storesCell(states: StoreState[]): string {
  return states.map((s) => (s.state === "SYNCED" ? s.store : `${s.store} (${s.state.toLowerCase()})`)).join("; ");
}

interface CodeRow {
  id: string;
  offerId: string;
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
  stores: string | null;
}

/**
 * The offer's codes (members', bulk, group code) in id order; null when not this shop's. The ids
 * are read once (one indexed query, ~5 MB for 100,000), then each page is looked up by its ids
 * (primary key and the StoreCode (promoCodeId, store) index): every page costs the same however
 * large the offer, where a keyset page `offerId = ? AND id > ?` cost SQLite a scan of the
 * offer's codes (decision 111). The usage counts are one grouped query for the offer.
 */
export async function offerCodesCsv(db: PrismaClient, shop: string, offerId: string): Promise<{ filename: string; body: ReadableStream<Uint8Array> } | null> {
  const offer = await db.offer.findFirst({ where: { id: offerId, shop }, select: { id: true, name: true, kind: true } });
  if (!offer) return null;
  const kind = offer.kind;
  // A batch's codes share their dates: each column converts a repeated value once.
  const [createdAt, startsAt, endsAt] = [lastIso(), lastIso(), lastIso()];
  async function* pages(): AsyncIterable<Row[]> {
    const ids = (await db.$queryRaw<{ id: string }[]>`SELECT "id" FROM "PromoCode" WHERE "offerId" = ${offerId} ORDER BY "id"`).map((r) => r.id);
    const usage = await usageIn(db, Prisma.sql`c."offerId" = ${offerId}`);
    for (let i = 0; i < ids.length; i += EXPORT_PAGE) {
      const page = ids.slice(i, i + EXPORT_PAGE);
      // One row per code: its stores as one cell, aggregated by the database (SQLite ≥ 3.44 and
      // PostgreSQL both have string_agg with ORDER BY) through the (promoCodeId, store) index.
      const codes = await db.$queryRaw<CodeRow[]>`
        SELECT p."id", p."offerId", p."code", p."status", p."batchId", p."memberId", p."createdAt", p."startsAt", p."endsAt", m."firstName", m."lastName", m."email",
          (SELECT string_agg(CASE WHEN s."state" = 'SYNCED' THEN s."store" ELSE s."store" || ' (' || lower(s."state") || ')' END, '; ' ORDER BY s."store")
           FROM "StoreCode" s WHERE s."promoCodeId" = p."id") AS "stores"
        FROM "PromoCode" p LEFT JOIN "Member" m ON m."id" = p."memberId"
        WHERE ${inJsonList("id", page, "p")}
        ORDER BY p."id"`;
      yield codes
        .filter((c) => c.offerId === offerId)
        .map((c) => ({
          code: neutraliseCell(c.code),
          kind: kind === "GROUP_CODE" ? "group" : c.memberId ? "member" : c.batchId ? "bulk" : "other",
          member: neutraliseCell(c.firstName === null ? "" : `${c.firstName} ${c.lastName ?? ""}`.trim()),
          member_email: neutraliseCell(c.email),
          status: c.status.toLowerCase(),
          stores: neutraliseCell(c.stores ?? ""),
          created_at: createdAt(c.createdAt),
          starts_at: startsAt(c.startsAt),
          ends_at: endsAt(c.endsAt),
          usage_count: usage.get(c.id) ?? 0,
        }));
    }
  }
  return { filename: fileName(offer.name, "codes"), body: csvStream(OFFER_CODE_COLUMNS, pages()) };
}

/** The store states of these codes, by code, each code's in store order. */
async function storeStatesOf(db: PrismaClient, promoCodeIds: string[]): Promise<Map<string, StoreState[]>> {
  const byCode = new Map<string, StoreState[]>();
  if (!promoCodeIds.length) return byCode;
  const states = await db.$queryRaw<StoreState[]>`
    SELECT s."promoCodeId", s."store", s."state" FROM "StoreCode" s
    WHERE ${inJsonList("promoCodeId", promoCodeIds, "s")} ORDER BY s."promoCodeId", s."store"`;
  for (const s of states) {
    const list = byCode.get(s.promoCodeId);
    if (list) list.push(s);
    else byCode.set(s.promoCodeId, [s]);
  }
  return byCode;
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
      const statesOf = await storeStatesOf(db, ids);
      const usage = ids.length ? await usageIn(db, Prisma.sql`c."shop" = ${shop} AND c."memberId" >= ${first} AND c."memberId" <= ${last}`) : new Map<string, number>();
      const codesOf = new Map<string, typeof codes>();
      for (const c of codes) codesOf.set(c.memberId, [...(codesOf.get(c.memberId) ?? []), c]);
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
