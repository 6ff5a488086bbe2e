import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PrismaClient } from "@prisma/client";
import { createPrismaClient } from "../app/db.server";
import net from "node:net";
import { spawn } from "node:child_process";
import type { EmulatorState } from "../emulator/src/state";
import { createAdminClient, CostBucket, type AdminClient } from "../app/shopify/client.server";
import { createShopifyFetch } from "../app/shopify/emulator-routing.server";

// The app's configuration, as the tests set it: services that sign or hash (link codes) read it.
process.env.SHOPIFY_API_KEY ??= "creator-codes-dev-client-id";
process.env.SHOPIFY_API_SECRET ??= "bench-secret";
process.env.SHOPIFY_APP_URL ??= "http://127.0.0.1:3999";

/** A fresh, migrated SQLite database in a temporary folder. */
export function freshDatabase(): { db: PrismaClient; url: string; dispose: () => Promise<void> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cc-bench-"));
  const url = `file:${path.join(dir, "bench.sqlite")}`;
  execFileSync("npx", ["tsx", "scripts/db.ts", "migrate"], { env: { ...process.env, DATABASE_URL: url }, stdio: "ignore" });
  const db = createPrismaClient(url);
  return {
    db,
    url,
    dispose: async () => {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface BenchEmulator {
  url: string;
  accessToken(shop: string): string | undefined;
  addStore(handle: string): Promise<string>;
  state(): Promise<EmulatorState>;
  close(): Promise<void>;
}

/**
 * The emulator in its own process, as in the demo: a bench measures the app, not the app and
 * the emulator sharing one thread.
 */
export async function benchEmulator(): Promise<BenchEmulator> {
  const port = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
  const child = spawn(process.execPath, ["--import", "tsx", "emulator/main.ts"], {
    env: { ...process.env, EMULATOR_PORT: String(port), SHOPIFY_API_SECRET: "bench-secret" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      await fetch(`${url}/_emulator/webhooks`);
      break;
    } catch {
      if (i > 200) throw new Error("emulator did not start");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const tokens = new Map<string, string>();
  // Control calls close their connection: a bench blocks its event loop for seconds (migrations),
  // and a kept-alive socket the emulator closed meanwhile would fail the next call.
  const state = async () => (await (await fetch(`${url}/_emulator/state`, { headers: { Connection: "close" } })).json()) as EmulatorState;
  for (const shop of Object.values((await state()).shops)) {
    const token = Object.values(shop.installs)[0]?.accessToken;
    if (token) tokens.set(shop.domain, token);
  }
  // Shopify is warm: the emulator loads its Admin schema on the first GraphQL call (seconds on a
  // busy machine), which no bench should measure.
  const [warmShop, warmToken] = [...tokens][0]!;
  await readAll(`${url}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { Connection: "close", "Content-Type": "application/json", "X-Forwarded-Host": warmShop, "X-Shopify-Access-Token": warmToken },
    body: JSON.stringify({ query: "{ shop { name } }" }),
  });
  return {
    url,
    accessToken: (shop) => tokens.get(shop),
    addStore: async (handle) => {
      const res = (await (
        await fetch(`${url}/_emulator/shops`, {
          method: "POST",
          headers: { Connection: "close", "Content-Type": "application/json" },
          body: JSON.stringify({ handle, name: handle }),
        })
      ).json()) as { domain: string; accessToken: string };
      tokens.set(res.domain, res.accessToken);
      return res.domain;
    },
    state,
    close: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/**
 * Adds `latencyMs` to every Admin API call of these stores, through the emulator's per-shop fault
 * control (a realistic round trip to Shopify is about 100 ms; the emulator on the same machine has none).
 */
export async function setLatency(emulator: BenchEmulator, stores: string[], latencyMs: number) {
  for (const store of stores) {
    const res = await fetch(`${emulator.url}/_emulator/shops/${store.replace(".myshopify.com", "")}/faults`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ latencyMs }),
    });
    if (!res.ok) throw new Error(`faults for ${store}: ${res.status}`);
  }
}

/**
 * The most Admin calls that ran strictly one after another (none overlapping the next): the round
 * trips on the critical path. With a latency L per call, the wall time is at least roundTrips × L.
 * (Earliest end first gives the longest such chain.)
 */
export function criticalRoundTrips(intervals: { start: number; end: number }[]): number {
  const sorted = [...intervals].sort((a, b) => a.end - b.end);
  let count = 0;
  let last = -Infinity;
  for (const i of sorted)
    if (i.start >= last) {
      count++;
      last = i.end;
    }
  return count;
}

async function readAll(url: string, init: RequestInit) {
  const res = await fetch(url, init);
  await res.text();
}

/** Admin clients that remember their stats, one per store, each with a fresh bucket tracker. */
/**
 * Admin clients of the emulator's stores that record every call. `oneCallAtATime`: every store's
 * calls wait for the one in flight (the baseline the sync bench compares with: the same work done
 * one call after another, store after store), without any option in the app's code.
 */
export function trackedClients(emulator: { url: string; accessToken(shop: string): string | undefined }, opts: { oneCallAtATime?: boolean } = {}) {
  const clients = new Map<string, AdminClient>();
  /** Every Admin call's start and end (performance.now()), for criticalRoundTrips. */
  const intervals: { store: string; start: number; end: number }[] = [];
  let previous: Promise<unknown> = Promise.resolve();
  const timedFetch = (store: string): typeof fetch => {
    const routed = createShopifyFetch(emulator.url);
    const timed: typeof fetch = async (input, init) => {
      const start = performance.now();
      try {
        return await routed(input, init);
      } finally {
        intervals.push({ store, start, end: performance.now() });
      }
    };
    if (!opts.oneCallAtATime) return timed;
    return (input, init) => {
      // The body is read before the next call starts, so a call is over when its turn ends.
      const turn = previous.then(async () => {
        const response = await timed(input, init);
        const body = await response.arrayBuffer();
        return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      });
      previous = turn.catch(() => undefined);
      return turn;
    };
  };
  return {
    intervals,
    adminFor: async (store: string) => {
      let c = clients.get(store);
      if (!c) clients.set(store, (c = createAdminClient({ shop: store, accessToken: emulator.accessToken(store)!, fetch: timedFetch(store), bucket: new CostBucket() })));
      return c;
    },
    totals: () => {
      const all = [...clients.values()].map((c) => c.stats);
      const sum = (k: keyof (typeof all)[number]) => all.reduce((n, s) => n + s[k], 0);
      return {
        calls: sum("calls"),
        pointsRequested: sum("pointsRequested"),
        pointsSpent: sum("pointsSpent"),
        throttled: sum("throttled"),
        retries: sum("retries"),
        waitedMs: sum("waitedMs"),
      };
    },
  };
}

export function machine() {
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}

/**
 * The time a store's cost bucket needs for the points spent in it (R33): what the bucket held at
 * the start costs nothing, the rest comes back at the restore rate. The benches compare their wall
 * time with the slowest store's floor.
 */
export function bucketFloorSeconds(pointsSpent: number, plan: { restoreRate: number; maximumAvailable: number }): number {
  return Math.max(0, pointsSpent - plan.maximumAvailable) / plan.restoreRate;
}

/** Refills every store's bucket (the emulator's plan endpoint starts a fresh, full bucket). */
export async function refillBuckets(emulator: BenchEmulator, stores: string[], plan = "standard") {
  for (const store of stores) {
    const res = await fetch(`${emulator.url}/_emulator/shops/${store.replace(".myshopify.com", "")}/plan`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ plan }),
    });
    if (!res.ok) throw new Error(`plan for ${store}: ${res.status}`);
  }
}

/** Machine load while a bench ran: 1-minute load average per core (the benches measure wall time). */
export function loadPerCore(): number {
  return +(os.loadavg()[0]! / os.cpus().length).toFixed(2);
}
