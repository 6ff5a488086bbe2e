// Hot read paths (issue #15: pages at 10,000 members and 100,000 conversions under 150 ms p95) in
// plain SQL through $queryRaw. Every Prisma model call costs ~10 ms of CPU on its own with the
// client engine (the query is compiled in wasm on every call, no plan cache in Prisma 6), and the
// dashboards used to read every conversion of the range into JS; a page's few statements here
// cost about 1 ms of CPU each and aggregate in the database. Both databases: SQLite stores
// DateTime as "YYYY-MM-DDTHH:MM:SS.sss+00:00" text and booleans as 0/1; PostgreSQL timestamp(3)
// (UTC) and boolean. Table and column names are constants of ours, never input.
import { Prisma } from "@prisma/client";
import { databaseUrl, providerOf } from "../../prisma/database-url";

export const isSqlite = () => providerOf(databaseUrl()) === "sqlite";

/** A DateTime bound as a parameter, compared with a column as Prisma stores it. */
export function timestampParam(d: Date): Prisma.Sql {
  return isSqlite() ? Prisma.sql`${d.toISOString().replace("Z", "+00:00")}` : Prisma.sql`CAST(${d.toISOString()} AS timestamp(3))`;
}

/** The UTC calendar day (YYYY-MM-DD) of a DateTime column (`column` is a constant, e.g. `c."occurredAt"`). */
export function utcDayOf(column: string): Prisma.Sql {
  return Prisma.raw(isSqlite() ? `substr(${column}, 1, 10)` : `to_char(${column}, 'YYYY-MM-DD')`);
}

/** A DateTime read through $queryRaw (SQLite gives its text, PostgreSQL a Date). */
export function dateOf(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

/** A count or sum read through $queryRaw (PostgreSQL's bigint, SQLite's number). */
export function num(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** `contains` as Prisma runs it (LIKE '%q%', SQLite case-insensitive for ASCII), with % and _ taken literally. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
