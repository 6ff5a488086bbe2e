// R7/R33: the check before any write looks codes up 25 per call (aliased lookups, one point per
// code as before), not one call per code and store; a code held in one store is still found.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { createOffer } from "~/services/offers.server";
import { newOfferValues, parseOfferForm } from "~/domain/offers/offer-input";
import type { AdminClient } from "~/shopify/client.server";
import { resetDatabase } from "../support/db";
import { CA, clientFor, control, startTestEmulator, US } from "../support/emulator";
import { ACTOR } from "../support/factories";
import { linkStores } from "../support/stores";

describe("R7/R33: checks in batches", () => {
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

  it("R7/R33: 60 new codes are checked in 3 lookups per store, and the one held in Canada is created nowhere", async () => {
    await linkStores(prisma, US, CA, "Canada");
    await clientFor(emulator, CA).mutateOrThrow(
      `#graphql
      mutation TestTakeCodeForLookups($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { field message code } } }`,
      { input: { title: "Canada staff", code: "look37", startsAt: "2026-01-01T00:00:00Z", customerGets: { value: { percentage: 0.3 }, items: { all: true } } } },
    );
    const parsed = parseOfferForm({ ...newOfferValues(new Date("2026-11-01T00:00:00Z")), name: "Lookups", groupName: "Lookup codes", payoutFlatCents: "5", discountPercent: "10" });
    if (!parsed.ok) throw new Error("offer");
    const created = await createOffer(prisma, { shop: US, actor: ACTOR, input: parsed.value, sync: { syncEnabled: true, stores: [CA], sameValueAcrossStores: true, storePercents: {} } });
    if (!created.ok) throw new Error("offer");
    await prisma.member.createMany({ data: Array.from({ length: 60 }, (_, i) => ({ shop: US, firstName: `L${i}`, email: `l${i}@creators.example` })) });
    const members = await prisma.member.findMany({ where: { shop: US } });
    const generated = await generateCodesForMembers(prisma, { shop: US, actor: ACTOR, offerId: created.offer.id, items: members.map((m) => ({ memberId: m.id, code: `LOOK${m.firstName.slice(1)}` })) });
    if (!generated.ok) throw new Error("generation");

    // Every query a store receives, by operation name.
    const lookups = new Map<string, number>();
    const counted = (store: string): AdminClient => {
      const client = clientFor(emulator, store);
      return {
        ...client,
        query: (async (document: string, variables?: Record<string, unknown>) => {
          const name = /query\s+(\w+)/.exec(document)?.[1] ?? "";
          if (name === "CodesExist" || name === "CodeExists") lookups.set(store, (lookups.get(store) ?? 0) + 1);
          return client.query(document, variables as never);
        }) as AdminClient["query"],
      };
    };
    const clients = new Map([US, CA].map((s) => [s, counted(s)]));
    await runPendingOperations({ db: prisma, adminFor: async (s) => clients.get(s)!, pollMs: 5 });

    expect(Object.fromEntries(lookups)).toEqual({ [US]: 3, [CA]: 3 });
    const statuses = await prisma.promoCode.groupBy({ by: ["status"], _count: { _all: true } });
    expect(Object.fromEntries(statuses.map((s) => [s.status, s._count._all]))).toEqual({ ACTIVE: 59, FAILED: 1 });
    expect((await prisma.promoCode.findFirstOrThrow({ where: { status: "FAILED" } })).code).toBe("LOOK37");
  });
});
