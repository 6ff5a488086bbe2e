// One place that turns DATABASE_URL into a provider and connection settings, shared by the
// Prisma CLI config, the app's client and the scripts. SQLite is the embedded default.
export type DatabaseProvider = "sqlite" | "postgresql";

export const DEFAULT_DATABASE_URL = "file:./prisma/data/dev.sqlite";

export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL && env.DATABASE_URL.trim() !== "" ? env.DATABASE_URL : DEFAULT_DATABASE_URL;
}

export function providerOf(url: string): DatabaseProvider {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), got "${url}"`);
}

/** Discrete pg settings: pg lets a connectionString override `database`, so never pass one. */
export function pgSettings(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.replace(/^\//, "")),
  };
}

export function sqlitePath(url: string): string {
  return url.replace(/^file:/, "");
}
