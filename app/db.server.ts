import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseUrl, pgSettings, providerOf, sqlitePath } from "../prisma/database-url";

// Prisma always runs through a driver adapter (no Rust query engine): better-sqlite3 for the
// embedded default, pg for PostgreSQL. The generated client matches DATABASE_URL's provider.
// SQLite has one writer at a time: a statement that finds the database locked waits up to
// SQLITE_BUSY_MS (better-sqlite3's `timeout`, 5 s by default) before failing with P1008
// "Operation has timed out". The background jobs (sync, webhooks, drift, leak sweep) write in
// batches, and on a loaded machine a batch can hold the lock for seconds; 30 s keeps a page or
// a script (the demo's seed) waiting for its turn instead of failing.
const SQLITE_BUSY_MS = 30_000;
export function createPrismaClient(url = databaseUrl()): PrismaClient {
  const adapter =
    providerOf(url) === "postgresql" ? new PrismaPg({ ...pgSettings(url), max: 10 }) : new PrismaBetterSQLite3({ url: `file:${sqlitePath(url)}`, timeout: SQLITE_BUSY_MS });
  return new PrismaClient({ adapter });
}

declare global {
  var __prisma: PrismaClient | undefined;
}

// One client per process (kept across Vite's dev reloads).
const prisma: PrismaClient = globalThis.__prisma ?? (globalThis.__prisma = createPrismaClient());
export default prisma;
