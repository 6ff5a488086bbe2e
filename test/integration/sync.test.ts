import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import type { EmulatorState } from "../../emulator/src/state";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { getJob } from "~/services/jobs.server";
import { createOffer, updateOffer } from "~/services/offers.server";
import { availableSyncStores, connectStore, createLinkCode, retryFailedSync, revokeStoreLink, syncStatus } from "~/services/stores.server";
import { markUninstalled } from "~/services/shops.server";
import { newOfferValues, parseOfferForm, type OfferFormValues } from "~/domain/offers/offer-input";
import type { SyncInput } from "~/domain/stores/sync-settings";
import { createAdminClient } from "~/shopify/client.server";
import { createShopifyFetch } from "~/shopify/emulator-routing.server";
import { resetDatabase } from "../support/db";
import { CA, clientFor, control, startTestEmulator, UK, US } from "../support/emulator";
import { ACTOR, makeProjectWithMembers } from "../support/factories";
import { linkStores } from "../support/stores";

const offerInput = (values: Partial<OfferFormValues> = {}) => {
  const parsed = parseOfferForm({
    ...newOfferValues(new Date("2026-11-01T00:00:00Z")),
    name: "Global launch",
    groupName: "Global creator codes",
    payoutFlatCents: "10",
    discountPercent: "20",
    minimumType: "SUBTOTAL",
    minimumSubtotalCents: "40",
    ...values,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
};
const synced = (stores: string[], percents?: Record<string, number>): SyncInput => ({ syncEnabled: true, stores, sameValueAcrossStores: !percents, storePercents: percents ?? {} });

describe("connected stores and the sync engine (R1–R13)", () => {
  let emulator: Emulator;
  const worker = (adminFor = async (store: string) => clientFor(emulator, store)) => runPendingOperations({ db: prisma, adminFor, pollMs: 5 });
  const codesIn = async (shop: string, title = "Global creator codes") => {
    const state = (await control(emulator, "state")) as EmulatorState;
    return Object.values(state.shops[shop]!.discounts)
      .filter((d) => d.title.startsWith(title))
      .flatMap((d) => d.codes.map((c) => c.code))
      .sort();
  };
  const discountsIn = async (shop: string) => Object.values(((await control(emulator, "state")) as EmulatorState).shops[shop]!.discounts);
  const generate = async (offerId: string, items: { memberId: string; code: string }[]) => {
    const r = await generateCodesForMembers(prisma, { shop: US, actor: ACTOR, offerId, items });
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.jobId;
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
  });

  it("R1a: a link code is single use, expires after 24 h, and only works from another store", async () => {
    await prisma.shop.createMany({
      data: [
        { domain: US, name: "US" },
        { domain: CA, name: "Canada" },
      ],
    });
    const { code } = await createLinkCode(prisma, { shop: CA, actor: ACTOR });
    expect(await connectStore(prisma, { shop: CA, actor: ACTOR, code })).toMatchObject({ ok: false, error: expect.stringMatching(/created in this store/) });
    expect(await connectStore(prisma, { shop: US, actor: ACTOR, code: code.toLowerCase() })).toMatchObject({
      ok: true,
      link: { primaryShop: US, connectedShop: CA, label: "Canada" },
    });
    expect(await connectStore(prisma, { shop: UK, actor: ACTOR, code })).toMatchObject({ ok: false, error: expect.stringMatching(/already used/) });
    const old = await createLinkCode(prisma, { shop: CA, actor: ACTOR, now: new Date(Date.now() - 25 * 3600_000) });
    expect(await connectStore(prisma, { shop: UK, actor: ACTOR, code: old.code })).toMatchObject({ ok: false, error: expect.stringMatching(/expired/) });
    expect(await connectStore(prisma, { shop: UK, actor: ACTOR, code: "CCL-AAAA-BBBB-CCCC" })).toMatchObject({ ok: false, error: expect.stringMatching(/not valid/) });
  });

  it("R6/R10/R13: generated codes are created in the primary and every selected store, with the same settings", async () => {
    await linkStores(prisma, US, CA, "Canada");
    await linkStores(prisma, US, UK, "United Kingdom");
    const created = await createOffer(prisma, { shop: US, actor: ACTOR, input: offerInput(), sync: synced([CA, UK]) });
    if (!created.ok) throw new Error("offer");
    const { members } = await makeProjectWithMembers(prisma, US, [
      ["Anna", "Lee"],
      ["Ben", "Ortiz"],
    ]);
    const jobId = await generate(created.offer.id, [
      { memberId: members[0]!.id, code: "ANNA20" },
      { memberId: members[1]!.id, code: "BEN20" },
    ]);
    await worker();
    for (const shop of [US, CA, UK]) expect(await codesIn(shop)).toEqual(["ANNA20", "BEN20"]);
    const [us, ca, uk] = [await discountsIn(US), await discountsIn(CA), await discountsIn(UK)];
    for (const d of [...us, ...ca, ...uk]) expect(d).toMatchObject({ value: { percentage: 0.2 }, minimumRequirement: { subtotal: "40" }, startsAt: "2026-11-01T00:00:00Z" });
    const report = (await getJob(prisma, US, jobId))!;
    expect(report.job).toMatchObject({ status: "DONE", codes: 2, codesCreated: 2, codesFailed: 0, tone: "success" });
    // R17: one row per member with one outcome per store; the R7 checks are never counted as creations.
    expect(report.rows.map((r) => [r.code, r.stores.map((c) => `${c.label}:${c.outcome}`)])).toEqual([
      ["ANNA20", ["Primary store:CREATED", "Canada:CREATED", "United Kingdom:CREATED"]],
      ["BEN20", ["Primary store:CREATED", "Canada:CREATED", "United Kingdom:CREATED"]],
    ]);
    expect(await prisma.promoCode.count({ where: { status: "ACTIVE" } })).toBe(2);
  });

  it("R4: one percentage per store when values differ", async () => {
    await linkStores(prisma, US, CA, "Canada");
    const created = await createOffer(prisma, { shop: US, actor: ACTOR, input: offerInput(), sync: synced([CA], { [CA]: 15 }) });
    if (!created.ok) throw new Error("offer");
    const { members } = await makeProjectWithMembers(prisma, US, [["Anna", "Lee"]]);
    await generate(created.offer.id, [{ memberId: members[0]!.id, code: "ANNA20" }]);
    await worker();
    expect((await discountsIn(US))[0]!.value).toEqual({ percentage: 0.2 });
    expect((await discountsIn(CA))[0]!.value).toEqual({ percentage: 0.15 });
  });

  it("R7: a code taken in one store is created in none, and the merchant is told which store holds it", async () => {
    await linkStores(prisma, US, CA, "Canada");
    await linkStores(prisma, US, UK, "United Kingdom");
    await clientFor(emulator, UK).mutateOrThrow(
      `#graphql
      mutation TestTakeCodeInUk($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { field message code } } }`,
      { input: { title: "UK staff", code: "ben20", startsAt: "2026-01-01T00:00:00Z", customerGets: { value: { percentage: 0.3 }, items: { all: true } } } },
    );
    const created = await createOffer(prisma, { shop: US, actor: ACTOR, input: offerInput(), sync: synced([CA, UK]) });
    if (!created.ok) throw new Error("offer");
    const { members } = await makeProjectWithMembers(prisma, US, [
      ["Anna", "Lee"],
      ["Ben", "Ortiz"],
    ]);
    const jobId = await generate(created.offer.id, [
      { memberId: members[0]!.id, code: "ANNA20" },
      { memberId: members[1]!.id, code: "BEN20" },
    ]);
    await worker();
    for (const shop of [US, CA]) expect(await codesIn(shop)).toEqual(["ANNA20"]);
    expect(await codesIn(UK)).toEqual(["ANNA20"]);
    const job = await getJob(prisma, US, jobId);
    const message = '"BEN20" already exists in United Kingdom, so it was created in no store. Pick another code for this member.';
    expect(job!.rows.filter((r) => r.stores.some((c) => c.outcome !== "CREATED"))).toEqual([
      expect.objectContaining({ member: "Ben Ortiz", code: "BEN20", stores: [US, CA, UK].map((store) => expect.objectContaining({ store, outcome: "NOT_CREATED", message })) }),
    ]);
    expect(job!.job).toMatchObject({ codesCreated: 1, codesFailed: 1, tone: "warning" });
  });

  it("R7: a store that then fails for good is rolled back everywhere, never left half-synced", async () => {
    await linkStores(prisma, US, CA, "Canada");
    const created = await createOffer(prisma, { shop: US, actor: ACTOR, input: offerInput(), sync: synced([CA]) });
    if (!created.ok) throw new Error("offer");
    const { members } = await makeProjectWithMembers(prisma, US, [["Anna", "Lee"]]);
    await generate(created.offer.id, [{ memberId: members[0]!.id, code: "ANNA20" }]);
    // Canada answers the check, then refuses every write (its token was revoked meanwhile).
    let caCalls = 0;
    await worker(async (store) => {
      if (store === CA && caCalls++ > 0) return createAdminClient({ shop: CA, accessToken: "shpat_revoked", fetch: createShopifyFetch(emulator.url) });
      return clientFor(emulator, store);
    });
    await worker();
    expect(await codesIn(CA)).toEqual([]);
    expect(await codesIn(US)).toEqual([]);
    const code = await prisma.promoCode.findFirstOrThrow({ include: { storeCodes: true } });
    expect(code.status).toBe("FAILED");
    expect(code.storeCodes.map((s) => [s.store, s.state])).toEqual([[CA, "FAILED"]]);
  });

  it("R8: turning sync on for an existing offer syncs its existing codes", async () => {
    await linkStores(prisma, US, CA, "Canada");
    const created = await createOffer(prisma, { shop: US, actor: ACTOR, input: offerInput() });
    if (!created.ok) throw new Error("offer");
    const { members } = await makeProjectWithMembers(prisma, US, [
      ["Anna", "Lee"],
      ["Ben", "Ortiz"],
    ]);
    await generate(created.offer.id, [
      { memberId: members[0]!.id, code: "ANNA20" },
      { memberId: members[1]!.id, code: "BEN20" },
    ]);
    await worker();
    expect(await codesIn(CA)).toEqual([]);
    const needsConfirm = await updateOffer(prisma, { shop: US, actor: ACTOR, offerId: created.offer.id, input: offerInput(), sync: synced([CA]) });
    expect(needsConfirm).toMatchObject({ ok: false, confirm: { added: [CA], removed: [], members: 2 } });
    expect(await prisma.offerStore.count()).toBe(0);
    const done = await updateOffer(prisma, { shop: US, actor: ACTOR, offerId: created.offer.id, input: offerInput(), sync: synced([CA]), confirmStoreChange: true });
    expect(done.ok).toBe(true);
    await worker();
    expect(await codesIn(CA)).toEqual(["ANNA20", "BEN20"]);
  });

  it("R9: after confirmation, codes are created in added stores and deleted from removed ones", async () => {
    await linkStores(prisma, US, CA, "Canada");
    await linkStores(prisma, US, UK, "United Kingdom");
    const created = await createOffer(prisma, { shop: US, actor: ACTOR, input: offerInput(), sync: synced([CA]) });
    if (!created.ok) throw new Error("offer");
    const { members } = await makeProjectWithMembers(prisma, US, [
      ["Anna", "Lee"],
      ["Ben", "Ortiz"],
    ]);
    await generate(created.offer.id, [
      { memberId: members[0]!.id, code: "ANNA20" },
      { memberId: members[1]!.id, code: "BEN20" },
    ]);
    await worker();
    const result = await updateOffer(prisma, { shop: US, actor: ACTOR, offerId: created.offer.id, input: offerInput(), sync: synced([UK]), confirmStoreChange: true });
    expect(result.ok).toBe(true);
    await worker();
    expect(await codesIn(CA)).toEqual([]);
    expect(await discountsIn(CA)).toHaveLength(0);
    expect(await codesIn(UK)).toEqual(["ANNA20", "BEN20"]);
    expect(await codesIn(US)).toEqual(["ANNA20", "BEN20"]);
    expect(await prisma.storeCode.count({ where: { store: CA } })).toBe(0);
    expect(await prisma.promoCode.count({ where: { status: "ACTIVE" } })).toBe(2);
  });

  const takeCodeIn = (shop: string, code: string) =>
    clientFor(emulator, shop).mutateOrThrow(
      `#graphql
      mutation TestTakeCodeInStore($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { field message code } } }`,
      { input: { title: "Made in this store", code, startsAt: "2026-01-01T00:00:00Z", customerGets: { value: { percentage: 0.3 }, items: { all: true } } } },
    );

  it("R8/R7: turning sync on never removes a live code: BEN20 held in the added store stays live where it was, is not created there, and the merchant is told which member and store", async () => {
    await linkStores(prisma, US, CA, "Canada");
    const created = await createOffer(prisma, { shop: US, actor: ACTOR, input: offerInput() });
    if (!created.ok) throw new Error("offer");
    const { members } = await makeProjectWithMembers(prisma, US, [
      ["Anna", "Lee"],
      ["Ben", "Ortiz"],
    ]);
    await generate(created.offer.id, [
      { memberId: members[0]!.id, code: "ANNA20" },
      { memberId: members[1]!.id, code: "BEN20" },
    ]);
    await worker();
    expect(await codesIn(US)).toEqual(["ANNA20", "BEN20"]);
    // Made directly in ca-store's admin, in lower case.
    await takeCodeIn(CA, "ben20");

    const result = await updateOffer(prisma, { shop: US, actor: ACTOR, offerId: created.offer.id, input: offerInput(), sync: synced([CA]), confirmStoreChange: true });
    expect(result.ok).toBe(true);
    await worker();

    expect(await codesIn(US)).toEqual(["ANNA20", "BEN20"]);
    expect(await codesIn(CA)).toEqual(["ANNA20"]);
    expect(await codesIn(CA, "Made in this store")).toEqual(["ben20"]);
    const ben = await prisma.promoCode.findFirstOrThrow({ where: { code: "BEN20" }, include: { storeCodes: { orderBy: { store: "asc" } } } });
    expect(ben.status).toBe("ACTIVE");
    expect(ben.storeCodes.map((sc) => [sc.store, sc.state])).toEqual([
      [CA, "FAILED"],
      [US, "SYNCED"],
    ]);
    const status = await syncStatus(prisma, created.offer);
    expect(status.failures).toEqual([
      expect.objectContaining({
        member: "Ben Ortiz",
        code: "BEN20",
        store: CA,
        label: "Canada",
        liveElsewhere: true,
        message: expect.stringMatching(/already used by another discount in Canada/),
      }),
    ]);
    const job = (await getJob(prisma, US, (result as { jobId: string }).jobId))!;
    expect(job.job).toMatchObject({ status: "DONE", tone: "warning", codesFailed: 1 });
    expect(job.rows.find((r) => r.code === "BEN20")!.stores).toEqual([expect.objectContaining({ store: CA, outcome: "NOT_CREATED" })]);

    // Once the store's own discount is gone, "Retry" creates BEN20 there too.
    const theirs = (await discountsIn(CA)).find((d) => d.title === "Made in this store")!;
    await clientFor(emulator, CA).mutateOrThrow(
      `#graphql
      mutation TestDeleteTheirs($id: ID!) { discountCodeDelete(id: $id) { userErrors { field message code } } }`,
      { id: theirs.id },
    );
    expect(await retryFailedSync(prisma, { shop: US, actor: ACTOR, offerId: created.offer.id })).toEqual({ retried: 1 });
    await worker();
    expect(await codesIn(CA)).toEqual(["ANNA20", "BEN20"]);
    expect((await syncStatus(prisma, created.offer)).failures).toEqual([]);
  });

  it("R9/R7: a store added to a synced offer gets only the codes free there; a failure there never rolls back the live code elsewhere", async () => {
    await linkStores(prisma, US, CA, "Canada");
    await linkStores(prisma, US, UK, "United Kingdom");
    const created = await createOffer(prisma, { shop: US, actor: ACTOR, input: offerInput(), sync: synced([CA]) });
    if (!created.ok) throw new Error("offer");
    const { members } = await makeProjectWithMembers(prisma, US, [
      ["Anna", "Lee"],
      ["Ben", "Ortiz"],
    ]);
    await generate(created.offer.id, [
      { memberId: members[0]!.id, code: "ANNA20" },
      { memberId: members[1]!.id, code: "BEN20" },
    ]);
    await worker();
    await takeCodeIn(UK, "BEN20");
    const result = await updateOffer(prisma, { shop: US, actor: ACTOR, offerId: created.offer.id, input: offerInput(), sync: synced([CA, UK]), confirmStoreChange: true });
    expect(result.ok).toBe(true);
    // UK answers the check, then refuses every write: ANNA20 fails there for good after passing its check.
    let ukCalls = 0;
    await worker(async (store) => {
      if (store === UK && ukCalls++ > 0) return createAdminClient({ shop: UK, accessToken: "shpat_revoked", fetch: createShopifyFetch(emulator.url) });
      return clientFor(emulator, store);
    });
    for (const shop of [US, CA]) expect(await codesIn(shop)).toEqual(["ANNA20", "BEN20"]);
    expect(await codesIn(UK)).toEqual([]);
    expect(await prisma.promoCode.count({ where: { status: "ACTIVE" } })).toBe(2);
    const failures = (await syncStatus(prisma, created.offer)).failures.map((f) => [f.code, f.label]).sort();
    expect(failures).toEqual([
      ["ANNA20", "United Kingdom"],
      ["BEN20", "United Kingdom"],
    ]);
  });

  it("R11: an uninstalled store is disconnected: not offered for new offers, and never called", async () => {
    await linkStores(prisma, US, CA, "Canada");
    const created = await createOffer(prisma, { shop: US, actor: ACTOR, input: offerInput(), sync: synced([CA]) });
    if (!created.ok) throw new Error("offer");
    await markUninstalled(prisma, CA);
    expect(await availableSyncStores(prisma, US)).toEqual([]);
    expect((await prisma.storeLink.findFirstOrThrow()).status).toBe("DISCONNECTED");
    const { members } = await makeProjectWithMembers(prisma, US, [["Anna", "Lee"]]);
    await generate(created.offer.id, [{ memberId: members[0]!.id, code: "ANNA20" }]);
    const called: string[] = [];
    await worker(async (store) => {
      called.push(store);
      return clientFor(emulator, store);
    });
    expect(called).not.toContain(CA);
    expect(await codesIn(US)).toEqual(["ANNA20"]);
  });

  it("R1a: once either side revokes the link, the connected store's session is not used", async () => {
    const link = await linkStores(prisma, US, CA, "Canada");
    const created = await createOffer(prisma, { shop: US, actor: ACTOR, input: offerInput(), sync: synced([CA]) });
    if (!created.ok) throw new Error("offer");
    const { members } = await makeProjectWithMembers(prisma, US, [["Anna", "Lee"]]);
    await generate(created.offer.id, [{ memberId: members[0]!.id, code: "ANNA20" }]);
    // Revoked by Canada's admin after the codes were queued.
    expect(await revokeStoreLink(prisma, { shop: CA, actor: ACTOR, linkId: link.id })).toEqual({ ok: true });
    const called: string[] = [];
    await worker(async (store) => {
      called.push(store);
      return clientFor(emulator, store);
    });
    expect(called).not.toContain(CA);
    expect(await codesIn(CA)).toEqual([]);
  });
});
