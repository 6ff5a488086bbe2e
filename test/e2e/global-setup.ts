// Browser tests run against the production build of the app (server.mjs) and the emulator, on
// free ports on 127.0.0.1, with a fresh SQLite database (or the PostgreSQL one in DATABASE_URL).
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { TestProject } from "vitest/node";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, name: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${name} did not start`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });
}

export default async function setup(project: TestProject) {
  const appPort = await freePort();
  const emulatorPort = await freePort();
  const mailboxPort = await freePort();
  const dbFile = path.resolve("prisma/data/e2e.sqlite");
  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) fs.rmSync(f, { force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    SHOPIFY_API_KEY: "creator-codes-dev-client-id",
    SHOPIFY_API_SECRET: "creator-codes-e2e-secret",
    SHOPIFY_APP_URL: `http://127.0.0.1:${appPort}`,
    SHOPIFY_EMULATOR_URL: `http://127.0.0.1:${emulatorPort}`,
    APP_BRIDGE_URL: `http://127.0.0.1:${emulatorPort}/cdn/app-bridge.js`,
    EMULATOR_PORT: String(emulatorPort),
    // The local mailbox (emulator/src/mailbox.ts, in the emulator process) receives members' emails.
    MAILBOX_SMTP_PORT: String(mailboxPort),
    EMAIL_DEFAULT_SMTP_URL: `smtp://127.0.0.1:${mailboxPort}`,
    MAILBOX_URL: `http://127.0.0.1:${emulatorPort}/mailbox`,
    DATABASE_URL: process.env.DATABASE_URL ?? `file:${dbFile}`,
    HOST: "127.0.0.1",
    PORT: String(appPort),
  };
  execFileSync("npx", ["tsx", "scripts/db.ts", "migrate"], { env, stdio: ["ignore", "ignore", "inherit"] });
  if (!fs.existsSync("build/server/index.js") || process.env.E2E_BUILD !== "0") {
    execFileSync("npx", ["remix", "vite:build"], { env, stdio: ["ignore", "ignore", "inherit"] });
  }
  // The emulator's admin serves the app's built admin UI extensions on order pages (issue 19).
  execFileSync("npx", ["tsx", "scripts/build-extensions.ts"], { env, stdio: ["ignore", "ignore", "inherit"] });
  const logs = fs.openSync(path.resolve("prisma/data/e2e-servers.log"), "w");
  // node itself (not npx → tsx → node), so that the teardown's SIGTERM reaches the server.
  const emulator = spawn(process.execPath, ["--import", "tsx", "emulator/main.ts"], { env, stdio: ["ignore", logs, logs] });
  const app = spawn(process.execPath, ["server.mjs"], { env, stdio: ["ignore", logs, logs] });
  try {
    await waitFor(`${env.SHOPIFY_EMULATOR_URL}/_emulator/webhooks`, emulator, "emulator");
    await waitFor(`${env.SHOPIFY_APP_URL}/`, app, "app");
  } catch (error) {
    // No teardown runs when the setup fails: stop both servers here, or they are left running.
    await Promise.all([stop(app), stop(emulator)]);
    throw error;
  }
  project.provide("emulatorUrl", env.SHOPIFY_EMULATOR_URL!);
  project.provide("appUrl", env.SHOPIFY_APP_URL!);
  project.provide("appPid", app.pid!);
  project.provide("databaseUrl", env.DATABASE_URL!); // tests that seed rows the UI would take long to make // the webhook flood test reads the server's memory
  return async () => {
    await Promise.all([stop(app), stop(emulator)]);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    emulatorUrl: string;
    appUrl: string;
    appPid: number;
    databaseUrl: string;
  }
}
