// Many rows in one statement (R33, R38: bulk work must not be slowed by the app's own writes).
// Prisma's createMany costs about a millisecond a row through the driver adapters (each row is
// built and bound in JS, and SQLite's parameter cap keeps chunks small); a bulk action writes
// thousands of rows (5,000 sync operations for 1,000 members in 5 stores). Here the rows travel
// as ONE JSON parameter and the database unpacks them: SQLite's json_each, PostgreSQL's
// json_array_elements. Values are stored exactly as Prisma stores them (SQLite DateTime as
// "YYYY-MM-DDTHH:MM:SS.sss+00:00" text, booleans as 0/1; PostgreSQL timestamp(3) in UTC), so
// rows written here read back through Prisma like any other.
import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "@prisma/client";
import { databaseUrl, providerOf } from "../../prisma/database-url";

export type ColumnType = "text" | "int" | "bool" | "timestamp";
export type Cell = string | number | boolean | Date | null;

/** Rows per statement: a few hundred KB of JSON, well within both databases' limits. */
export const ROWS_PER_STATEMENT = 5000;

let counter = 0;
/** A collision-resistant id that sorts by creation time, like Prisma's cuid() (a "c" and 24 more). */
export function newId(): string {
  counter = (counter + 1) % 36 ** 4;
  return `c${Date.now().toString(36).padStart(9, "0")}${counter.toString(36).padStart(4, "0")}${randomUUID().replace(/-/g, "").slice(0, 11)}`;
}

/** How SQLite stores a DateTime written by Prisma. */
const sqliteDate = (d: Date) => d.toISOString().replace("Z", "+00:00");

function cellFor(value: Cell, type: ColumnType, sqlite: boolean): string | number | null {
  if (value === null) return null;
  switch (type) {
    case "timestamp":
      return sqlite ? sqliteDate(value as Date) : (value as Date).toISOString();
    case "bool":
      return sqlite ? (value ? 1 : 0) : value ? "true" : "false";
    case "int":
      return Number(value);
    case "text":
      return String(value);
  }
}

const PG_TYPE: Record<ColumnType, string> = { text: "text", int: "integer", bool: "boolean", timestamp: "timestamp(3)" };

/**
 * Inserts `rows` into `table`; `columns` names each column and its type, in the order the rows
 * give their values. Returns the number of rows written.
 */
export async function insertRows(db: PrismaClient | Prisma.TransactionClient, table: string, columns: Record<string, ColumnType>, rows: Cell[][]): Promise<number> {
  if (!rows.length) return 0;
  const sqlite = providerOf(databaseUrl()) === "sqlite";
  const names = Object.keys(columns);
  const types = Object.values(columns);
  const list = names.map((n) => `"${n}"`).join(", ");
  const select = sqlite
    ? types.map((_, i) => `json_extract(value, '$[${i}]')`).join(", ")
    : types.map((t, i) => `(value->>${i})::${PG_TYPE[t]}`).join(", ");
  const sql = sqlite
    ? `INSERT INTO "${table}" (${list}) SELECT ${select} FROM json_each(?)`
    : `INSERT INTO "${table}" (${list}) SELECT ${select} FROM json_array_elements($1::json)`;
  let written = 0;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const part = rows.slice(i, i + ROWS_PER_STATEMENT).map((row) => row.map((v, c) => cellFor(v, types[c]!, sqlite)));
    written += await db.$executeRawUnsafe(sql, JSON.stringify(part));
  }
  return written;
}
