// Leak watch (R39) against the emulator in two stores: orders placed at the emulator's checkout (at
// chosen times: a simulated clock) reach the app as webhooks, are recorded as conversions, and are
// judged against the member's normal pattern. The merchant's one-click actions are checked where
// they matter: at the checkout of every store.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { createOffer } from "~/services/offers.server";
import { importBundledRates } from "~/services/rates.server";
import { actOnLeakFlag, leakEvidence, listLeakFlags, saveLeakSettings, sweepLeaks } from "~/services/leaks.server";
import { newOfferValues, parseOfferForm } from "~/domain/offers/offer-input";
import type { AdminClient } from "~/shopify/client.server";
import { resetDatabase } from "../support/db";
import { CA, clientFor, control, startTestEmulator, US } from "../support/emulator";
import { ACTOR, makeProjectWithMembers } from "../support/factories";
import { linkStores } from "../support/stores";
import { checkoutAt, startWebhookReceiver, type Receiver } from "../support/receiver";

const HOUR = 3_600_000;
const DAY0 = Date.parse("2026-11-10T00:00:00Z");
/** A time on the simulated clock: day d (from 2026-11-10), hour h, minute m. */
const t = (d: number, h: number, m = 0) => new Date(DAY0 + d * 24 * HOUR + h * HOUR + m * 60_000).toISOString();

describe("leak watch (R39)", { timeout: 300_000 }, () => {
  let emulator: Emulator;
  let receiver: Receiver;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    receiver = await startWebhookReceiver(emulator);
  }, 180_000);
  afterAll(async () => {
    await receiver.close();
    await emulator.close();
    await prisma.$disconnect();
  });
  beforeEach(async () => {
    await resetDatabase(prisma);
    await importBundledRates(prisma, { since: "2024-12-01", currencies: ["CAD"] });
    await control(emulator, "reset", {});
  }, 180_000); // a loaded machine (PostgreSQL, the bundled rates) needs more than the default minute

  const clients = new Map<string, AdminClient>();
  const worker = () => runPendingOperations({ db: prisma, adminFor: async (s) => clients.get(s) ?? clients.set(s, clientFor(emulator, s)).get(s)!, pollMs: 5 });
  const order = async (shop: string, code: string, createdAt: string, email: string, country?: string) => {
    const r = await checkoutAt(prisma, emulator, shop, { discountCode: code, createdAt, email, ...(country ? { country } : {}) });
    if (r.status !== 200) throw new Error(`checkout ${code} at ${createdAt}: ${r.status} ${r.text}`);
  };

  async function setUp() {
    await linkStores(prisma, US, CA, "Canada");
    const parsed = parseOfferForm({ ...newOfferValues(new Date("2026-11-01T00:00:00Z")), name: "Leaks", groupName: "Leak codes", payoutFlatCents: "5", discountPercent: "10" });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const created = await createOffer(prisma, {
      shop: US,
      actor: ACTOR,
      input: parsed.value,
      sync: { syncEnabled: true, stores: [CA], sameValueAcrossStores: true, storePercents: {} },
    });
    if (!created.ok) throw new Error("offer");
    const { members } = await makeProjectWithMembers(prisma, US, [
      ["Anna", "Lee"],
      ["Ben", "Ortiz"],
      ["Cara", "Diaz"],
    ]);
    const result = await generateCodesForMembers(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: created.offer.id,
      items: members.map((m) => ({ memberId: m.id, code: `${m.firstName.toUpperCase()}10` })),
    });
    if (!result.ok) throw new Error(JSON.stringify(result));
    await worker();
    return { offerId: created.offer.id, members };
  }

  /** A member's quiet history: one order every 8 hours for `days` days from day 0. */
  async function quietHistory(code: string, days: number) {
    for (let d = 0; d < days; d++) for (const h of [2, 10, 18]) await order(US, code, t(d, h, 7), `regular-${d % 3}@example.com`);
  }

  /** 14 orders in 40 minutes from 13 buyers (one buys twice), in both stores, from three countries. */
  async function burst(code: string, d: number, h: number, prefix: string) {
    for (let i = 0; i < 14; i++) {
      const shop = i % 3 === 2 ? CA : US;
      const country = i % 3 === 2 ? "CA" : i % 4 === 1 ? "GB" : "US";
      await order(shop, code, t(d, h, 3 * i), i === 13 ? `${prefix}-0@deals.example` : `${prefix}-${i}@deals.example`, country);
    }
  }

  it("R39: a burst of orders on one code through the checkout is flagged with the right evidence (figures, chart, orders); other members stay unflagged", async () => {
    const { offerId } = await setUp();
    await quietHistory("ANNA10", 9);
    await quietHistory("BEN10", 9);
    await burst("ANNA10", 9, 20, "anna");

    const { flags, open } = await listLeakFlags(prisma, US, { offerId });
    expect(open).toBe(1);
    expect(flags.map((f) => [f.code, f.memberName, f.status])).toEqual([["ANNA10", "Anna Lee", "OPEN"]]);
    const evidence = (await leakEvidence(prisma, US, flags[0]!.id))!;
    expect(evidence.flag).toMatchObject({ uses: 14, distinctCustomers: 13, severity: "SPIKE", baselinePerHour: 1, baselineSource: "FLOOR", stores: 2 });
    expect(evidence.flag.windowEnd).toBe(t(9, 20, 39));
    // 13 buyers new to the store; the one who bought twice counts once as a first order.
    expect(evidence.flag.firstTimeShare).toBeCloseTo(13 / 14);
    expect(evidence.stores).toEqual([
      { store: US, uses: 10 },
      { store: CA, uses: 4 },
    ]);
    expect(evidence.countries).toEqual([
      { country: "US", uses: 7 },
      { country: "CA", uses: 4 },
      { country: "GB", uses: 3 },
    ]);
    // The chart: 48 hourly bars ending with the burst's hour, holding the burst and the quiet orders before it.
    expect(evidence.series).toHaveLength(48);
    expect(evidence.series.at(-1)).toEqual({ hourStart: t(9, 20), uses: 14 });
    expect(evidence.series.reduce((n, s) => n + s.uses, 0)).toBe(14 + 3); // the day before: three quiet orders
    // The orders: each of the window's 14, with store, country and whether it was a first order.
    expect(evidence.orders).toHaveLength(14);
    expect(evidence.orders.filter((o) => o.store === CA).every((o) => o.country === "CA")).toBe(true);
    expect(evidence.orders.filter((o) => o.firstOrder === false)).toHaveLength(0); // their records were created with these orders
    const audit = await prisma.auditEntry.findMany({ where: { action: "leak.flag" } });
    expect(audit.map((a) => a.subject)).toEqual([`code:${(await prisma.promoCode.findFirstOrThrow({ where: { code: "ANNA10" } })).id}`]);
    // The periodic sweep finds the same spike when the recording path missed it.
    await prisma.leakFlag.deleteMany();
    expect(await sweepLeaks(prisma, new Date(t(9, 20, 39)))).toBe(1);
    expect(await prisma.leakFlag.findFirstOrThrow()).toMatchObject({ code: "ANNA10", uses: 14, distinctCustomers: 13 });
  });

  it("R39: normal traffic over a week (simulated clock), with a growing evening peak of 12 orders an hour, is never flagged", async () => {
    const { offerId } = await setUp();
    const pool = Array.from({ length: 30 }, (_, i) => `fan-${i}@example.com`);
    let k = 0;
    const next = () => pool[k++ % pool.length]!;
    for (let d = 0; d < 7; d++) {
      for (let i = 0; i < 2; i++) await order(US, "CARA10", t(d, 9, 10 + i * 20), next());
      for (let i = 0; i < 3; i++) await order(i === 1 ? CA : US, "CARA10", t(d, 13, 5 + i * 15), next(), i === 1 ? "CA" : "US");
      const peak = d === 0 ? 6 : 12;
      for (let i = 0; i < peak; i++) await order(i % 4 === 0 ? CA : US, "CARA10", t(d, 19, 2 + i * 4), next());
      for (let i = 0; i < 2; i++) await order(US, "CARA10", t(d, 22, 10 + i * 25), next());
      await order(US, "BEN10", t(d, 15, 30), next());
    }
    expect(await prisma.conversion.count({ where: { offerId } })).toBe(7 * (2 + 3 + 2 + 1) + 6 + 12 * 6);
    expect(await prisma.leakFlag.count()).toBe(0);
    // The sweep at the busiest hour's end agrees.
    expect(await sweepLeaks(prisma, new Date(t(6, 19, 46)))).toBe(0);
    expect(await prisma.leakFlag.count()).toBe(0);
  });

  it("R39/R20: one click refreshes a flagged code: the old code is refused at checkout in every store, the new one works, and a second click is refused", async () => {
    const { offerId } = await setUp();
    await burst("ANNA10", 3, 12, "leak");
    const [flag] = (await listLeakFlags(prisma, US, { offerId })).flags;
    expect(flag?.code).toBe("ANNA10");

    const result = await actOnLeakFlag(prisma, { shop: US, actor: ACTOR, flagId: flag!.id, action: "refresh" });
    expect(result).toMatchObject({ ok: true, status: "REFRESHED" });
    await worker();
    const fresh = await prisma.promoCode.findFirstOrThrow({ where: { memberId: flag!.memberId, current: true } });
    expect(fresh.code).not.toBe("ANNA10");
    expect(fresh.status).toBe("ACTIVE");
    for (const shop of [US, CA]) {
      const refused = await checkoutAt(prisma, emulator, shop, { discountCode: "ANNA10", email: "late@deals.example" });
      expect(refused.status).toBe(422);
      expect((await checkoutAt(prisma, emulator, shop, { discountCode: fresh.code, email: "fan@example.com" })).status).toBe(200);
    }
    expect(await prisma.promoCode.findFirstOrThrow({ where: { code: "ANNA10" } })).toMatchObject({ status: "RETIRED", current: false });
    const handled = await prisma.leakFlag.findUniqueOrThrow({ where: { id: flag!.id } });
    expect([handled.status, handled.resolvedBy, Boolean(handled.jobId)]).toEqual(["REFRESHED", ACTOR, true]);
    expect((await prisma.job.findUniqueOrThrow({ where: { id: handled.jobId! } })).kind).toBe("REFRESH_CODES");
    expect(await actOnLeakFlag(prisma, { shop: US, actor: ACTOR, flagId: flag!.id, action: "deactivate" })).toEqual({
      ok: false,
      error: "This flag was already handled (refreshed).",
    });
    expect((await listLeakFlags(prisma, US, { offerId })).open).toBe(0);
  });

  it("R39/R24: deactivate from a flag switches the code off in every store; a dismissal needs a reason and teaches the baseline", async () => {
    const { offerId } = await setUp();
    await burst("BEN10", 2, 10, "ben");
    await burst("CARA10", 2, 10, "cara");
    const flags = (await listLeakFlags(prisma, US, { offerId })).flags;
    const ben = flags.find((f) => f.code === "BEN10")!;
    const cara = flags.find((f) => f.code === "CARA10")!;

    expect(await actOnLeakFlag(prisma, { shop: US, actor: ACTOR, flagId: ben.id, action: "deactivate" })).toMatchObject({ ok: true, status: "DEACTIVATED" });
    await worker();
    for (const shop of [US, CA]) expect((await checkoutAt(prisma, emulator, shop, { discountCode: "BEN10", email: "x@deals.example" })).status).toBe(422);
    expect((await prisma.promoCode.findFirstOrThrow({ where: { code: "BEN10" } })).status).toBe("DEACTIVATED");

    expect(await actOnLeakFlag(prisma, { shop: US, actor: ACTOR, flagId: cara.id, action: "dismiss", reason: " " })).toMatchObject({ ok: false });
    expect(await actOnLeakFlag(prisma, { shop: US, actor: ACTOR, flagId: cara.id, action: "dismiss", reason: "Cara's live stream" })).toMatchObject({
      ok: true,
      status: "DISMISSED",
    });
    // The next stream, a day later, at the same level: normal now. A far bigger spike still flags.
    await burst("CARA10", 3, 10, "cara2");
    expect(await prisma.leakFlag.count({ where: { code: "CARA10", status: "OPEN" } })).toBe(0);
    for (let i = 0; i < 20; i++) await order(US, "CARA10", t(4, 10, 2 * i), `wave-${i}@deals.example`);
    const again = await prisma.leakFlag.findFirstOrThrow({ where: { code: "CARA10", status: "OPEN" } });
    expect([again.uses, again.baselineSource, again.baselinePerHour]).toEqual([20, "LEARNED", 14 / 5]);
    expect((await prisma.auditEntry.findFirstOrThrow({ where: { action: "leak.dismiss" } })).details).toContain("Cara's live stream");
  });

  it("R39: an offer's auto-action deactivates on a HARD flag in every store and emails the merchant", async () => {
    process.env.EMAIL_DEFAULT_SMTP_URL = "smtp://127.0.0.1:2599";
    try {
      const { offerId } = await setUp();
      const saved = await saveLeakSettings(prisma, {
        shop: US,
        actor: ACTOR,
        offerId,
        fields: { ratio: "5", minCustomers: "10", hardRatio: "8", hardMinCustomers: "12", autoDeactivate: "true", notifyEmail: "ops@brand.example" },
      });
      expect(saved).toMatchObject({ ok: true });
      await burst("ANNA10", 2, 10, "hard");
      const flag = await prisma.leakFlag.findFirstOrThrow({ where: { code: "ANNA10" } });
      expect([flag.status, flag.severity, flag.autoAction, flag.resolvedBy]).toEqual(["DEACTIVATED", "HARD", true, "leak-watch"]);
      await worker();
      for (const shop of [US, CA]) expect((await checkoutAt(prisma, emulator, shop, { discountCode: "ANNA10", email: "y@deals.example" })).status).toBe(422);
      const mail = await prisma.emailMessage.findFirstOrThrow({ where: { kind: "LEAK_ALERT" } });
      expect([mail.toEmail, mail.subject, mail.status]).toEqual(["ops@brand.example", "Leak watch: ANNA10 deactivated after a spike of use", "QUEUED"]);
      expect(mail.textBody).toContain(`/app/leaks/${flag.id}`);
      // Shown on the pages for a week after, as handled automatically.
      expect((await listLeakFlags(prisma, US, { offerId })).flags.map((f) => [f.code, f.status, f.autoAction])).toEqual([["ANNA10", "DEACTIVATED", true]]);
    } finally {
      delete process.env.EMAIL_DEFAULT_SMTP_URL;
    }
  });
});
