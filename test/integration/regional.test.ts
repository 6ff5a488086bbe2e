// Issue 23 (R42): the regional store owner's view. In a connected store: exactly the offers and codes
// another store syncs into it, read-only; its own orders' conversions only, in its currency and
// USD; revoking with "keep" or "deactivate here" (this store only, audited on both sides, the
// primary told); the primary's uninstall leaves the codes until the regional owner decides.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import type { EmulatorState } from "../../emulator/src/state";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { createOffer, listOffers } from "~/services/offers.server";
import { importBundledRates, usdRateFor } from "~/services/rates.server";
import { changeCodeStatus } from "~/services/code-status.server";
import { defaultRange } from "~/services/dashboard.server";
import { drainWebhookQueue } from "~/jobs/webhook-worker.server";
import { markUninstalled } from "~/services/shops.server";
import { hasGrant } from "~/services/stores.server";
import { dismissRevocation, performanceHere, revocationsToTell, revokeIncoming, storesSyncingInto, syncedIntoStore, syncedOfferHere } from "~/services/regional.server";
import { newOfferValues, parseOfferForm } from "~/domain/offers/offer-input";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { resetDatabase } from "../support/db";
import { CA, clientFor, control, startTestEmulator, UK, US } from "../support/emulator";
import { ACTOR, makeProjectWithMembers } from "../support/factories";
import { run, webhookRequest } from "../support/requests";
import { linkStores } from "../support/stores";

const UNRELATED = "mx-store.myshopify.com";
const CA_ACTOR = "user:70000042";
type Order = { id: number; admin_graphql_api_id: string; subtotal_price: string; currency: string; created_at: string; name: string };

// Each test syncs codes into two or three stores and places orders: slow on a busy machine.
describe("the regional store owner's view (R42)", { timeout: 120_000 }, () => {
  let emulator: Emulator;
  const worker = () => runPendingOperations({ db: prisma, adminFor: async (s) => clientFor(emulator, s), pollMs: 5 });
  const codesIn = async (shop: string, title: string) => {
    const state = (await control(emulator, "state")) as EmulatorState;
    return Object.values(state.shops[shop]!.discounts)
      .filter((d) => d.title === title)
      .flatMap((d) => d.codes.map((c) => c.code))
      .sort();
  };
  const offer = async (shop: string, name: string, stores: string[], percents: Record<string, number> = {}) => {
    const parsed = parseOfferForm({
      ...newOfferValues(new Date("2026-11-01T00:00:00Z")),
      name,
      groupName: `${name} codes`,
      payoutType: "BOTH",
      payoutFlatCents: "2",
      payoutPercent: "10",
      discountPercent: "20",
    });
    if (!parsed.ok) throw new Error("offer");
    const sync = stores.length ? { syncEnabled: true, stores, sameValueAcrossStores: !Object.keys(percents).length, storePercents: percents } : undefined;
    const created = await createOffer(prisma, { shop, actor: ACTOR, input: parsed.value, sync });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    return created.offer;
  };
  const generate = async (shop: string, offerId: string, items: { memberId: string; code: string }[]) => {
    const r = await generateCodesForMembers(prisma, { shop, actor: ACTOR, offerId, items });
    if (!r.ok) throw new Error(JSON.stringify(r));
  };
  const order = async (shop: string, code: string) => {
    const { order: o } = (await control(emulator, `shops/${shop}/orders`, { lines: [{ quantity: 2 }], discountCode: code, email: `buyer-${Math.random()}@example.com` })) as {
      order: Order;
    };
    expect(((await run(ordersCreate, webhookRequest("orders/create", shop, o))) as Response).status).toBe(200);
    await drainWebhookQueue(prisma);
    return o;
  };
  /** us-store syncs "Global launch" into ca-store (15% there), with Anna's and Ben's codes. */
  const globalLaunch = async () => {
    await linkStores(prisma, US, CA, "Canada");
    const o = await offer(US, "Global launch", [CA], { [CA]: 15 });
    const { members } = await makeProjectWithMembers(prisma, US, [
      ["Anna", "Lee"],
      ["Ben", "Ortiz"],
    ]);
    await generate(US, o.id, [
      { memberId: members[0]!.id, code: "ANNA20" },
      { memberId: members[1]!.id, code: "BEN20" },
    ]);
    await worker();
    return { offer: o, members, link: await prisma.storeLink.findFirstOrThrow({ where: { primaryShop: US, connectedShop: CA } }) };
  };

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
    await importBundledRates(prisma, { since: "2025-01-01", currencies: ["CAD", "GBP"] });
  });

  it("R42: the regional view shows exactly the offers and codes synced into that store, its own orders' conversions only, in its currency and USD; an unrelated store sees nothing", async () => {
    const { offer: global, members } = await globalLaunch();
    await linkStores(prisma, US, UK, "United Kingdom");
    const ukOnly = await offer(US, "UK only", [UK]);
    const usOnly = await offer(US, "US only", []);
    await generate(US, ukOnly.id, [{ memberId: members[0]!.id, code: "ANNA-UK" }]);
    await generate(US, usOnly.id, [{ memberId: members[1]!.id, code: "BEN-US" }]);
    await worker();

    const inCa = await syncedIntoStore(prisma, CA);
    expect(inCa.groups).toHaveLength(1);
    expect(inCa.groups[0]!.link).toMatchObject({ primary: { shop: US, name: "us-store", installed: true }, label: "Canada", situation: "SYNCING" });
    expect(inCa.groups[0]!.link.message).toMatch(/^Managed in us-store/);
    expect(inCa.groups[0]!.offers.map((o) => o.name)).toEqual(["Global launch"]);
    expect(inCa.groups[0]!.offers[0]).toMatchObject({
      discount: "15% off",
      startsAt: "2026-11-01",
      codesLive: 2,
      pending: 0,
      failed: 0,
      health: { tone: "success", label: "In sync" },
    });
    expect(inCa.groups[0]!.offers[0]!.lastSyncedAt).not.toBeNull();
    expect((await syncedIntoStore(prisma, UK)).groups.flatMap((g) => g.offers.map((o) => o.name))).toEqual(["UK only"]);
    // The primary store syncs into nobody's view of itself; an unrelated store sees nothing at all.
    expect((await syncedIntoStore(prisma, US)).groups).toEqual([]);
    expect((await syncedIntoStore(prisma, UNRELATED)).groups).toEqual([]);
    expect(await syncedOfferHere(prisma, UNRELATED, global.id)).toBeNull();
    expect(await syncedOfferHere(prisma, CA, ukOnly.id)).toBeNull();
    expect(await syncedOfferHere(prisma, CA, usOnly.id)).toBeNull();

    const here = (await syncedOfferHere(prisma, CA, global.id))!;
    expect(here.codes.rows.map((c) => [c.code, c.member, c.here.label])).toEqual([
      ["ANNA20", "Anna Lee", "Active"],
      ["BEN20", "Ben Ortiz", "Active"],
    ]);

    // Orders in three stores with the same code: ca-store's view counts its own order only.
    const caOrder = await order(CA, "ANNA20");
    await order(US, "ANNA20");
    expect(caOrder.currency).toBe("CAD");
    const perf = await performanceHere(prisma, CA, { id: global.id, shop: US }, defaultRange());
    const caCents = Math.round(Number(caOrder.subtotal_price) * 100);
    const rate = (await usdRateFor(prisma, "CAD", caOrder.created_at.slice(0, 10)))!;
    const usd = Math.round(caCents / rate.unitsPerUsd);
    expect(perf.totals).toMatchObject({ conversions: 1, salesUsdCents: usd, payoutCents: 200 + Math.round(usd * 0.1), sales: [{ currency: "CAD", cents: caCents }] });
    expect(perf.conversions.map((c) => [c.orderName, c.code, c.member, c.currency, c.saleCents, c.saleUsdCents])).toEqual([
      [caOrder.name, "ANNA20", "Anna Lee", "CAD", caCents, usd],
    ]);
    expect(perf.byDay.reduce((n, d) => n + d.salesUsdCents, 0)).toBe(usd);
    // The primary store's own dashboard still counts both orders.
    expect(await prisma.conversion.count({ where: { offerId: global.id } })).toBe(2);
    // UK's view of the offer it does not hold is nothing, even with the offer's id.
    expect(await syncedOfferHere(prisma, UK, global.id)).toBeNull();
  });

  it('R42/R1a: revoking with "deactivate here" deactivates the codes in this store only, is audited on both sides, and the primary is told', async () => {
    const { offer: global, link } = await globalLaunch();
    expect(await storesSyncingInto(prisma, CA)).toEqual([expect.objectContaining({ id: link.id, offers: 1, codesLive: 2, codesDeactivated: 0, situation: "SYNCING" })]);

    const r = await revokeIncoming(prisma, { store: CA, actor: CA_ACTOR, linkId: link.id, choice: "DEACTIVATE" });
    expect(r).toMatchObject({ ok: true, codes: 2 });
    expect(await hasGrant(prisma, US, CA)).toBe(false);
    await worker();
    expect(await codesIn(CA, "Global launch codes")).toEqual([]);
    expect(await codesIn(US, "Global launch codes")).toEqual(["ANNA20", "BEN20"]);
    // In the primary store the codes are still active (they work there); in ca-store they are not.
    expect((await prisma.promoCode.findMany({ where: { offerId: global.id }, orderBy: { code: "asc" } })).map((c) => c.status)).toEqual(["ACTIVE", "ACTIVE"]);
    const here = (await syncedOfferHere(prisma, CA, global.id))!;
    expect(here.codes.rows.map((c) => c.here.label)).toEqual(["Deactivated here", "Deactivated here"]);
    expect(here.link.situation).toBe("REVOKED_HERE");
    expect(here.offer).toMatchObject({ codesLive: 0, codesDeactivated: 2 });
    // The job is ca-store's.
    expect(await prisma.job.findFirstOrThrow({ where: { id: (r as { jobId: string }).jobId } })).toMatchObject({
      shop: CA,
      kind: "DEACTIVATE_CODES",
      status: "DONE",
      succeeded: 2,
      failed: 0,
    });

    // R36 on both sides.
    expect(await prisma.auditEntry.findFirst({ where: { shop: CA, action: "store.revoke_incoming" } })).toMatchObject({ actor: CA_ACTOR, subject: `link:${link.id}` });
    expect(await prisma.auditEntry.findFirst({ where: { shop: US, action: "store.revoked_by_connected" } })).toMatchObject({ actor: `store:${CA}`, subject: `link:${link.id}` });
    // The primary is told until it dismisses the notice; ca-store cannot dismiss it.
    const told = await revocationsToTell(prisma, US);
    expect(told).toEqual([expect.objectContaining({ store: CA, label: "Canada", choice: "DEACTIVATE", offers: 1, codes: 2 })]);
    expect(await revocationsToTell(prisma, CA)).toEqual([]);
    expect(await dismissRevocation(prisma, { shop: CA, actor: CA_ACTOR, id: told[0]!.id })).toMatchObject({ ok: false });
    expect(await dismissRevocation(prisma, { shop: US, actor: ACTOR, id: told[0]!.id })).toEqual({ ok: true });
    expect(await revocationsToTell(prisma, US)).toEqual([]);
    // Another store cannot revoke a link that is not into it.
    expect(await revokeIncoming(prisma, { store: UK, actor: CA_ACTOR, linkId: link.id, choice: "DEACTIVATE" })).toMatchObject({ ok: false });
  });

  it('R42/R1a: "keep" leaves the codes working here and the primary can no longer act here; the store\'s own later "deactivate here" still can', async () => {
    const { offer: global, link } = await globalLaunch();
    expect(await revokeIncoming(prisma, { store: CA, actor: CA_ACTOR, linkId: link.id, choice: "KEEP" })).toMatchObject({ ok: true, jobId: null, codes: 0 });
    expect(await codesIn(CA, "Global launch codes")).toEqual(["ANNA20", "BEN20"]);
    expect((await syncedIntoStore(prisma, CA)).groups[0]!.link.message).toMatch(/kept its codes here/);
    expect(await revokeIncoming(prisma, { store: CA, actor: CA_ACTOR, linkId: link.id, choice: "KEEP" })).toMatchObject({ ok: false });

    // The primary deactivates every member's code: done at home, refused in ca-store (R1a).
    const change = await changeCodeStatus(prisma, { shop: US, actor: ACTOR, offerId: global.id, offerMemberIds: "ALL", target: "DEACTIVATED" });
    expect(change).toMatchObject({ ok: true, changed: 2 });
    await worker();
    expect(await codesIn(US, "Global launch codes")).toEqual([]);
    expect(await codesIn(CA, "Global launch codes")).toEqual(["ANNA20", "BEN20"]);
    expect(await prisma.syncOperation.findFirst({ where: { store: CA, action: "DEACTIVATE_CODE", status: "FAILED" } })).toMatchObject({
      error: expect.stringMatching(/no longer connected/),
    });

    // ca-store decides later: its own deactivation goes through with its own session.
    expect(await revokeIncoming(prisma, { store: CA, actor: CA_ACTOR, linkId: link.id, choice: "DEACTIVATE" })).toMatchObject({ ok: true, codes: 2 });
    await worker();
    expect(await codesIn(CA, "Global launch codes")).toEqual([]);
  });

  it("R42/R11: when the primary store uninstalls, the regional view says so and its codes stay until the regional owner decides", async () => {
    const { offer: global, link } = await globalLaunch();
    await markUninstalled(prisma, US);
    await worker();
    const group = (await syncedIntoStore(prisma, CA)).groups[0]!;
    expect(group.link).toMatchObject({ situation: "PRIMARY_UNINSTALLED", primary: { installed: false } });
    expect(group.link.message).toMatch(/us-store uninstalled Creator Codes on \d{4}-\d\d-\d\d\. Its codes stay in this store exactly as they are until you decide/);
    expect(group.offers[0]).toMatchObject({ id: global.id, codesLive: 2 });
    expect(await codesIn(CA, "Global launch codes")).toEqual(["ANNA20", "BEN20"]);

    expect(await revokeIncoming(prisma, { store: CA, actor: CA_ACTOR, linkId: link.id, choice: "DEACTIVATE" })).toMatchObject({ ok: true, codes: 2 });
    await worker();
    expect(await codesIn(CA, "Global launch codes")).toEqual([]);
    expect(await codesIn(US, "Global launch codes")).toEqual(["ANNA20", "BEN20"]);
  });

  it("R42: a store that is primary for its own offers and connected for another's sees both, separated", async () => {
    const { offer: global } = await globalLaunch();
    await linkStores(prisma, CA, UK, "United Kingdom");
    const own = await offer(CA, "Canada own", [UK]);
    const ownMembers = await makeProjectWithMembers(prisma, CA, [["Chloe", "Roy"]], "Canadian creators");
    await generate(CA, own.id, [{ memberId: ownMembers.members[0]!.id, code: "CHLOE10" }]);
    await worker();
    expect((await listOffers(prisma, CA)).rows.map((o) => o.name)).toEqual(["Canada own"]);
    expect((await syncedIntoStore(prisma, CA)).groups.flatMap((g) => g.offers.map((o) => o.id))).toEqual([global.id]);
    const inUk = await syncedIntoStore(prisma, UK);
    expect(inUk.groups.map((g) => [g.link.primary.shop, g.offers.map((o) => o.name)])).toEqual([[CA, ["Canada own"]]]);
    expect(await syncedOfferHere(prisma, CA, own.id)).toBeNull();
  });
});
