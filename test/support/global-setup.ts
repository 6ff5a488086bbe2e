// Once per vitest run: a migrated template database (SQLite file, or the PostgreSQL database in
// DATABASE_URL). Each worker then gets its own copy (see setup.ts).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { providerOf } from "../../prisma/database-url";

export default function setup() {
  const url = process.env.DATABASE_URL ?? "file:./prisma/data/test-template.sqlite";
  if (providerOf(url) === "sqlite") {
    const file = path.resolve(url.replace(/^file:/, ""));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    process.env.TEST_TEMPLATE_DATABASE_URL = `file:${file}`;
  } else {
    process.env.TEST_TEMPLATE_DATABASE_URL = url;
  }
  execFileSync("npx", ["tsx", "scripts/db.ts", "migrate"], {
    env: { ...process.env, DATABASE_URL: process.env.TEST_TEMPLATE_DATABASE_URL },
    stdio: ["ignore", "ignore", "inherit"],
  });
}
