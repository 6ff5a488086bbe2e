// Prisma CLI configuration: the WebAssembly schema engine driven through a JS driver adapter,
// so no Rust engine is ever downloaded (see docs/decisions/002-prisma-without-engines.md).
import path from "node:path";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { defineConfig } from "prisma/config";
import { databaseUrl, providerOf, pgSettings, sqlitePath } from "./prisma/database-url";

const url = databaseUrl();
process.env.DATABASE_URL = url; // Prisma silently falls back to downloading an engine without it
const provider = providerOf(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", provider),
  migrations: { path: path.join("prisma", provider, "migrations") },
  adapter: async () => (provider === "postgresql" ? cliPgAdapter(url) : cliSqliteAdapter(url)),
});

async function cliSqliteAdapter(url: string) {
  const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
  // A file-backed shadow database, removed when the CLI exits.
  const shadow = path.join(path.dirname(sqlitePath(url)), `shadow-${process.pid}.sqlite`);
  process.on("exit", () => {
    for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(shadow + suffix, { force: true });
  });
  const factory = new PrismaBetterSQLite3({ url: `file:${sqlitePath(url)}` }, { shadowDatabaseUrl: `file:${shadow}` });
  // The engine replays each migration on the shadow database through executeRaw, which
  // better-sqlite3 prepares as a single statement; run argument-less SQL as a script instead.
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connectToShadowDb = async () => {
    const conn = await connectToShadowDb();
    const executeRaw = conn.executeRaw.bind(conn);
    conn.executeRaw = async (query) => {
      if (query.args.length > 0) return executeRaw(query);
      await conn.executeScript(query.sql);
      return 0;
    };
    return conn;
  };
  return factory;
}

// Three workarounds for the wasm engine on PostgreSQL in Prisma 6.19 (CLI process only):
// 1. catalog columns of type name/"char" (OIDs 19/18, arrays 1003/1002) are reported as text
//    (prisma/orm#27403); 2. the shadow database is dropped only after its pool is closed;
//    3. pools let the process exit when idle instead of idling on a 10 s timer.
async function cliPgAdapter(url: string) {
  const require = createRequire(import.meta.url);
  const pg = require("pg") as typeof import("pg");
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const remap: Record<number, number> = { 19: 25, 18: 25, 1003: 1009, 1002: 1009 };
  const ResultProto = (pg as unknown as { Result: { prototype: { addFields(f: { dataTypeID: number }[]): void } } }).Result.prototype;
  const original = ResultProto.addFields;
  ResultProto.addFields = function (fields) {
    for (const f of fields) if (remap[f.dataTypeID]) f.dataTypeID = remap[f.dataTypeID];
    return original.call(this, fields);
  };
  const settings = { ...pgSettings(url), allowExitOnIdle: true, idleTimeoutMillis: 100 };
  const main = new PrismaPg(settings);
  return Object.assign(main, {
    async connectToShadowDb() {
      const shadowName = `prisma_shadow_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
      const admin = new pg.Client(settings);
      await admin.connect();
      await admin.query(`CREATE DATABASE "${shadowName}"`);
      await admin.end();
      const shadow = await new PrismaPg({ ...settings, database: shadowName }).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        const dropper = new pg.Client(settings);
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS "${shadowName}"`);
        await dropper.end();
      };
      return shadow;
    },
  });
}
