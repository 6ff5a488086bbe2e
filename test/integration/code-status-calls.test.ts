// R24/R33: deactivating many members' codes of a unified discount removes them from it together:
// their redeem-code ids read once, 250 removed per call, never one call per code.
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

  it("R24/R33: 300 members' codes are deactivated in 4 Admin calls (their ids read in 2 pages, removed 250 per call), and activated back", async () => {
    const client = clientFor(emulator, US);
    const worker = () => runPendingOperations({ db: prisma, adminFor: async () => client, pollMs: 5 });
    const { offer } = await makeOffer(prisma, US, { name: "Many", groupName: "Many codes" });
    await prisma.member.createMany({ data: Array.from({ length: 300 }, (_, i) => ({ shop: US, firstName: `M${i}`, email: `m${i}@creators.example` })) });
    const members = await prisma.member.findMany({ where: { shop: US } });
    const generated = await generateCodesForMembers(prisma, { shop: US, actor: ACTOR, offerId: offer.id, items: members.map((m) => ({ memberId: m.id, code: `MANY${m.firstName}` })) });
    if (!generated.ok) throw new Error("generation");
    await worker();
    const codesInStore = async () => {
      const state = (await control(emulator, "state")) as EmulatorState;
      return Object.values(state.shops[US]!.discounts).filter((d) => d.title === "Many codes").flatMap((d) => d.codes.map((c) => c.code));
    };
    expect((await codesInStore()).length).toBe(300);

    const before = client.stats.calls;
    const off = await changeCodeStatus(prisma, { shop: US, actor: ACTOR, offerId: offer.id, offerMemberIds: "ALL", target: "DEACTIVATED" });
    expect(off).toMatchObject({ ok: true, changed: 300 });
    await worker();
    expect(await codesInStore()).toEqual([]);
    expect(await prisma.promoCode.count({ where: { offerId: offer.id, status: "DEACTIVATED" } })).toBe(300);
    // The bulk add reported no redeem-code ids: one page read finds the first 250, a second the
    // other 50 (pages of 250), then two removals of 250 and 50.
    expect(client.stats.calls - before).toBe(4);

    const on = await changeCodeStatus(prisma, { shop: US, actor: ACTOR, offerId: offer.id, offerMemberIds: "ALL", target: "ACTIVE" });
    expect(on).toMatchObject({ ok: true, changed: 300 });
    await worker();
    expect((await codesInStore()).sort()).toEqual(members.map((m) => `MANY${m.firstName}`).sort());
    expect(await prisma.promoCode.count({ where: { offerId: offer.id, status: "ACTIVE" } })).toBe(300);
  });
});
