// Webhook drain on PostgreSQL (issue 15): a backlog of orders/create deliveries, as the
// acknowledgement path stores them, worked off by 1 and then by 3 webhook worker processes
// (`app/jobs/worker-main.ts webhooks`, as deployed); the same backlog size each time, fresh
// orders. Reports deliveries per second for each and the speed-up (target ≥ 2.5×), and checks
// that every order was counted once.
//   npm run bench -- webhook-drain-postgres [backlog]
// Runs itself on a throwaway cluster (scripts/with-postgres.sh) with the PostgreSQL client
// generated, and generates the SQLite client again afterwards.
import { execFileSync, spawn } from "node:child_process";
import { createPrismaClient } from "../app/db.server";
import { providerOf } from "../prisma/database-url";
import { seedOfferWithCodes, storeBacklog } from "./drain-support";
import { machine } from "./support";

const BACKLOG = Number(process.argv[2] ?? 20_000);
const CODES = 500;

if (!(process.env.DATABASE_URL ?? "").startsWith("postgres") || providerOf(process.env.DATABASE_URL!) !== "postgresql") {
  const inner = `npx tsx scripts/db.ts generate >/dev/null && npx tsx scripts/db.ts migrate >/dev/null && npx tsx bench/webhook-drain-postgres.ts ${BACKLOG}`;
  let status = 0;
  try {
    execFileSync("scripts/with-postgres.sh", ["bash", "-c", inner], { stdio: "inherit" });
  } catch {
    status = 1;
  } finally {
    const { DATABASE_URL: _unused, ...sqliteEnv } = process.env;
    execFileSync("npx", ["tsx", "scripts/db.ts", "generate"], { stdio: "ignore", env: sqliteEnv });
  }
  process.exit(status);
}

process.env.SHOPIFY_API_KEY ??= "creator-codes-bench";
process.env.SHOPIFY_API_SECRET ??= "bench-secret";
process.env.SHOPIFY_APP_URL ??= "http://127.0.0.1:3999";
const db = createPrismaClient();

async function drainWith(workers: number, firstOrder: number, codes: string[]) {
  await storeBacklog(db, codes, BACKLOG, firstOrder);
  const started = Date.now();
  const children = Array.from({ length: workers }, () =>
    spawn(process.execPath, ["--import", "tsx", "app/jobs/worker-main.ts", "webhooks"], {
      env: { ...process.env, SYNC_WORKER: "off", RATES_JOB: "off", SYNC_IDLE_MS: "50" },
      stdio: ["ignore", "ignore", "inherit"],
    }),
  );
  try {
    for (;;) {
      const pending = await db.webhookDelivery.count({ where: { status: "PENDING" } });
      if (pending === 0) break;
      if (Date.now() - started > 30 * 60_000) throw new Error(`not drained: ${pending} pending`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))));
  }
  // From the first delivery handled to the last: process start-up (tsx, Prisma) left out.
  const span = await db.webhookDelivery.aggregate({
    where: { processedAt: { gte: new Date(started) } },
    _min: { processedAt: true },
    _max: { processedAt: true },
    _count: { _all: true },
  });
  const seconds = (span._max.processedAt!.getTime() - span._min.processedAt!.getTime()) / 1000;
  return { workers, handled: span._count._all, seconds: +seconds.toFixed(2), perSecond: Math.round(span._count._all / seconds) };
}

try {
  const codes = await seedOfferWithCodes(db, CODES);
  const one = await drainWith(1, 0, codes);
  console.log(`1 worker: ${JSON.stringify(one)}`);
  const three = await drainWith(3, BACKLOG, codes);
  console.log(`3 workers: ${JSON.stringify(three)}`);
  const conversions = await db.conversion.count();
  const orders = (await db.conversion.groupBy({ by: ["orderId"], _count: { _all: true } })).length;
  console.log(
    JSON.stringify({
      bench: "webhook-drain-postgres",
      database: "postgresql",
      machine: machine(),
      backlog: BACKLOG,
      one,
      three,
      speedup: +(three.perSecond / one.perSecond).toFixed(2),
      conversions,
      doubleCounts: conversions - orders,
      lost: 2 * BACKLOG - orders,
    }),
  );
} finally {
  await db.$disconnect();
}
