// `npm run bench -- pages [members=10000] [conversions=100000]`: the admin pages a merchant opens
// most, over HTTP from the production server (server.mjs, its own process, SQLite), on a shop with
// 10,000 members in one project and one offer synced to a connected store (a code per member,
// synced in both stores) and 100,000 conversions over the last 180 days. Each request is the
// page's data request as the embedded app makes it on navigation (Remix single fetch,
// `<path>.data?_routes=<route>`: the route's loader with its queries and serialisation; `Authorization: Bearer` with a session token signed
// by the emulator, the shop's offline session stored). Requests one after another after a warm-up,
// each read to the end. Prints p50/p95/max per page; target p95 < 150 ms. The last line: {"pages": [{"name", "p95Ms", …}, …], …}.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { benchEmulator, freshDatabase, machine } from "./support";
import { SHOP, seed } from "./pages-seed";

const MEMBERS = Number(process.argv[2] ?? 10_000);
const CONVERSIONS = Number(process.argv[3] ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 60);
const WARM_UP = 5;
const TARGET_P95_MS = 150;
const API_KEY = "creator-codes-dev-client-id";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function startApp(databaseUrl: string, port: number, emulatorUrl: string): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: "bench-secret",
    SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
    SHOPIFY_EMULATOR_URL: emulatorUrl,
    SYNC_WORKER: "off",
    WEBHOOK_WORKER: "off",
    EMAIL_WORKER: "off",
    RATES_JOB: "off",
  };
  const log = fs.openSync(path.join(path.dirname(databaseUrl.replace(/^file:/, "")), "app.log"), "w");
  const child = spawn(process.execPath, ["server.mjs"], { env, stdio: ["ignore", log, log] });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    try {
      await (await fetch(`http://127.0.0.1:${port}/healthz`)).text();
      return child;
    } catch {
      if (i > 300) throw new Error("the app did not start");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

if (process.env.BENCH_BUILD !== "0" || !fs.existsSync("build/server/index.js")) {
  console.log("building the app (remix vite:build)…");
  execFileSync("npx", ["remix", "vite:build"], { stdio: ["ignore", "ignore", "inherit"] });
}
const emulator = await benchEmulator();
const { url, dispose } = freshDatabase();
const port = await freePort();
let app: ChildProcess | undefined;
try {
  const seeded = seed(url.replace(/^file:/, ""), MEMBERS, CONVERSIONS);
  // The shop's offline session, as a token exchange leaves it (the app's install in the emulator).
  const { db } = { db: (await import("../app/db.server")).createPrismaClient(url) };
  await db.session.create({
    data: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, accessToken: emulator.accessToken(SHOP)!, scope: "read_discounts,write_discounts,read_orders" },
  });
  await db.$disconnect();
  app = await startApp(url, port, emulator.url);
  const base = `http://127.0.0.1:${port}`;
  const host = Buffer.from(`admin.shopify.com/store/${SHOP.replace(".myshopify.com", "")}`).toString("base64url");
  let token = { value: "", until: 0 };
  const sessionToken = async () => {
    if (Date.now() > token.until) {
      const res = await fetch(`${emulator.url}/_emulator/session-token`, {
        method: "POST",
        headers: { Connection: "close", "Content-Type": "application/json" },
        body: JSON.stringify({ shop: SHOP, lifetimeSeconds: 600 }),
      });
      token = { value: ((await res.json()) as { token: string }).token, until: Date.now() + 500_000 };
    }
    return token.value;
  };
  const route = (id: string) => `_routes=${encodeURIComponent(`routes/${id}`)}`;
  const pages: { name: string; path: string; expect: string }[] = [
    { name: "offer page (members table)", path: `/app/offers/${seeded.offer}.data?${route("app.offers.$id._index")}`, expect: "Bench offer" },
    { name: "offer page, search", path: `/app/offers/${seeded.offer}.data?q=creator99&${route("app.offers.$id._index")}`, expect: "Bench offer" },
    { name: "offer page, page 20, deactivated", path: `/app/offers/${seeded.offer}.data?page=20&status=DEACTIVATED&${route("app.offers.$id._index")}`, expect: "Bench offer" },
    { name: "project member table", path: `/app/projects/${seeded.project}.data?${route("app.projects.$id")}`, expect: "Bench creators" },
    { name: "project member table, page 50", path: `/app/projects/${seeded.project}.data?page=50&${route("app.projects.$id")}`, expect: "Bench creators" },
    { name: "offer dashboard", path: `/app/offers/${seeded.offer}/dashboard.data?${route("app.offers.$id.dashboard")}`, expect: "Bench offer" },
    { name: "member dashboard (busiest member)", path: `/app/members/${seeded.busiest.id}/dashboard.data?${route("app.members.$id.dashboard")}`, expect: "Creator0" },
    { name: "offers list", path: `/app/offers.data?${route("app.offers._index")}`, expect: "Bench offer" },
    { name: "offer conversions", path: `/app/conversions.data?offerId=${seeded.offer}&${route("app.conversions")}`, expect: "Bench offer" },
  ];
  void host;
  const get = async (p: string, expect: string) => {
    const target = `${base}${p}`;
    const authorization = `Bearer ${await sessionToken()}`;
    const t = performance.now();
    // A browser's user agent: the library answers 410 to bots (and Node's fetch says "node").
    const res = await fetch(target, { headers: { Authorization: authorization, "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36" } });
    const body = await res.text();
    const ms = performance.now() - t;
    if (res.status !== 200 || !body.includes(expect)) throw new Error(`${p} answered ${res.status}: ${body.slice(0, 300)}`);
    return ms;
  };
  // The server's CPU time (user + system, /proc/<pid>/stat in clock ticks of 10 ms): what a request
  // costs whatever the machine's load, beside the wall times the load stretches.
  const serverCpuMs = () => {
    const fields = fs.readFileSync(`/proc/${app!.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  };
  const load = [os.loadavg()[0]!];
  const results: { name: string; p50Ms: number; p95Ms: number; maxMs: number; serverCpuMsPerRequest: number; pass: boolean }[] = [];
  for (const page of pages) {
    for (let i = 0; i < WARM_UP; i++) await get(page.path, page.expect);
    const times: number[] = [];
    const cpu0 = serverCpuMs();
    for (let i = 0; i < REQUESTS; i++) times.push(await get(page.path, page.expect));
    const serverCpuMsPerRequest = Math.round(((serverCpuMs() - cpu0) / REQUESTS) * 10) / 10;
    times.sort((a, b) => a - b);
    const pct = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor((q / 100) * times.length))]! * 10) / 10;
    const row = { name: page.name, p50Ms: pct(50), p95Ms: pct(95), maxMs: Math.round(times.at(-1)! * 10) / 10, serverCpuMsPerRequest, pass: pct(95) < TARGET_P95_MS };
    console.log(JSON.stringify(row));
    results.push(row);
  }
  load.push(os.loadavg()[0]!);
  console.log(
    JSON.stringify({
      bench: "pages",
      members: MEMBERS,
      conversions: CONVERSIONS,
      requestsPerPage: REQUESTS,
      targetP95Ms: TARGET_P95_MS,
      loadAverage1m: load.map((l) => Math.round(l * 10) / 10),
      machine: machine(),
      pages: results,
    }),
  );
} catch (error) {
  // The server's log is deleted with the database: keep it beside the error.
  const log = path.join(path.dirname(url.replace(/^file:/, "")), "app.log");
  if (fs.existsSync(log)) console.error(fs.readFileSync(log, "utf8").slice(-3000));
  throw error;
} finally {
  if (app && app.exitCode === null) {
    app.kill("SIGTERM");
    await new Promise((r) => app!.once("exit", r));
  }
  await dispose();
  await emulator.close();
}
