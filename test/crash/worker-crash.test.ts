// R34: three worker processes sync 2,000 codes to five connected stores while one of them is
// killed with SIGKILL every few seconds and restarted. At the end every store holds exactly the
// expected codes, in one discount: none missing, none extra, none duplicated.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import type { EmulatorState } from "../../emulator/src/state";
import { generateCodesForMembers } from "~/services/generation.server";
import { createOffer } from "~/services/offers.server";
import { newOfferValues, parseOfferForm } from "~/domain/offers/offer-input";
import { providerOf } from "../../prisma/database-url";
import { control, startTestEmulator, US } from "../support/emulator";
import { ACTOR } from "../support/factories";
import { linkStores } from "../support/stores";

const CODES = Number(process.env.CRASH_CODES ?? 2000);
const CONNECTED = ["ca", "uk", "au", "de", "fr"].map((h) => `${h}-crash.myshopify.com`);

describe("R34: sync survives workers killed with SIGKILL", () => {
  let emulator: Emulator;
  const workers: ChildProcess[] = [];
  beforeAll(async () => {
    if (providerOf(process.env.DATABASE_URL!) !== "postgresql") throw new Error("the crash test runs on PostgreSQL (several instances)");
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    for (const w of workers) w.kill("SIGKILL");
    await emulator?.close();
    await prisma.$disconnect();
  });

  const startWorker = () => {
    const child = spawn(process.execPath, ["--import", "tsx", "app/jobs/worker-main.ts"], {
      env: { ...process.env, SHOPIFY_EMULATOR_URL: emulator.url, SYNC_LEASE_MS: "4000", SYNC_IDLE_MS: "200", SYNC_BATCH: "400" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr?.on("data", () => undefined);
    return child;
  };

  it(`R34: ${CODES} codes × 6 stores end exactly right after repeated SIGKILLs`, async () => {
    for (const domain of CONNECTED) await control(emulator, "shops", { handle: domain.split(".")[0], name: domain, currencyCode: "USD" });
    const stores = [US, ...CONNECTED];
    for (const shop of stores) {
      await control(emulator, `shops/${shop}/plan`, { plan: "plus" });
      await prisma.session.create({ data: { id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken: emulator.accessToken(shop)!, scope: "write_discounts" } });
    }
    for (const shop of CONNECTED) await linkStores(prisma, US, shop, shop.split("-")[0]!.toUpperCase());

    const parsed = parseOfferForm({ ...newOfferValues(new Date("2026-11-01T00:00:00Z")), name: "Crash", groupName: "Crash codes", payoutFlatCents: "5", discountPercent: "10" });
    if (!parsed.ok) throw new Error("offer");
    const created = await createOffer(prisma, {
      shop: US,
      actor: ACTOR,
      input: parsed.value,
      sync: { syncEnabled: true, stores: CONNECTED, sameValueAcrossStores: true, storePercents: {} },
    });
    if (!created.ok) throw new Error("offer");
    const project = await prisma.project.create({ data: { shop: US, name: "Crash" } });
    await prisma.member.createMany({ data: Array.from({ length: CODES }, (_, i) => ({ shop: US, firstName: `C${i}`, email: `c${i}@crash.example` })) });
    const members = await prisma.member.findMany({ where: { shop: US } });
    await prisma.projectMember.createMany({ data: members.map((m) => ({ projectId: project.id, memberId: m.id })) });
    const expected = members.map((m, i) => ({ memberId: m.id, code: `CRASH${i}` }));
    const result = await generateCodesForMembers(prisma, { shop: US, actor: ACTOR, offerId: created.offer.id, items: expected });
    if (!result.ok) throw new Error("generation");

    for (let i = 0; i < 3; i++) workers.push(startWorker());
    const started = Date.now();
    let kills = 0;
    let nextKill = Date.now() + 2000 + Math.random() * 2000;
    for (;;) {
      const open = await prisma.syncOperation.count({ where: { status: { in: ["PENDING", "RUNNING"] } } });
      // Done is the job's word: workers finish what a killed one left (counters, code statuses).
      if (open === 0 && (await prisma.job.findUniqueOrThrow({ where: { id: result.jobId } })).status === "DONE") break;
      if (Date.now() - started > 300_000) throw new Error(`not done after 300 s: ${open} operations open`);
      if (Date.now() >= nextKill && !process.env.CRASH_NO_KILL) {
        const i = Math.floor(Math.random() * workers.length);
        workers[i]!.kill("SIGKILL");
        workers[i] = startWorker();
        kills++;
        nextKill = Date.now() + 2000 + Math.random() * 2000;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (Date.now() - started) / 1000;
    for (const w of workers) w.kill("SIGTERM");
    console.log(JSON.stringify({ crashTest: { codes: CODES, stores: stores.length, workers: 3, kills, seconds } }));

    const outcomes = await prisma.syncOperation.groupBy({ by: ["action", "status"], _count: { _all: true } });
    const errors = await prisma.syncOperation.findMany({ where: { status: "FAILED" }, select: { store: true, error: true }, distinct: ["error"], take: 5 });
    console.log(JSON.stringify({ outcomes: outcomes.map((o) => `${o.action} ${o.status} ${o._count._all}`), errors }));
    if (!process.env.CRASH_NO_KILL) expect(kills).toBeGreaterThanOrEqual(2);
    const state = (await control(emulator, "state")) as EmulatorState;
    const want = expected.map((e) => e.code).sort();
    for (const shop of stores) {
      const discounts = Object.values(state.shops[shop]!.discounts);
      expect(
        discounts.map((d) => d.title),
        shop,
      ).toEqual(["Crash codes"]);
      const codes = discounts[0]!.codes.map((c) => c.code).sort();
      expect(codes.length, shop).toBe(want.length);
      expect(codes, shop).toEqual(want);
    }
    expect(await prisma.syncOperation.count({ where: { status: "FAILED" } })).toBe(0);
    expect(await prisma.promoCode.count({ where: { status: "ACTIVE" } })).toBe(CODES);
  });
});
