// Many rows in one INSERT with one bound parameter: the rows as a JSON array, expanded by the
// database (SQLite's json_each, PostgreSQL's json_to_recordset). Prisma's raw queries cost about
// a millisecond per 20 bound parameters on this path (40 conversions × 24 columns took ~50 ms);
// one parameter costs next to nothing. Used where a worker writes a batch at a time
// (docs/decisions/161). ON CONFLICT DO NOTHING: a row already there is left as it is, and only the
// rows written come back.
import { Prisma, type PrismaClient } from "@prisma/client";
import { databaseUrl, providerOf } from "../../prisma/database-url";

export type ColumnType = "text" | "int" | "float" | "bool" | "timestamp";

const PG_TYPES: Record<ColumnType, string> = { text: "text", int: "integer", float: "double precision", bool: "boolean", timestamp: "timestamp(3)" };

/** A DateTime as Prisma's SQLite adapter stores it (ISO, "+00:00"), or as PostgreSQL reads it into timestamp(3) (UTC). */
const sqliteTime = (d: Date) => d.toISOString().replace("Z", "+00:00");

/** Whether the app's database is PostgreSQL (SQL that differs: JSON functions, row locks). */
export const postgres = () => providerOf(databaseUrl()) === "postgresql";

/** `"column" IN (…the strings of a JSON array…)`, for a list of any length as one bound parameter. */
export function inJsonList(column: string, values: string[]): Prisma.Sql {
  const json = JSON.stringify(values);
  return postgres()
    ? Prisma.sql`${Prisma.raw(`"${column}"`)} IN (SELECT json_array_elements_text(${json}::json))`
    : Prisma.sql`${Prisma.raw(`"${column}"`)} IN (SELECT value FROM json_each(${json}))`;
}

/**
 * Inserts `rows` into `table` (columns as declared, in `columns`' order), skipping any that hit
 * the unique key `conflict`. Returns the `returning` column of the rows written.
 */
export async function insertRows<C extends string>(
  db: PrismaClient,
  input: { table: string; columns: Record<C, ColumnType>; rows: Record<NoInfer<C>, unknown>[]; conflict: NoInfer<C>[]; returning: NoInfer<C> },
): Promise<string[]> {
  if (!input.rows.length) return [];
  const names = Object.keys(input.columns) as C[];
  const q = (name: string) => `"${name}"`;
  const pg = postgres();
  const json = JSON.stringify(
    input.rows.map((row) =>
      Object.fromEntries(names.map((n) => [n, row[n] instanceof Date ? (pg ? (row[n] as Date).toISOString() : sqliteTime(row[n] as Date)) : (row[n] ?? null)])),
    ),
  );
  const head = `INSERT INTO ${q(input.table)} (${names.map(q).join(", ")})`;
  const tail = `ON CONFLICT (${input.conflict.map(q).join(", ")}) DO NOTHING RETURNING ${q(input.returning)} AS "value"`;
  const sql = pg
    ? `${head} SELECT ${names.map(q).join(", ")} FROM json_to_recordset($1::json) AS x(${names.map((n) => `${q(n)} ${PG_TYPES[input.columns[n]]}`).join(", ")}) ${tail}`
    : // WHERE true: SQLite's parser needs it between a SELECT and ON CONFLICT.
      `${head} SELECT ${names.map((n) => `json_extract(j.value, '$.${n}')`).join(", ")} FROM json_each(?) AS j WHERE true ${tail}`;
  const written = await db.$queryRawUnsafe<{ value: string }[]>(sql, json);
  return written.map((r) => r.value);
}
