// `npm run bench -- portal [conversions] [offers]`: the creator portal page (R31) over HTTP from
// the production server (server.mjs, its own process, SQLite): one member in 10 offers (synced to
// a connected store, 3 of them with a refreshed code in the history) with 1,000 conversions over
// the last 180 days in two stores (5% partly refunded, 2% cancelled), and another member's 1,000
// conversions beside them. Requests one after another (after a warm-up), each read to the end;
// the per-IP limit is off (PORTAL_RATE_LIMIT=off). Prints p50/p95/max (target p95 < 150 ms), the
// server process's CPU time per request, and the machine's load average before and after.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { eachChunk } from "../app/services/chunks.server";
import { freshDatabase, machine } from "./support";

const CONVERSIONS = Number(process.argv[2] ?? 1000);
const OFFERS = Number(process.argv[3] ?? 10);
const REQUESTS = 400;
const WARM_UP = 40;
const TARGET_P95_MS = 150;
const SHOP = "us-store.myshopify.com";
const CA = "ca-store.myshopify.com";
const SECRET = "bench-portal-secret";
const DAY = 86_400_000;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function startApp(databaseUrl: string, port: number): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    SHOPIFY_API_KEY: "creator-codes-bench",
    SHOPIFY_API_SECRET: SECRET,
    SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
    SYNC_WORKER: "off",
    WEBHOOK_WORKER: "off",
    RATES_JOB: "off",
    PORTAL_RATE_LIMIT: "off",
  };
  const log = fs.openSync(path.join(path.dirname(databaseUrl.replace(/^file:/, "")), "app.log"), "w");
  const child = spawn(process.execPath, [...(process.env.BENCH_APP_NODE_ARGS ?? "").split(" ").filter(Boolean), "server.mjs"], { env, stdio: ["ignore", log, log] });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    try {
      await fetch(`http://127.0.0.1:${port}/healthz`);
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
const { db, url, dispose } = freshDatabase();
const port = await freePort();
// The link is issued with the server's secret and URL (the service reads them from the environment).
process.env.SHOPIFY_API_KEY = "creator-codes-bench";
process.env.SHOPIFY_API_SECRET = SECRET;
process.env.SHOPIFY_APP_URL = `http://127.0.0.1:${port}`;
const { issuePortalLink } = await import("../app/services/portal.server");

let app: ChildProcess | undefined;
try {
  const now = Date.now();
  await db.shop.createMany({
    data: [
      { domain: SHOP, name: "Bench Brand", currencyCode: "USD" },
      { domain: CA, name: "Bench Canada", currencyCode: "CAD" },
    ],
  });
  await db.storeLink.create({ data: { primaryShop: SHOP, connectedShop: CA, label: "Canada" } });
  const member = await db.member.create({ data: { shop: SHOP, firstName: "Bench", lastName: "Creator", email: "bench@creators.example" } });
  const other = await db.member.create({ data: { shop: SHOP, firstName: "Other", lastName: "Creator", email: "other@creators.example" } });
  const codes: { offerId: string; promoCodeIds: string[]; memberId: string }[] = [];
  for (let o = 0; o < OFFERS; o++) {
    const offer = await db.offer.create({
      data: {
        shop: SHOP,
        name: `Bench offer ${o + 1}`,
        payoutType: "BOTH",
        payoutFlatCents: 300,
        payoutPercent: 5,
        groupName: `Bench ${o + 1}`,
        discountType: "PERCENTAGE",
        discountPercent: 10 + o,
        startsAt: new Date(now - 200 * DAY),
        syncEnabled: true,
        sameValueAcrossStores: o % 2 === 0,
        syncStores: { create: [{ store: CA, discountPercent: 5 + o }] },
      },
    });
    for (const m of [member, other]) {
      const om = await db.offerMember.create({ data: { offerId: offer.id, memberId: m.id, status: o === OFFERS - 1 ? "DEACTIVATED" : "ACTIVE" } });
      const ids: string[] = [];
      if (o < 3) {
        const old = await db.promoCode.create({
          data: {
            shop: SHOP,
            offerId: offer.id,
            offerMemberId: om.id,
            memberId: m.id,
            code: `OLD${o}${m.firstName}`.toUpperCase(),
            codeKey: `OLD${o}${m.firstName}`.toUpperCase(),
            current: false,
            status: "RETIRED",
            retiredAt: new Date(now - 60 * DAY),
            startsAt: new Date(now - 200 * DAY),
            createdAt: new Date(now - 200 * DAY),
          },
        });
        ids.push(old.id);
      }
      const code = `B${o}${m.firstName}`.toUpperCase();
      const current = await db.promoCode.create({
        data: { shop: SHOP, offerId: offer.id, offerMemberId: om.id, memberId: m.id, code, codeKey: code, status: "ACTIVE", startsAt: new Date(now - 60 * DAY) },
      });
      ids.push(current.id);
      codes.push({ offerId: offer.id, promoCodeIds: ids, memberId: m.id });
    }
  }
  let n = 0;
  const conversions = codes.flatMap((c, ci) =>
    Array.from({ length: CONVERSIONS / OFFERS }, (_, i) => {
      n++;
      const store = n % 3 === 0 ? CA : SHOP;
      const usd = 2_000 + ((n * 37) % 15_000);
      return {
        id: `conv-${ci}-${i}`,
        store,
        shop: SHOP,
        offerId: c.offerId,
        memberId: c.memberId,
        promoCodeId: c.promoCodeIds[i % c.promoCodeIds.length]!,
        code: "BENCH",
        orderId: `gid://shopify/Order/${100_000 + n}`,
        orderName: `#${100_000 + n}`,
        currency: store === CA ? "CAD" : "USD",
        saleCents: store === CA ? Math.round(usd * 1.38) : usd,
        saleUsdCents: usd,
        rateUnitsPerUsd: store === CA ? 1.38 : 1,
        rateDay: "2026-11-01",
        rateSource: "bench",
        payoutCents: 300 + Math.round(usd * 0.05),
        discountedItems: 1,
        occurredAt: new Date(now - ((n * 7919) % (180 * DAY))),
      };
    }),
  );
  await eachChunk(conversions, (part) => db.conversion.createMany({ data: part }), 40);
  const adjustments = conversions
    .filter((_, i) => i % 20 === 0 || i % 50 === 1)
    .map((c, i) =>
      i % 3 === 2
        ? { conversionId: c.id, kind: "CANCEL", sourceId: "cancel", saleCents: -c.saleCents, saleUsdCents: -c.saleUsdCents, payoutCents: -c.payoutCents, occurredAt: c.occurredAt }
        : { conversionId: c.id, kind: "REFUND", sourceId: `refund-${i}`, saleCents: -500, saleUsdCents: -500, payoutCents: -25, occurredAt: c.occurredAt },
    );
  await eachChunk(adjustments, (part) => db.conversionAdjustment.createMany({ data: part }), 80);
  const issued = await issuePortalLink(db, { shop: SHOP, actor: "bench", memberId: member.id, expiresInDays: 0 });
  if (!issued) throw new Error("no portal link");

  app = await startApp(url, port);
  const get = async () => {
    const t = performance.now();
    const res = await fetch(issued.url);
    const body = await res.text();
    const ms = performance.now() - t;
    if (res.status !== 200 || !body.includes("Bench Creator")) throw new Error(`portal answered ${res.status}`);
    return { ms, bytes: Buffer.byteLength(body) };
  };
  for (let i = 0; i < WARM_UP; i++) await get();
  // The server's own CPU time (utime + stime from /proc, in clock ticks of 10 ms): what a request
  // costs whatever else the machine runs; wall times include waiting for a core.
  const cpuTicks = () => {
    const fields = fs.readFileSync(`/proc/${app!.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return Number(fields[11]) + Number(fields[12]);
  };
  const load = [os.loadavg()[0]!];
  const ticks0 = cpuTicks();
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const r = await get();
    times.push(r.ms);
    bytes = r.bytes;
  }
  const serverCpuMsPerRequest = Math.round((((cpuTicks() - ticks0) * 10) / REQUESTS) * 10) / 10;
  load.push(os.loadavg()[0]!);
  times.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]! * 10) / 10;
  const memberConversions = conversions.filter((c) => c.memberId === member.id).length;
  console.log(
    JSON.stringify({
      bench: "portal",
      offers: OFFERS,
      conversions: memberConversions,
      otherConversions: conversions.length - memberConversions,
      requests: REQUESTS,
      htmlBytes: bytes,
      p50Ms: pct(50),
      p95Ms: pct(95),
      maxMs: Math.round(times.at(-1)! * 10) / 10,
      serverCpuMsPerRequest,
      loadAverage1m: load.map((l) => Math.round(l * 10) / 10),
      targetP95Ms: TARGET_P95_MS,
      pass: pct(95) < TARGET_P95_MS,
      machine: machine(),
    }),
  );
} finally {
  if (app && app.exitCode === null) {
    app.kill("SIGTERM");
    await new Promise((r) => app!.once("exit", r));
  }
  await dispose();
}
