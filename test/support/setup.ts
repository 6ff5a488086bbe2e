// Per worker, before any test module is imported: its own database (a copy of the migrated
// template: a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL) and the app's
// configuration. Modules that read DATABASE_URL at import time therefore see the worker's copy.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pgSettings, providerOf } from "../../prisma/database-url";

const template = process.env.TEST_TEMPLATE_DATABASE_URL!;
const worker = process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? "0";

process.env.SHOPIFY_API_KEY ??= "creator-codes-dev-client-id";
process.env.SHOPIFY_API_SECRET ??= "creator-codes-test-secret";
process.env.SHOPIFY_APP_URL ??= "http://127.0.0.1:3999";
process.env.PRISMA_HIDE_UPDATE_MESSAGE = "1";

if (!process.env.__TEST_DB_READY) {
  if (providerOf(template) === "sqlite") {
    const source = template.replace(/^file:/, "");
    const copy = path.join(path.dirname(source), `test-worker-${worker}.sqlite`);
    for (const leftover of [copy, `${copy}-wal`, `${copy}-shm`]) fs.rmSync(leftover, { force: true });
    fs.copyFileSync(source, copy);
    process.env.DATABASE_URL = `file:${copy}`;
  } else {
    const pg = createRequire(import.meta.url)("pg") as typeof import("pg");
    const settings = pgSettings(template);
    const name = `${settings.database}_w${worker}_${process.pid}`;
    const client = new pg.Client({ ...settings, database: "postgres" });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}"`);
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${settings.database}"`);
    await client.end();
    const url = new URL(template);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
  }
  process.env.__TEST_DB_READY = "1";
}

// An unexpected console.error fails the test that printed it (issue 22): an error the code logs
// and survives is still an error. A test that provokes one on purpose says so with
// `vi.spyOn(console, "error").mockImplementation(() => {})`, which replaces this check for it.
import { afterEach, beforeEach } from "vitest";
const printed: string[] = [];
const originalError = console.error.bind(console);
beforeEach(() => {
  printed.length = 0;
  console.error = (...args: unknown[]) => {
    printed.push(
      args
        .map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a)))
        .join(" ")
        .slice(0, 2000),
    );
    originalError(...args);
  };
});
afterEach(() => {
  console.error = originalError;
  if (printed.length) {
    const lines = printed.splice(0);
    throw new Error(`unexpected console.error during the test:\n${lines.join("\n")}`);
  }
});
