// `npm run bench -- pages [members=10000] [conversions=100000]`: the admin pages a merchant opens
// most, over HTTP from the production server (server.mjs, its own process, SQLite), on a shop with
// 10,000 members in one project and one offer synced to a connected store (a code per member,
// synced in both stores) and 100,000 conversions over the last 180 days. Each request is the
// page's data request as the embedded app makes it on navigation (Remix single fetch,
// `<path>.data?_routes=<route>`: the route's loader with its queries and serialisation; `Authorization: Bearer` with a session token signed
// by the emulator, the shop's offline session stored). Requests one after another after a warm-up,
// each read to the end. Prints p50/p95/max per page; target p95 < 150 ms. The last line: {"pages": [{"name", "p95Ms", …}, …], …}.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { benchEmulator, freshDatabase, machine } from "./support";

const MEMBERS = Number(process.argv[2] ?? 10_000);
const CONVERSIONS = Number(process.argv[3] ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 60);
const WARM_UP = 5;
const TARGET_P95_MS = 150;
const SHOP = "us-store.myshopify.com";
const CA = "ca-store.myshopify.com";
const API_KEY = "creator-codes-dev-client-id";
const DAY = 86_400_000;

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

/** SQLite's text form of a DateTime as Prisma writes it. */
const ts = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

/**
 * Seeds the shop straight into SQLite (prepared statements in one transaction: 100,000 rows in
 * seconds, where createMany through the driver adapter takes minutes on a busy machine).
 */
function seed(file: string) {
  const db = new Database(file);
  const now = Date.now();
  const ids = { project: randomUUID(), offer: randomUUID() };
  const members: { id: string; offerMemberId: string; codeId: string; code: string }[] = [];
  db.transaction(() => {
    const shop = db.prepare('INSERT INTO "Shop" ("domain", "name", "currencyCode", "installedAt", "updatedAt") VALUES (?, ?, ?, ?, ?)');
    shop.run(SHOP, "Bench Brand", "USD", ts(now - 200 * DAY), ts(now));
    shop.run(CA, "Bench Canada", "CAD", ts(now - 200 * DAY), ts(now));
    db.prepare('INSERT INTO "StoreLink" ("id", "primaryShop", "connectedShop", "label", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)').run(
      randomUUID(),
      SHOP,
      CA,
      "Canada",
      ts(now),
      ts(now),
    );
    db.prepare('INSERT INTO "Project" ("id", "shop", "name", "createdAt") VALUES (?, ?, ?, ?)').run(ids.project, SHOP, "Bench creators", ts(now - 200 * DAY));
    db.prepare(
      'INSERT INTO "Offer" ("id", "shop", "name", "payoutType", "payoutFlatCents", "payoutPercent", "groupName", "discountType", "discountPercent", "startsAt", "syncEnabled", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)',
    ).run(ids.offer, SHOP, "Bench offer", "BOTH", 300, 5, "Bench offer", "PERCENTAGE", 15, ts(now - 200 * DAY), ts(now - 200 * DAY), ts(now));
    db.prepare('INSERT INTO "OfferStore" ("offerId", "store", "addedAt") VALUES (?, ?, ?)').run(ids.offer, CA, ts(now - 200 * DAY));
    db.prepare('INSERT INTO "OfferProject" ("offerId", "projectId", "connectedAt") VALUES (?, ?, ?)').run(ids.offer, ids.project, ts(now - 200 * DAY));
    const member = db.prepare('INSERT INTO "Member" ("id", "shop", "firstName", "lastName", "email", "handle", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?)');
    const inProject = db.prepare('INSERT INTO "ProjectMember" ("projectId", "memberId", "addedAt") VALUES (?, ?, ?)');
    const offerMember = db.prepare('INSERT INTO "OfferMember" ("id", "offerId", "memberId", "status", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)');
    const promoCode = db.prepare(
      'INSERT INTO "PromoCode" ("id", "shop", "offerId", "offerMemberId", "memberId", "code", "codeKey", "status", "startsAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const storeCode = db.prepare('INSERT INTO "StoreCode" ("id", "promoCodeId", "store", "state", "updatedAt") VALUES (?, ?, ?, ?, ?)');
    for (let i = 0; i < MEMBERS; i++) {
      const m = { id: randomUUID(), offerMemberId: randomUUID(), codeId: randomUUID(), code: `CREATOR${i}` };
      const deactivated = i % 10 === 9;
      member.run(m.id, SHOP, `Creator${i}`, `Bench${i % 97}`, `creator${i}@bench.example`, `@c${i}`, ts(now - 190 * DAY + i * 1000));
      inProject.run(ids.project, m.id, ts(now - 190 * DAY + i * 1000));
      offerMember.run(m.offerMemberId, ids.offer, m.id, deactivated ? "DEACTIVATED" : "ACTIVE", ts(now - 190 * DAY), ts(now));
      promoCode.run(m.codeId, SHOP, ids.offer, m.offerMemberId, m.id, m.code, m.code, deactivated ? "DEACTIVATED" : "ACTIVE", ts(now - 190 * DAY), ts(now - 190 * DAY));
      for (const store of [SHOP, CA]) storeCode.run(randomUUID(), m.codeId, store, deactivated ? "DEACTIVATED" : "SYNCED", ts(now));
      members.push(m);
    }
    const conversion = db.prepare(
      'INSERT INTO "Conversion" ("id", "store", "shop", "offerId", "memberId", "promoCodeId", "code", "orderId", "orderName", "currency", "saleCents", "saleUsdCents", "rateUnitsPerUsd", "rateDay", "rateSource", "payoutCents", "discountedItems", "occurredAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const adjustment = db.prepare(
      'INSERT INTO "ConversionAdjustment" ("id", "conversionId", "kind", "sourceId", "saleCents", "saleUsdCents", "payoutCents", "occurredAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (let n = 0; n < CONVERSIONS; n++) {
      // Skewed like real creators: a few members bring most orders.
      const m = members[Math.floor(MEMBERS * Math.pow(((n * 7919) % 10007) / 10007, 3))]!;
      const store = n % 3 === 0 ? CA : SHOP;
      const usd = 2_000 + ((n * 37) % 15_000);
      const at = now - ((n * 104_729) % (180 * DAY));
      const id = randomUUID();
      conversion.run(
        id,
        store,
        SHOP,
        ids.offer,
        m.id,
        m.codeId,
        m.code,
        `gid://shopify/Order/${1_000_000 + n}`,
        `#${1_000_000 + n}`,
        store === CA ? "CAD" : "USD",
        store === CA ? Math.round(usd * 1.38) : usd,
        usd,
        store === CA ? 1.38 : 1,
        "2026-11-01",
        "bench",
        300 + Math.round(usd * 0.05),
        1,
        ts(at),
        ts(at),
      );
      if (n % 25 === 0) adjustment.run(randomUUID(), id, "REFUND", `refund-${n}`, -500, -500, -25, ts(at + DAY), ts(at + DAY));
    }
  })();
  db.close();
  return { ...ids, busiest: members[0]!, quiet: members[MEMBERS - 1]! };
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
  const seeded = seed(url.replace(/^file:/, ""));
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
  const load = [os.loadavg()[0]!];
  const results: { name: string; p50Ms: number; p95Ms: number; maxMs: number; pass: boolean }[] = [];
  for (const page of pages) {
    for (let i = 0; i < WARM_UP; i++) await get(page.path, page.expect);
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) times.push(await get(page.path, page.expect));
    times.sort((a, b) => a - b);
    const pct = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor((q / 100) * times.length))]! * 10) / 10;
    const row = { name: page.name, p50Ms: pct(50), p95Ms: pct(95), maxMs: Math.round(times.at(-1)! * 10) / 10, pass: pct(95) < TARGET_P95_MS };
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
