// Many rows written in one statement (R33, R38: bulk work must not be slowed by the app's own writes).
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

const isSqlite = () => providerOf(databaseUrl()) === "sqlite";

/** The rows as a derived table `v` with the given column names (one JSON parameter). */
function jsonTable(columns: Record<string, ColumnType>, sqlite: boolean, placeholder: string) {
  const types = Object.values(columns);
  const names = Object.keys(columns);
  return sqlite
    ? `SELECT ${types.map((_, i) => `json_extract(value, '$[${i}]') AS "${names[i]}"`).join(", ")} FROM json_each(${placeholder})`
    : `SELECT ${types.map((t, i) => `(value->>${i})::${PG_TYPE[t]} AS "${names[i]}"`).join(", ")} FROM json_array_elements(${placeholder}::json)`;
}

/**
 * Updates many rows of `table` in one statement, each with its own values: the first column of
 * `columns` is the key matched against the table's column of that name, the others are set from
 * each row. `where` narrows the rows further (column = value) and `set` adds values every row gets.
 * Returns the number of rows updated.
 */
export async function updateRows(
  db: PrismaClient | Prisma.TransactionClient,
  table: string,
  columns: Record<string, ColumnType>,
  rows: Cell[][],
  also: { where?: Record<string, string>; set?: Record<string, Cell> } = {},
): Promise<number> {
  if (!rows.length) return 0;
  const sqlite = isSqlite();
  const [key, ...valueColumns] = Object.keys(columns);
  const types = Object.values(columns);
  // Placeholders are numbered in the order they appear in the statement (SQLite's "?" is positional).
  const params: (string | number | null)[] = [];
  const bind = (value: string | number | null) => (params.push(value), sqlite ? "?" : `$${params.length}`);
  const sets = [
    ...valueColumns.map((c) => `"${c}" = v."${c}"`),
    ...Object.entries(also.set ?? {}).map(([c, value]) =>
      value === null
        ? `"${c}" = NULL`
        : value instanceof Date
          ? `"${c}" = ${bind(cellFor(value, "timestamp", sqlite))}${sqlite ? "" : "::timestamp(3)"}`
          : `"${c}" = ${bind(typeof value === "boolean" ? cellFor(value, "bool", sqlite) : value)}`,
    ),
  ];
  const rowsAt = params.length;
  const from = jsonTable(columns, sqlite, bind(null));
  const wheres = [`"${table}"."${key}" = v."${key}"`, ...Object.entries(also.where ?? {}).map(([c, value]) => `"${table}"."${c}" = ${bind(value)}`)];
  const sql = `UPDATE "${table}" SET ${sets.join(", ")} FROM (${from}) AS v WHERE ${wheres.join(" AND ")}`;
  let updated = 0;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    params[rowsAt] = JSON.stringify(rows.slice(i, i + ROWS_PER_STATEMENT).map((row) => row.map((v, c) => cellFor(v, types[c]!, sqlite))));
    updated += await db.$executeRawUnsafe(sql, ...params);
  }
  return updated;
}

/**
 * Inserts `rows` into `table`; `columns` names each column and its type, in the order the rows
 * give their values. Returns the number of rows written.
 */
export async function insertRows(db: PrismaClient | Prisma.TransactionClient, table: string, columns: Record<string, ColumnType>, rows: Cell[][]): Promise<number> {
  if (!rows.length) return 0;
  const sqlite = isSqlite();
  const types = Object.values(columns);
  const list = Object.keys(columns)
    .map((n) => `"${n}"`)
    .join(", ");
  let written = 0;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const part = rows.slice(i, i + ROWS_PER_STATEMENT).map((row) => row.map((v, c) => cellFor(v, types[c]!, sqlite)));
    // A column with one value in every row of the statement (the job, the shop, the action, the
    // time) is bound once instead of travelling in each row's JSON (decision 111).
    const first = part[0]!;
    const same = types.map((_, c) => part.every((row) => row[c] === first[c]));
    const params: (string | number | null)[] = [];
    const bind = (value: string | number | null, c: number) => (params.push(value), sqlite ? "?" : `$${params.length}::${PG_TYPE[types[c]!]}`);
    const varying = types.map((_, c) => c).filter((c) => !same[c]);
    const select = types.map((t, c) => {
      if (same[c]) return bind(first[c]!, c);
      const k = varying.indexOf(c);
      return sqlite ? `json_extract(value, '$[${k}]')` : `(value->>${k})::${PG_TYPE[t]}`;
    });
    const json = sqlite ? "?" : `$${params.length + 1}::json`;
    const sql = `INSERT INTO "${table}" (${list}) SELECT ${select.join(", ")} FROM ${sqlite ? `json_each(${json})` : `json_array_elements(${json})`}`;
    params.push(JSON.stringify(part.map((row) => varying.map((c) => row[c]!))));
    written += await db.$executeRawUnsafe(sql, ...params);
  }
  return written;
}

/** The most rows of one `insertValueRows` call: ids number them with 6 digits. */
export const MAX_VALUE_ROWS = 1_000_000;
const VALUE_ROWS_PER_STATEMENT = 25_000;

/** The id `insertValueRows` gives the row of `values[index]`. */
export const valueRowId = (idPrefix: string, index: number): string => `${idPrefix}${String(index).padStart(6, "0")}`;

/** A prefix for `insertValueRows`' ids: newId()'s time, counter and 5 random characters (19); with the 6-digit index, 25 like a cuid. */
export const valueRowIdPrefix = (): string => newId().slice(0, 19);

/**
 * One row per string of `values`, where every row has the same values except its id and the
 * columns that take the string (`valueColumns`, e.g. a code and its key): only the strings travel
 * (one JSON array of strings per 25,000 rows), the constants are bound once, and the ids are made
 * by the database as `idPrefix` + the string's position (`valueRowId`), so the caller knows them
 * without reading back and they sort in the strings' order. 100,000 bulk codes are 1.7 MB of JSON
 * this way, against 20 MB as `insertRows` rows (each byte also crosses Prisma's query compiler).
 * Returns the number of rows written.
 */
export async function insertValueRows(
  db: PrismaClient | Prisma.TransactionClient,
  table: string,
  spec: { idColumn?: string; idPrefix: string; valueColumns: string[]; constants: Record<string, { type: ColumnType; value: Cell }> },
  values: string[],
): Promise<number> {
  if (!values.length) return 0;
  if (values.length > MAX_VALUE_ROWS) throw new Error(`insertValueRows: at most ${MAX_VALUE_ROWS} rows`);
  const sqlite = isSqlite();
  const constants = Object.entries(spec.constants);
  const names = [spec.idColumn ?? "id", ...spec.valueColumns, ...constants.map(([name]) => name)].map((n) => `"${n}"`).join(", ");
  const params: (string | number | null)[] = [];
  const bind = (value: string | number | null, pgType: string) => (params.push(value), sqlite ? "?" : `$${params.length}::${pgType}`);
  // The same order of placeholders in both dialects (SQLite's "?" is positional).
  const prefix = bind(spec.idPrefix, "text");
  const offset = bind(0, "integer");
  const offsetAt = params.length - 1;
  const id = sqlite ? `${prefix} || printf('%06d', j.key + ${offset})` : `${prefix} || lpad((j.n - 1 + ${offset})::text, 6, '0')`;
  const cells = constants.map(([, c]) => bind(cellFor(c.value, c.type, sqlite), PG_TYPE[c.type]));
  const valuesAt = params.length;
  const json = bind(null, "json");
  const select = [id, ...spec.valueColumns.map(() => "j.value"), ...cells].join(", ");
  const sql = sqlite
    ? `INSERT INTO "${table}" (${names}) SELECT ${select} FROM json_each(${json}) AS j`
    : `INSERT INTO "${table}" (${names}) SELECT ${select} FROM json_array_elements_text(${json}) WITH ORDINALITY AS j(value, n)`;
  let written = 0;
  for (let i = 0; i < values.length; i += VALUE_ROWS_PER_STATEMENT) {
    params[offsetAt] = i;
    params[valuesAt] = JSON.stringify(values.slice(i, i + VALUE_ROWS_PER_STATEMENT));
    written += await db.$executeRawUnsafe(sql, ...params);
  }
  return written;
}
