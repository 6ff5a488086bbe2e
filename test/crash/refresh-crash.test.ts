// R34/R20: a bulk refresh (200 members' codes renamed in 3 stores) whose worker process is killed
// with SIGKILL at each stage (checks, creations, removals of the old codes) and restarted ends
// exact: every member has one current code, the new one, live once in every store; every old code
// is retired and gone from every store; no (code, store, action) succeeded twice. Runs on SQLite
// (one worker process at a time, by design) and on PostgreSQL.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import type { EmulatorState } from "../../emulator/src/state";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { createOffer } from "~/services/offers.server";
import { refreshCodes } from "~/services/refresh.server";
import { newOfferValues, parseOfferForm } from "~/domain/offers/offer-input";
import type { AdminClient } from "~/shopify/client.server";
import { providerOf } from "../../prisma/database-url";
import { clientFor, control, startTestEmulator, US } from "../support/emulator";
import { ACTOR } from "../support/factories";
import { linkStores } from "../support/stores";

const MEMBERS = Number(process.env.CRASH_REFRESH_MEMBERS ?? 200);
const CONNECTED = ["ca", "uk"].map((h) => `${h}-refresh-crash.myshopify.com`);
const GROUP = "Refresh crash codes";

describe(`R34/R20: a bulk refresh survives SIGKILL (${providerOf(process.env.DATABASE_URL!)})`, () => {
  let emulator: Emulator;
  let worker: ChildProcess | null = null;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    worker?.kill("SIGKILL");
    await emulator?.close();
    await prisma.$disconnect();
  });

  const startWorker = () => {
    const child = spawn(process.execPath, ["--import", "tsx", "app/jobs/worker-main.ts", "sync"], {
      env: { ...process.env, SHOPIFY_EMULATOR_URL: emulator.url, SYNC_LEASE_MS: "3000", SYNC_IDLE_MS: "200", SYNC_BATCH: "60" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr?.on("data", () => undefined);
    return child;
  };
  const killWorker = async () => {
    const child = worker!;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  };

  it("R34/R20: a SIGKILL during a bulk refresh ends exact", async () => {
    for (const domain of CONNECTED) await control(emulator, "shops", { handle: domain.split(".")[0], name: domain, currencyCode: "USD" });
    const stores = [US, ...CONNECTED];
    for (const shop of stores) {
      await control(emulator, `shops/${shop}/plan`, { plan: "plus" });
      await prisma.session.create({ data: { id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken: emulator.accessToken(shop)!, scope: "write_discounts" } });
    }
    for (const shop of CONNECTED) await linkStores(prisma, US, shop, shop.split("-")[0]!.toUpperCase());
    const parsed = parseOfferForm({ ...newOfferValues(new Date("2026-11-01T00:00:00Z")), name: "Refresh crash", groupName: GROUP, payoutFlatCents: "5", discountPercent: "10" });
    if (!parsed.ok) throw new Error("offer");
    const created = await createOffer(prisma, {
      shop: US,
      actor: ACTOR,
      input: parsed.value,
      sync: { syncEnabled: true, stores: CONNECTED, sameValueAcrossStores: true, storePercents: {} },
    });
    if (!created.ok) throw new Error("offer");
    const offerId = created.offer.id;
    await prisma.member.createMany({ data: Array.from({ length: MEMBERS }, (_, i) => ({ shop: US, firstName: `R${i}`, email: `r${i}@crash.example` })) });
    const members = await prisma.member.findMany({ where: { shop: US } });
    const generated = await generateCodesForMembers(prisma, { shop: US, actor: ACTOR, offerId, items: members.map((m) => ({ memberId: m.id, code: `OLD${m.firstName}` })) });
    if (!generated.ok) throw new Error("generation");
    // The old codes go live without interruption (in this process): the crash is the refresh's.
    const clients = new Map<string, AdminClient>();
    await runPendingOperations({ db: prisma, adminFor: async (s) => clients.get(s) ?? clients.set(s, clientFor(emulator, s)).get(s)!, pollMs: 5 });
    expect(await prisma.promoCode.count({ where: { offerId, status: "ACTIVE", current: true } })).toBe(MEMBERS);

    const memberships = await prisma.offerMember.findMany({ where: { offerId }, include: { member: true } });
    const newName = (first: string) => `NEW${first}`;
    const refreshed = await refreshCodes(prisma, { shop: US, actor: ACTOR, offerId, items: memberships.map((m) => ({ offerMemberId: m.id, code: newName(m.member.firstName) })) });
    if (!refreshed.ok) throw new Error(JSON.stringify(refreshed));
    const jobId = refreshed.jobId;

    // One worker process; killed once at each stage it is seen in, then restarted.
    const count = (action: string, status?: string[]) => prisma.syncOperation.count({ where: { jobId, action, ...(status ? { status: { in: status } } : {}) } });
    const stages: { name: string; reached: () => Promise<boolean> }[] = [
      { name: "checks", reached: async () => (await count("CHECK_CODE", ["SUCCEEDED"])) > 0 && (await count("CREATE_CODE", ["SUCCEEDED"])) === 0 },
      { name: "creations", reached: async () => (await count("CREATE_CODE", ["SUCCEEDED"])) > 0 && (await count("CREATE_CODE", ["PENDING", "RUNNING"])) > 0 },
      { name: "removals", reached: async () => (await count("DELETE_CODE")) > 0 && (await count("DELETE_CODE", ["PENDING", "RUNNING"])) > 0 },
    ];
    const killedAt: string[] = [];
    worker = startWorker();
    const started = Date.now();
    for (;;) {
      const open = await prisma.syncOperation.count({ where: { status: { in: ["PENDING", "RUNNING"] } } });
      if (open === 0 && (await prisma.job.findUniqueOrThrow({ where: { id: jobId } })).status === "DONE") break;
      if (Date.now() - started > 300_000) throw new Error(`not done after 300 s: ${open} operations open`);
      const stage = stages.find((s) => !killedAt.includes(s.name));
      if (stage && (await stage.reached())) {
        await killWorker();
        killedAt.push(stage.name);
        worker = startWorker();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    worker.kill("SIGTERM");
    const outcomes = await prisma.syncOperation.groupBy({ by: ["action", "status"], where: { jobId }, _count: { _all: true } });
    console.log(
      JSON.stringify({
        refreshCrash: {
          members: MEMBERS,
          stores: stores.length,
          killedAt,
          seconds: (Date.now() - started) / 1000,
          outcomes: outcomes.map((o) => `${o.action} ${o.status} ${o._count._all}`),
        },
      }),
    );
    // Killed at least twice, mid-way (a stage seen only after it finished is not a kill mid-way).
    expect(killedAt.length).toBeGreaterThanOrEqual(2);

    // The database: one current ACTIVE code per member, the new name; every old code retired.
    const codes = await prisma.promoCode.findMany({ where: { offerId }, include: { member: true } });
    const current = codes.filter((c) => c.current);
    expect(current.length).toBe(MEMBERS);
    expect(current.filter((c) => c.status !== "ACTIVE" || c.code !== newName(c.member!.firstName))).toEqual([]);
    expect(new Set(current.map((c) => c.memberId)).size).toBe(MEMBERS);
    const old = codes.filter((c) => c.code.startsWith("OLD"));
    expect(old.length).toBe(MEMBERS);
    expect(old.filter((c) => c.status !== "RETIRED" || c.current)).toEqual([]);
    expect(await prisma.storeCode.count({ where: { promoCodeId: { in: old.map((c) => c.id) } } })).toBe(0);
    expect(await prisma.storeCode.count({ where: { promoCodeId: { in: current.map((c) => c.id) }, state: "SYNCED" } })).toBe(MEMBERS * stores.length);

    // The stores: each holds exactly the new codes, once, in the offer's one discount.
    const state = (await control(emulator, "state")) as EmulatorState;
    const want = current.map((c) => c.code).sort();
    for (const shop of stores) {
      const discounts = Object.values(state.shops[shop]!.discounts);
      expect(
        discounts.map((d) => d.title),
        shop,
      ).toEqual([GROUP]);
      expect(discounts[0]!.codes.map((c) => c.code).sort(), shop).toEqual(want);
    }

    // No operation ran to success twice for the same code, store and action; nothing failed.
    const succeeded = await prisma.syncOperation.groupBy({ by: ["promoCodeId", "store", "action"], where: { status: "SUCCEEDED" }, _count: { _all: true } });
    expect(succeeded.filter((g) => g._count._all > 1)).toEqual([]);
    expect(await prisma.syncOperation.count({ where: { status: "FAILED" } })).toBe(0);
    expect(await prisma.syncOperation.count({ where: { jobId, action: "CREATE_CODE", status: "SUCCEEDED" } })).toBe(MEMBERS * stores.length);
    expect(await prisma.syncOperation.count({ where: { jobId, action: "DELETE_CODE", status: "SUCCEEDED" } })).toBe(MEMBERS * stores.length);
  });
});
