// R24/R33: deactivating many members' codes of a unified discount removes them from it together:
// by the redeem-code ids their bulk creation returned (kept, never paged for), 250 per call, never
// one call per code.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import type { EmulatorState } from "../../emulator/src/state";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { changeCodeStatus } from "~/services/code-status.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { resetDatabase } from "../support/db";
import { clientFor, control, startTestEmulator, US } from "../support/emulator";
import { ACTOR, makeOffer } from "../support/factories";

describe("R24/R33: bulk deactivation in a unified discount", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator.close();
    await prisma.$disconnect();
  });
  beforeEach(async () => {
    await resetDatabase(prisma);
    await control(emulator, "reset", {});
  });

  it("R24/R33: 300 members' codes are deactivated in 2 Admin calls (by the ids their bulk creation returned, 250 per call), and activated back with their new ids", async () => {
    const client = clientFor(emulator, US);
    const worker = () => runPendingOperations({ db: prisma, adminFor: async () => client, pollMs: 5 });
    const { offer } = await makeOffer(prisma, US, { name: "Many", groupName: "Many codes" });
    await prisma.member.createMany({ data: Array.from({ length: 300 }, (_, i) => ({ shop: US, firstName: `M${i}`, email: `m${i}@creators.example` })) });
    const members = await prisma.member.findMany({ where: { shop: US } });
    const generated = await generateCodesForMembers(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: offer.id,
      items: members.map((m) => ({ memberId: m.id, code: `MANY${m.firstName}` })),
    });
    if (!generated.ok) throw new Error("generation");
    await worker();
    const codesInStore = async () => {
      const state = (await control(emulator, "state")) as EmulatorState;
      return Object.values(state.shops[US]!.discounts)
        .filter((d) => d.title === "Many codes")
        .flatMap((d) => d.codes.map((c) => c.code));
    };
    expect((await codesInStore()).length).toBe(300);
    const idsInStore = async () => {
      const state = (await control(emulator, "state")) as EmulatorState;
      return new Map(Object.values(state.shops[US]!.discounts).flatMap((d) => d.codes.map((c) => [c.code, `gid://shopify/DiscountRedeemCode/${c.id}`] as const)));
    };
    const keptIds = async () => new Map((await prisma.storeCode.findMany({ include: { promoCode: true } })).map((sc) => [sc.promoCode.code, sc.remoteCodeId]));
    expect(await keptIds()).toEqual(await idsInStore());

    const before = client.stats.calls;
    const off = await changeCodeStatus(prisma, { shop: US, actor: ACTOR, offerId: offer.id, offerMemberIds: "ALL", target: "DEACTIVATED" });
    expect(off).toMatchObject({ ok: true, changed: 300 });
    await worker();
    expect(await codesInStore()).toEqual([]);
    expect(await prisma.promoCode.count({ where: { offerId: offer.id, status: "DEACTIVATED" } })).toBe(300);
    // The bulk creation's ids were kept: two removals of 250 and 50, no page of the discount read.
    expect(client.stats.calls - before).toBe(2);

    const on = await changeCodeStatus(prisma, { shop: US, actor: ACTOR, offerId: offer.id, offerMemberIds: "ALL", target: "ACTIVE" });
    expect(on).toMatchObject({ ok: true, changed: 300 });
    await worker();
    expect((await codesInStore()).sort()).toEqual(members.map((m) => `MANY${m.firstName}`).sort());
    expect(await prisma.promoCode.count({ where: { offerId: offer.id, status: "ACTIVE" } })).toBe(300);
    // Added back as new redeem codes: their new ids are kept.
    expect(await keptIds()).toEqual(await idsInStore());
  }, 120_000);
});
