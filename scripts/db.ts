// Database chores for both providers: `generate`, `migrate` (deploy), `new <name>` (write a
// migration for each provider from the models), `check` (fail when models and migrations drift).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { databaseUrl, providerOf, sqlitePath, type DatabaseProvider } from "../prisma/database-url";

const prismaBin = path.resolve("node_modules/.bin/prisma");

function prisma(args: string[], url = databaseUrl(), opts: { capture?: boolean } = {}): string {
  const out = execFileSync(prismaBin, args, {
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    stdio: opts.capture ? ["ignore", "pipe", "inherit"] : "inherit",
    encoding: "utf8",
  });
  return out ?? "";
}

function ensureSqliteDir(url: string) {
  if (providerOf(url) === "sqlite") fs.mkdirSync(path.dirname(path.resolve(sqlitePath(url))), { recursive: true });
}

const scratchUrl: Record<DatabaseProvider, () => string> = {
  sqlite: () => `file:./prisma/data/scratch-${process.pid}.sqlite`,
  postgresql: () => databaseUrl(),
};

const [command, name] = process.argv.slice(2);
const url = databaseUrl();
switch (command) {
  case "generate":
    prisma(["generate"], url, {});
    break;
  case "migrate":
    ensureSqliteDir(url);
    prisma(["migrate", "deploy"], url);
    if (providerOf(url) === "sqlite") {
      // Write-ahead logging (kept in the file): readers never wait for the writer, and a commit
      // is one append + fsync, which the webhook queue's batched inserts rely on (decision 008).
      const { default: Database } = await import("better-sqlite3");
      const file = new Database(path.resolve(sqlitePath(url)));
      file.pragma("journal_mode = WAL");
      file.close();
    }
    break;
  case "new": {
    if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: tsx scripts/db.ts new <snake_case_name>");
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    for (const provider of ["sqlite", "postgresql"] as const) {
      if (provider === "postgresql" && providerOf(url) !== "postgresql") {
        console.warn("skipping postgresql: run again with a PostgreSQL DATABASE_URL (scripts/with-postgres.sh)");
        continue;
      }
      const dir = path.join("prisma", provider, "migrations");
      const hasAny = fs.existsSync(dir) && fs.readdirSync(dir).some((d) => /^\d/.test(d));
      const from = hasAny ? ["--from-migrations", dir] : ["--from-empty"];
      const u = provider === "sqlite" ? scratchUrl.sqlite() : url;
      ensureSqliteDir(u);
      const sql = prisma(["migrate", "diff", ...from, "--to-schema-datamodel", path.join("prisma", provider), "--script"], u, { capture: true });
      if (provider === "sqlite") fs.rmSync(sqlitePath(u), { force: true });
      if (!/\S/.test(sql.replace(/^--.*$/gm, ""))) {
        console.log(`${provider}: no changes`);
        continue;
      }
      fs.mkdirSync(path.join(dir, `${stamp}_${name}`), { recursive: true });
      fs.writeFileSync(path.join(dir, `${stamp}_${name}`, "migration.sql"), sql);
      if (!hasAny) fs.writeFileSync(path.join(dir, "migration_lock.toml"), `provider = "${provider}"\n`);
      console.log(`${provider}: wrote ${dir}/${stamp}_${name}/migration.sql`);
    }
    break;
  }
  case "check": {
    const provider = providerOf(url);
    const dir = path.join("prisma", provider, "migrations");
    const u = provider === "sqlite" ? scratchUrl.sqlite() : url;
    ensureSqliteDir(u);
    try {
      prisma(["migrate", "diff", "--from-migrations", dir, "--to-schema-datamodel", path.join("prisma", provider), "--exit-code"], u, { capture: true });
      console.log(`${provider}: migrations match the models`);
    } finally {
      if (provider === "sqlite") fs.rmSync(sqlitePath(u), { force: true });
    }
    break;
  }
  default:
    throw new Error("usage: tsx scripts/db.ts generate|migrate|new <name>|check");
}
