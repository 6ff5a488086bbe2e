import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import type { EmulatorState } from "../../emulator/src/state";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { createOffer } from "~/services/offers.server";
import { newOfferValues, parseOfferForm } from "~/domain/offers/offer-input";
import { resetDatabase } from "../support/db";
import { CA, clientFor, control, startTestEmulator, UK, US } from "../support/emulator";
import { ACTOR } from "../support/factories";
import { linkStores } from "../support/stores";

// R33/R34: with 10% of calls failing with 5xx, bursts of THROTTLED and some calls applied whose
// answer is lost, the sync still ends with exactly the expected codes in every store.
describe("sync under faults", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    await resetDatabase(prisma);
  });
  afterAll(async () => {
    await emulator.close();
    await prisma.$disconnect();
  });

  it("R34: 5xx, THROTTLED bursts and lost answers leave no code missing, extra or duplicated", { timeout: 150_000 }, async () => {
    await linkStores(prisma, US, CA, "Canada");
    await linkStores(prisma, US, UK, "United Kingdom");
    const parsed = parseOfferForm({ ...newOfferValues(new Date("2026-11-01T00:00:00Z")), name: "Faulty", groupName: "Faulty codes", payoutFlatCents: "5", discountPercent: "10" });
    if (!parsed.ok) throw new Error("offer");
    const created = await createOffer(prisma, {
      shop: US,
      actor: ACTOR,
      input: parsed.value,
      sync: { syncEnabled: true, stores: [CA, UK], sameValueAcrossStores: true, storePercents: {} },
    });
    if (!created.ok) throw new Error("offer");
    const count = 300;
    const project = await prisma.project.create({ data: { shop: US, name: "Faults" } });
    await prisma.member.createMany({ data: Array.from({ length: count }, (_, i) => ({ shop: US, firstName: `F${i}`, email: `f${i}@faults.example` })) });
    const members = await prisma.member.findMany({ where: { shop: US }, orderBy: { email: "asc" } });
    await prisma.projectMember.createMany({ data: members.map((m) => ({ projectId: project.id, memberId: m.id })) });
    const expected = members.map((m, i) => ({ memberId: m.id, code: `FAULT${i}` }));
    const result = await generateCodesForMembers(prisma, { shop: US, actor: ACTOR, offerId: created.offer.id, items: expected });
    if (!result.ok) throw new Error("generation");

    // Plus-plan buckets: retries cost points, and this test is about the end state, not speed.
    for (const shop of [US, CA, UK]) await control(emulator, `shops/${shop}/plan`, { plan: "plus" });
    for (const shop of [US, CA, UK]) await control(emulator, `shops/${shop}/faults`, { errorRate: 0.1, lostResponseRate: 0.25, throttleNext: 5 });
    const sleep = async () => undefined; // backoffs without waiting: the emulator's bucket still meters
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      await runPendingOperations({
        db: prisma,
        adminFor: async (s) => clientFor(emulator, s, { sleep: (ms) => (ms > 50 ? sleep() : new Promise((r) => setTimeout(r, ms))) }),
        pollMs: 5,
        maxAttempts: 50,
        leaseMs: 2000,
        batchSize: 250,
      });
      const open = await prisma.syncOperation.count({ where: { status: { in: ["PENDING", "RUNNING"] } } });
      if (open === 0) break;
      // Retries wait out their backoff; make them due now.
      await prisma.syncOperation.updateMany({ where: { status: "PENDING" }, data: { leaseUntil: null } });
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const shop of [US, CA, UK]) await control(emulator, `shops/${shop}/faults`, {});

    const state = (await control(emulator, "state")) as EmulatorState;
    for (const shop of [US, CA, UK]) {
      const discounts = Object.values(state.shops[shop]!.discounts);
      expect(discounts.map((d) => d.title)).toEqual(["Faulty codes"]);
      const codes = discounts[0]!.codes.map((c) => c.code);
      expect(new Set(codes).size).toBe(codes.length);
      expect(codes.sort()).toEqual(expected.map((e) => e.code).sort());
    }
    expect(await prisma.syncOperation.count({ where: { status: { not: "SUCCEEDED" } } })).toBe(0);
    expect(await prisma.promoCode.count({ where: { status: "ACTIVE" } })).toBe(count);
  });
});
