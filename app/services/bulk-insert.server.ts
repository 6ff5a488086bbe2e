// Multi-row INSERTs for bulk writes (issue 17: 100,000 codes stored in < 2 s). Prisma's createMany
// needs small chunks here (it binds every column of every row, and the app keeps under SQLite's
// old 999-parameter cap): 100,000 codes, their store states and operations were 3,750 statements.
// Binding one parameter per value was no better: the driver adapter converts each argument (4.5 s
// for 10,000 rows of 10 values on a loaded 2-core machine). So each statement binds ONE parameter,
// a JSON array of rows, and the database unpacks it (SQLite json_each, PostgreSQL
// json_array_elements): 10,000 rows in a third of that time. Values are bound, never spliced;
// table and column names are the caller's constants.
import type { Prisma } from "@prisma/client";
import { databaseUrl, providerOf } from "../../prisma/database-url";

type Tx = Prisma.TransactionClient;
export type Cell = string | number | Date | null;
/** How a column's JSON value becomes the column's type. */
export type ColumnType = "text" | "int" | "timestamp";
export type Columns = readonly (readonly [name: string, type: ColumnType])[];

const ROWS_PER_STATEMENT = 5_000;

/**
 * A Date as each engine stores it through Prisma: SQLite keeps text in Prisma's own format
 * (`2026-11-28T00:20:32.222+00:00`; dates are compared as text, so the format must be the same),
 * PostgreSQL a timestamp(3) in UTC.
 */
function encode(value: Cell, postgres: boolean): string | number | null {
  if (value instanceof Date) return postgres ? value.toISOString() : value.toISOString().replace("Z", "+00:00");
  return value;
}

/** Inserts `rows` (each in `columns` order) into `table`, ROWS_PER_STATEMENT rows per statement. */
export async function insertRows(tx: Tx, table: string, columns: Columns, rows: readonly Cell[][]): Promise<void> {
  if (!rows.length) return;
  const postgres = providerOf(databaseUrl()) === "postgresql";
  const names = columns.map(([name]) => `"${name}"`).join(", ");
  const values = postgres
    ? columns.map(([, type], i) => (type === "text" ? `e->>${i}` : type === "int" ? `(e->>${i})::integer` : `(e->>${i})::timestamp(3)`)).join(", ")
    : columns.map(([, type], i) => (type === "int" ? `CAST(value->>${i} AS INTEGER)` : `value->>${i}`)).join(", ");
  const sql = postgres
    ? `INSERT INTO "${table}" (${names}) SELECT ${values} FROM json_array_elements($1::json) AS e`
    : `INSERT INTO "${table}" (${names}) SELECT ${values} FROM json_each(?)`;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const part = rows.slice(start, start + ROWS_PER_STATEMENT);
    for (const row of part) if (row.length !== columns.length) throw new Error(`insertRows(${table}): a row has ${row.length} values for ${columns.length} columns`);
    await tx.$executeRawUnsafe(sql, JSON.stringify(part.map((row) => row.map((v) => encode(v, postgres)))));
  }
}
