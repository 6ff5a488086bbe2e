import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { createPrismaClient } from "../app/db.server";
import { loadAppConfig } from "../emulator/src/app-config";
import { startEmulator } from "../emulator/src/server";
import { createAdminClient, CostBucket, type AdminClient } from "../app/shopify/client.server";
import { createShopifyFetch } from "../app/shopify/emulator-routing.server";

/** A fresh, migrated SQLite database in a temporary folder. */
export function freshDatabase(): { db: PrismaClient; url: string; dispose: () => Promise<void> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cc-bench-"));
  const url = `file:${path.join(dir, "bench.sqlite")}`;
  execFileSync("npx", ["tsx", "scripts/db.ts", "migrate"], { env: { ...process.env, DATABASE_URL: url }, stdio: "ignore" });
  const db = createPrismaClient(url);
  return { db, url, dispose: async () => { await db.$disconnect(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

export async function benchEmulator() {
  const app = loadAppConfig(path.resolve("shopify.app.toml"), { apiSecret: "bench-secret" });
  return startEmulator({ app, installAll: true });
}

/** Admin clients that remember their stats, one per store, each with a fresh bucket tracker. */
export function trackedClients(emulator: { url: string; accessToken(shop: string): string | undefined }) {
  const clients = new Map<string, AdminClient>();
  return {
    adminFor: async (store: string) => {
      let c = clients.get(store);
      if (!c) clients.set(store, (c = createAdminClient({ shop: store, accessToken: emulator.accessToken(store)!, fetch: createShopifyFetch(emulator.url), bucket: new CostBucket() })));
      return c;
    },
    totals: () => {
      const all = [...clients.values()].map((c) => c.stats);
      const sum = (k: keyof (typeof all)[number]) => all.reduce((n, s) => n + s[k], 0);
      return { calls: sum("calls"), pointsRequested: sum("pointsRequested"), pointsSpent: sum("pointsSpent"), throttled: sum("throttled"), retries: sum("retries"), waitedMs: sum("waitedMs") };
    },
  };
}

export function machine() {
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}
