// Many rows written in one statement (R33, R38: bulk work must not be slowed by the app's own writes).
// Prisma's createMany costs about a millisecond a row through the driver adapters (each row is
// built and bound in JS, and SQLite's parameter cap keeps chunks small); a bulk action writes
// thousands of rows (5,000 sync operations for 1,000 members in 5 stores). Here the rows travel
// as ONE JSON parameter and the database unpacks them: SQLite's json_each, PostgreSQL's
// json_array_elements. Values are stored exactly as Prisma stores them (SQLite DateTime as
// "YYYY-MM-DDTHH:MM:SS.sss+00:00" text, booleans as 0/1; PostgreSQL timestamp(3) in UTC), so
// rows written here read back through Prisma like any other. The one module for such writes
// (decisions 017 and 161): the outbox, the sync settlement, bulk codes, conversions, the webhook inbox.
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@prisma/client";
import { databaseUrl, providerOf } from "../../prisma/database-url";

export type ColumnType = "text" | "int" | "float" | "bool" | "timestamp";
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
    case "float":
      return Number(value);
    case "text":
      return String(value);
  }
}

const PG_TYPE: Record<ColumnType, string> = { text: "text", int: "integer", float: "double precision", bool: "boolean", timestamp: "timestamp(3)" };

const isSqlite = () => providerOf(databaseUrl()) === "sqlite";

/** Whether the app's database is PostgreSQL (SQL that differs: JSON functions, row locks). */
export const postgres = () => !isSqlite();

/**
 * `"column" IN (…the strings of a JSON array…)`, for a list of any length as one bound parameter;
 * `alias` qualifies the column (`p."id"`) in a statement that names its tables.
 */
export function inJsonList(column: string, values: string[], alias?: string): Prisma.Sql {
  const json = JSON.stringify(values);
  const col = Prisma.raw(`${alias ? `${alias}.` : ""}"${column}"`);
  return postgres()
    ? // An array computed once and matched through the column's index: written as an IN over the
      // set-returning function, PostgreSQL re-ran the subquery per row in UPDATEs (decision 018).
      Prisma.sql`${col} = ANY(ARRAY(SELECT json_array_elements_text(${json}::json)))`
    : Prisma.sql`${col} IN (SELECT value FROM json_each(${json}))`;
}

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
  // The rows come first, as a MATERIALIZED table: each of them then finds its row through the
  // table's index on the key. Written as `UPDATE … FROM (SELECT … FROM json_each(?))`, SQLite
  // scanned the table (or an index on a `where` column) and re-read the JSON for every row it
  // met: 250 rows into a store's 1,000 codes cost 130 ms instead of a few.
  const rowsAt = params.length;
  const rowsTable = jsonTable(columns, sqlite, bind(null));
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
  const wheres = [`"${table}"."${key}" = v."${key}"`, ...Object.entries(also.where ?? {}).map(([c, value]) => `"${table}"."${c}" = ${bind(value)}`)];
  const sql = `WITH v AS MATERIALIZED (${rowsTable}) UPDATE "${table}" SET ${sets.join(", ")} FROM v WHERE ${wheres.join(" AND ")}`;
  let updated = 0;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    params[rowsAt] = JSON.stringify(rows.slice(i, i + ROWS_PER_STATEMENT).map((row) => row.map((v, c) => cellFor(v, types[c]!, sqlite))));
    updated += await db.$executeRawUnsafe(sql, ...params);
  }
  return updated;
}

/** What to do with a row that hits a unique key: skip it, and return a column of the rows written. */
export interface OnConflict {
  /** The unique key's columns: a row that would duplicate it is left out (ON CONFLICT DO NOTHING). */
  conflict: string[];
  /** The column whose values come back, for the rows actually written. */
  returning: string;
}

/**
 * Inserts `rows` into `table`; `columns` names each column and its type, in the order the rows
 * give their values. Returns the number of rows written; with `onConflict`, rows that hit its
 * unique key are skipped and the `returning` column of the rows written comes back instead.
 */
export function insertRows(db: PrismaClient | Prisma.TransactionClient, table: string, columns: Record<string, ColumnType>, rows: Cell[][]): Promise<number>;
export function insertRows(
  db: PrismaClient | Prisma.TransactionClient,
  table: string,
  columns: Record<string, ColumnType>,
  rows: Cell[][],
  onConflict: OnConflict,
): Promise<string[]>;
export async function insertRows(
  db: PrismaClient | Prisma.TransactionClient,
  table: string,
  columns: Record<string, ColumnType>,
  rows: Cell[][],
  onConflict?: OnConflict,
): Promise<number | string[]> {
  const returned: string[] = [];
  if (!rows.length) return onConflict ? returned : 0;
  const sqlite = isSqlite();
  const types = Object.values(columns);
  const q = (name: string) => `"${name}"`;
  const list = Object.keys(columns).map(q).join(", ");
  // WHERE true: SQLite's parser needs it between a SELECT and ON CONFLICT.
  const tail = onConflict ? `${sqlite ? " WHERE true" : ""} ON CONFLICT (${onConflict.conflict.map(q).join(", ")}) DO NOTHING RETURNING ${q(onConflict.returning)} AS "value"` : "";
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
    const sql = `INSERT INTO "${table}" (${list}) SELECT ${select.join(", ")} FROM ${sqlite ? `json_each(${json})` : `json_array_elements(${json})`}${tail}`;
    params.push(JSON.stringify(part.map((row) => varying.map((c) => row[c]!))));
    if (onConflict) for (const r of await db.$queryRawUnsafe<{ value: string }[]>(sql, ...params)) returned.push(r.value);
    else written += await db.$executeRawUnsafe(sql, ...params);
  }
  return onConflict ? returned : written;
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

/** A record's values in the order of `columns` (absent values as null), for insertRows and updateRows. */
export function rowOf(columns: Record<string, ColumnType>, record: Record<string, unknown>): Cell[] {
  return Object.keys(columns).map((c) => (record[c] ?? null) as Cell);
}

/** A value as a bound parameter, cast on PostgreSQL (whose parameters arrive untyped as text). */
function bindValue(value: Exclude<Cell, null>, sqlite: boolean, bind: (v: string | number | null) => string): string {
  if (value instanceof Date) return `${bind(cellFor(value, "timestamp", sqlite))}${sqlite ? "" : "::timestamp(3)"}`;
  if (typeof value === "boolean") return `${bind(cellFor(value, "bool", sqlite))}${sqlite ? "" : "::boolean"}`;
  if (typeof value === "number") return `${bind(value)}${sqlite ? "" : "::integer"}`;
  return bind(value);
}

/**
 * `UPDATE table SET … WHERE column IN (values) AND …`, the values travelling as ONE JSON parameter
 * (a Prisma `updateMany` with `{ in: [...] }` binds, renders and compiles one parameter per value:
 * most of the CPU a bulk action spends settling thousands of rows). `set` and `where` take plain
 * values (null in `where` means IS NULL). `updatedAt` is not set implicitly: pass it in `set` for
 * models with `@updatedAt`. With `returning`, the updated rows' values of that column are returned
 * (every row updated, in one statement); otherwise an empty array, after the update. `condition`
 * is a further SQL condition (it may name the table, e.g. in an EXISTS), its values bound through
 * the function it is given; a `set` value may be `{ sql }` (e.g. `"attempts" + 1`).
 */
export async function updateWhereIn(
  db: PrismaClient | Prisma.TransactionClient,
  table: string,
  column: string,
  values: string[],
  change: {
    set: Record<string, Cell | { sql: string }>;
    where?: Record<string, Cell>;
    condition?: string | ((bind: (value: Exclude<Cell, null>) => string) => string);
    returning?: string;
  },
): Promise<string[]> {
  if (!values.length) return [];
  const sqlite = isSqlite();
  const params: (string | number | null)[] = [];
  const bind = (value: string | number | null) => (params.push(value), sqlite ? "?" : `$${params.length}`);
  // The keys come first, as a MATERIALIZED table joined on the column's index (as in updateRows):
  // PostgreSQL ran `column IN (SELECT json_array_elements_text(…))` as a subplan per row (16 s for
  // 5,000 keys), SQLite scanned.
  const listAt = params.length;
  const keys = sqlite ? `SELECT value AS k FROM json_each(${bind(null)})` : `SELECT json_array_elements_text(${bind(null)}::json) AS k`;
  const sets = Object.entries(change.set).map(
    ([c, value]) => `"${c}" = ${value === null ? "NULL" : typeof value === "object" && "sql" in value ? value.sql : bindValue(value, sqlite, bind)}`,
  );
  const wheres = [
    `"${table}"."${column}" = v.k`,
    ...Object.entries(change.where ?? {}).map(([c, value]) => (value === null ? `"${table}"."${c}" IS NULL` : `"${table}"."${c}" = ${bindValue(value, sqlite, bind)}`)),
    ...(change.condition ? [`(${typeof change.condition === "string" ? change.condition : change.condition((value) => bindValue(value, sqlite, bind))})`] : []),
  ];
  const sql = `WITH v AS MATERIALIZED (${keys}) UPDATE "${table}" SET ${sets.join(", ")} FROM v WHERE ${wheres.join(" AND ")}${change.returning ? ` RETURNING "${table}"."${change.returning}" AS "v"` : ""}`;
  const out: string[] = [];
  for (let i = 0; i < values.length; i += ROWS_PER_STATEMENT) {
    params[listAt] = JSON.stringify(values.slice(i, i + ROWS_PER_STATEMENT));
    if (change.returning) out.push(...(await db.$queryRawUnsafe<{ v: string }[]>(sql, ...params)).map((r) => r.v));
    else await db.$executeRawUnsafe(sql, ...params);
  }
  return out;
}
