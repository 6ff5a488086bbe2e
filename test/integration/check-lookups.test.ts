// R7/R33: the check before any write looks codes up in aliased batches as large as Shopify's
// single-query maximum allows (1,000 lookups at one point each), not one call per code and store; a
// code held in one store is still found, wherever it sits in its batch, and a batch Shopify finds
// too expensive is split.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { createOffer } from "~/services/offers.server";
import { newOfferValues, parseOfferForm } from "~/domain/offers/offer-input";
import type { AdminClient } from "~/shopify/client.server";
import { codesExist } from "~/shopify/discounts.server";
import { createShopifyFetch } from "~/shopify/emulator-routing.server";
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

  it("R7/R33: 120 new codes are checked in one lookup per store, and the one held in Canada, mid-batch, is created nowhere", async () => {
    await linkStores(prisma, US, CA, "Canada");
    await clientFor(emulator, CA).mutateOrThrow(
      `#graphql
      mutation TestTakeCodeForLookups($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { field message code } } }`,
      { input: { title: "Canada staff", code: "look60", startsAt: "2026-01-01T00:00:00Z", customerGets: { value: { percentage: 0.3 }, items: { all: true } } } },
    );
    const parsed = parseOfferForm({ ...newOfferValues(new Date("2026-11-01T00:00:00Z")), name: "Lookups", groupName: "Lookup codes", payoutFlatCents: "5", discountPercent: "10" });
    if (!parsed.ok) throw new Error("offer");
    const created = await createOffer(prisma, {
      shop: US,
      actor: ACTOR,
      input: parsed.value,
      sync: { syncEnabled: true, stores: [CA], sameValueAcrossStores: true, storePercents: {} },
    });
    if (!created.ok) throw new Error("offer");
    await prisma.member.createMany({ data: Array.from({ length: 120 }, (_, i) => ({ shop: US, firstName: `L${i}`, email: `l${i}@creators.example` })) });
    const members = await prisma.member.findMany({ where: { shop: US } });
    const generated = await generateCodesForMembers(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: created.offer.id,
      items: members.map((m) => ({ memberId: m.id, code: `LOOK${m.firstName.slice(1)}` })),
    });
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

    expect(Object.fromEntries(lookups)).toEqual({ [US]: 1, [CA]: 1 });
    const statuses = await prisma.promoCode.groupBy({ by: ["status"], _count: { _all: true } });
    expect(Object.fromEntries(statuses.map((s) => [s.status, s._count._all]))).toEqual({ ACTIVE: 119, FAILED: 1 });
    expect((await prisma.promoCode.findFirstOrThrow({ where: { status: "FAILED" } })).code).toBe("LOOK60");
  }, 120_000);

  /** A client whose every answered query's calculated cost (Shopify's extensions.cost) is kept. */
  const costedClient = (store: string) => {
    const costs: number[] = [];
    const refused: string[] = [];
    const routed = createShopifyFetch(emulator.url);
    const client = clientFor(emulator, store, {
      fetch: async (input, init) => {
        const response = await routed(input, init);
        const body = (await response.clone().json()) as { extensions?: { cost?: { requestedQueryCost: number } }; errors?: { extensions?: { code?: string } }[] };
        if (body.extensions?.cost) costs.push(body.extensions.cost.requestedQueryCost);
        for (const e of body.errors ?? []) if (e.extensions?.code) refused.push(e.extensions.code);
        return response;
      },
    });
    return { client, costs, refused };
  };
  const takeCode = (store: string, code: string) =>
    clientFor(emulator, store).mutateOrThrow(
      `#graphql
      mutation TestTakeCodeForBatches($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { field message code } } }`,
      { input: { title: `Staff ${code}`, code, startsAt: "2026-01-01T00:00:00Z", customerGets: { value: { percentage: 0.3 }, items: { all: true } } } },
    );

  it("R7/R33: 2,400 codes are looked up in 3 queries of 800, each under the 1,000-point maximum, and the taken ones are found", async () => {
    await takeCode(CA, "BATCH1201");
    await takeCode(CA, "batch2399");
    const { client, costs, refused } = costedClient(CA);
    const codes = Array.from({ length: 2400 }, (_, i) => `BATCH${i}`);
    const held = await codesExist(client, codes, { concurrency: 1 });
    expect([...held].sort()).toEqual(["BATCH1201", "BATCH2399"]);
    expect(costs).toEqual([800, 800, 800]);
    expect(refused).toEqual([]);
  }, 120_000);

  it("R33: a batch whose cost would exceed the maximum is refused by Shopify, split, and asked again", async () => {
    await takeCode(CA, "SPLIT777");
    const { client, costs, refused } = costedClient(CA);
    const codes = Array.from({ length: 1200 }, (_, i) => `SPLIT${i}`);
    // 1,200 lookups in one query cost 1,200 points: over the maximum, refused before it runs.
    const held = await codesExist(client, codes, { perQuery: 1200 });
    expect([...held]).toEqual(["SPLIT777"]);
    expect(refused).toEqual(["MAX_COST_EXCEEDED"]);
    expect(costs.sort()).toEqual([600, 600]);
  }, 120_000);
});
