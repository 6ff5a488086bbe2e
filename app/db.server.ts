import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseUrl, pgSettings, providerOf, sqlitePath } from "../prisma/database-url";

// Prisma always runs through a driver adapter (no Rust query engine): better-sqlite3 for the
// embedded default, pg for PostgreSQL. The generated client matches DATABASE_URL's provider.
export function createPrismaClient(url = databaseUrl()): PrismaClient {
  const adapter = providerOf(url) === "postgresql" ? new PrismaPg({ ...pgSettings(url), max: 10 }) : new PrismaBetterSQLite3({ url: `file:${sqlitePath(url)}` });
  return new PrismaClient({ adapter });
}

declare global {
  var __prisma: PrismaClient | undefined;
}

// One client per process (kept across Vite's dev reloads).
const prisma: PrismaClient = globalThis.__prisma ?? (globalThis.__prisma = createPrismaClient());
export default prisma;
