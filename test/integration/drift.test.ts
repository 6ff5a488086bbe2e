// R37 drift, end to end against the emulator: each kind of change a merchant makes to the app's
// discount in the store's admin (the emulator's merchant edits, which send the discounts/*
// webhooks Shopify would) is found through the webhook and, with webhooks off, by the reconcile;
// adopting or reverting it ends with the app and the store agreeing; a deleted discount never
// leaves generation stuck.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import type { Discount, EmulatorState } from "../../emulator/src/state";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { decideDrift, driftForOffer, driftSummary, openDrift, reconcileStore, requestDriftCheck, runDriftChecks } from "~/services/drift.server";
import { drainWebhookQueue } from "~/jobs/webhook-worker.server";
import type { DriftKind } from "~/domain/drift/kinds";
import { resetDatabase } from "../support/db";
import { CA, clientFor, control, startTestEmulator, US } from "../support/emulator";
import { linkStores } from "../support/stores";
import { createOffer } from "~/services/offers.server";
import { newOfferValues, parseOfferForm } from "~/domain/offers/offer-input";
import { ACTOR, makeOffer, makeProjectWithMembers } from "../support/factories";
import { startWebhookReceiver, type Receiver } from "../support/receiver";

interface Edit {
  kind: DriftKind;
  verb: string;
  body: Record<string, unknown>;
}

/** One merchant edit per drift kind (the member codes are ANNA20 and BEN20). */
const EDITS: Edit[] = [
  { kind: "DISCOUNT_DELETED", verb: "delete", body: {} },
  { kind: "DISCOUNT_DEACTIVATED", verb: "deactivate", body: {} },
  {
    kind: "DATES_CHANGED",
    verb: "update",
    body: { endsAt: "2027-01-31T00:00:00Z" },
  },
  {
    kind: "VALUE_CHANGED",
    verb: "update",
    body: { customerGets: { value: { percentage: 0.35 } } },
  },
  {
    kind: "CONDITIONS_CHANGED",
    verb: "update",
    body: {
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "75" } },
      appliesOncePerCustomer: true,
    },
  },
  { kind: "CODE_REMOVED", verb: "remove-code", body: { code: "ANNA20" } },
  {
    kind: "CODE_RENAMED",
    verb: "rename-code",
    body: { code: "ANNA20", to: "ANNA-VIP" },
  },
  { kind: "CODE_ADDED", verb: "add-code", body: { code: "FRIENDS50" } },
];

describe("drift between the app and the store (R37)", () => {
  let emulator: Emulator;
  let receiver: Receiver;
  const adminFor = async (store: string) => clientFor(emulator, store);
  const worker = () => runPendingOperations({ db: prisma, adminFor, pollMs: 5 });
  const discounts = async (shop = US) => Object.values(((await control(emulator, "state")) as EmulatorState).shops[shop]!.discounts);
  const codesOf = (d: Discount | undefined) => (d?.codes.map((c) => c.code) ?? []).sort();

  /** An offer in us-store with ANNA20 and BEN20 live in one discount (unified dates). */
  async function liveOffer(name = "Creator launch") {
    const { offer } = await makeOffer(prisma, US, {
      name,
      groupName: `${name} codes`,
    });
    const { members } = await makeProjectWithMembers(
      prisma,
      US,
      [
        ["Anna", "Lee"],
        ["Ben", "Ortiz"],
        ["Cleo", "Park"],
      ],
      `${name} project`,
    );
    const generated = await generateCodesForMembers(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: offer.id,
      items: [
        { memberId: members[0]!.id, code: "ANNA20" },
        { memberId: members[1]!.id, code: "BEN20" },
      ],
    });
    if (!generated.ok) throw new Error(JSON.stringify(generated));
    await worker();
    const group = await prisma.discountGroup.findFirstOrThrow({
      where: { offerId: offer.id, store: US },
    });
    return {
      offer,
      members,
      group,
      discountId: group.remoteId!.split("/").pop()!,
    };
  }
  /** The merchant's edit in us-store's admin; its webhooks are delivered, stored and handled, then the drift pass runs. */
  async function merchant(discountId: string, edit: Pick<Edit, "verb" | "body">) {
    await control(emulator, `shops/us-store/discounts/${discountId}/${edit.verb}`, edit.body);
    await emulator.settle();
    await drainWebhookQueue(prisma);
    await runDriftChecks(prisma, adminFor);
  }
  /** Sync work to its end, then the drift pass (what the app process does on its timers). */
  async function settle() {
    await worker();
    await runDriftChecks(prisma, adminFor);
  }
  const webhooks = (on: boolean) => control(emulator, "app", { subscriptions: on ? startSubscriptions : [] });
  let startSubscriptions: unknown;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    receiver = await startWebhookReceiver(emulator);
    startSubscriptions = emulator.app.subscriptions;
  });
  afterAll(async () => {
    await receiver.close();
    await emulator.close();
    await prisma.$disconnect();
  });
  beforeEach(async () => {
    await resetDatabase(prisma);
    await control(emulator, "reset", {});
    await webhooks(true);
  });

  it("R37: the app subscribes to the five discounts topics, and its own generation is no drift", async () => {
    const topics = emulator.app.subscriptions.map((s) => s.topic).filter((t) => t.startsWith("discounts/"));
    expect(topics.sort()).toEqual(["discounts/create", "discounts/delete", "discounts/redeemcode_added", "discounts/redeemcode_removed", "discounts/update"]);
    const { offer } = await liveOffer();
    expect(await reconcileStore(prisma, adminFor, US)).toEqual({
      checked: 1,
      findings: 0,
    });
    expect(await openDrift(prisma, offer.id)).toEqual([]);
  });

  it("R37: a webhook asks for a check only about the app's discounts, and not for codes the app adds or removes itself", async () => {
    const { group } = await liveOffer();
    const ask = (discountId: string, code?: { change: "added" | "removed"; code: string }) =>
      requestDriftCheck(prisma, {
        store: US,
        discountId,
        reason: "test",
        code,
      });
    expect(await ask("gid://shopify/DiscountCodeNode/1")).toBe(false);
    expect(await ask(group.remoteId!, { change: "added", code: "anna20" })).toBe(false);
    await prisma.storeCode.updateMany({
      where: { promoCode: { code: "BEN20" } },
      data: { state: "DEACTIVATED" },
    });
    expect(await ask(group.remoteId!, { change: "removed", code: "BEN20" })).toBe(false);
    expect(await prisma.driftCheck.count()).toBe(0);
    expect(await ask(group.remoteId!, { change: "removed", code: "ANNA20" })).toBe(true);
    expect(await ask(group.remoteId!, { change: "added", code: "SOMEONE-ELSE" })).toBe(true);
    expect(await prisma.driftCheck.findMany()).toMatchObject([{ discountGroupId: group.id, store: US }]);
  });

  it.each(EDITS)("R37: $kind is detected through its webhook, and with webhooks off by the reconcile", async (edit) => {
    const first = await liveOffer("Webhook offer");
    await merchant(first.discountId, edit);
    const byWebhook = await openDrift(prisma, first.offer.id);
    expect(byWebhook.map((i) => [i.kind, i.store, i.source, i.status])).toEqual([[edit.kind, US, "WEBHOOK", "OPEN"]]);

    // Again from scratch, with the app subscribed to nothing: only the reconcile can see it.
    await resetDatabase(prisma);
    await control(emulator, "reset", {});
    await webhooks(false);
    const second = await liveOffer("Reconcile offer");
    await merchant(second.discountId, edit);
    expect(await openDrift(prisma, second.offer.id)).toEqual([]);
    const result = await reconcileStore(prisma, adminFor, US);
    expect(result.checked).toBe(1);
    const byReconcile = await openDrift(prisma, second.offer.id);
    expect(byReconcile.map((i) => [i.kind, i.source])).toEqual([[edit.kind, "RECONCILE"]]);
    // The same difference found again is the same item, with the app's side and the store's.
    await reconcileStore(prisma, adminFor, US);
    expect((await openDrift(prisma, second.offer.id)).map((i) => i.id)).toEqual(byReconcile.map((i) => i.id));
    const list = (await driftForOffer(prisma, US, second.offer.id))!;
    expect(list.open[0]).toMatchObject({
      kind: edit.kind,
      storeLabel: "Primary store",
      status: "OPEN",
    });
    expect(await driftSummary(prisma, US)).toEqual({
      total: 1,
      offers: [
        {
          offerId: second.offer.id,
          name: "Reconcile offer",
          items: 1,
          stores: [US],
        },
      ],
    });
  });

  it.each(EDITS)("R37: reverting $kind puts the app's state back in the store, and they agree", async (edit) => {
    const { offer, discountId } = await liveOffer();
    const before = (await discounts()).find((d) => d.title.startsWith("Creator launch codes"))!;
    await merchant(discountId, edit);
    const [item] = await openDrift(prisma, offer.id);
    const decided = await decideDrift(prisma, {
      shop: US,
      actor: ACTOR,
      itemId: item!.id,
      decision: "REVERT",
    });
    expect(decided).toMatchObject({ ok: true, jobId: expect.any(String) });
    await settle();
    expect(await prisma.driftItem.findUniqueOrThrow({ where: { id: item!.id } })).toMatchObject({ status: "REVERTED", resolvedBy: ACTOR });
    const after = (await discounts()).find((d) => d.title.startsWith("Creator launch codes"))!;
    expect(codesOf(after)).toEqual(["ANNA20", "BEN20"]);
    expect({
      value: after.value,
      minimum: after.minimumRequirement,
      once: after.appliesOncePerCustomer,
      startsAt: after.startsAt,
      endsAt: after.endsAt,
    }).toEqual({
      value: before.value,
      minimum: before.minimumRequirement,
      once: before.appliesOncePerCustomer,
      startsAt: before.startsAt,
      endsAt: before.endsAt,
    });
    expect(await reconcileStore(prisma, adminFor, US)).toMatchObject({
      findings: 0,
    });
    expect(await openDrift(prisma, offer.id)).toEqual([]);
    const audit = await prisma.auditEntry.findMany({
      where: { shop: US, action: { startsWith: "drift." } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ["drift.detected", "shopify"],
      ["drift.revert", ACTOR],
    ]);
  });

  it.each(EDITS.filter((e) => e.kind !== "CODE_RENAMED"))("R37: adopting $kind makes the store's value the app's, and they agree", async (edit) => {
    const { offer, discountId } = await liveOffer();
    await merchant(discountId, edit);
    const [item] = await openDrift(prisma, offer.id);
    expect(
      await decideDrift(prisma, {
        shop: US,
        actor: ACTOR,
        itemId: item!.id,
        decision: "ADOPT",
      }),
    ).toMatchObject({ ok: true });
    await settle();
    expect(await prisma.driftItem.findUniqueOrThrow({ where: { id: item!.id } })).toMatchObject({ status: "ADOPTED", resolvedBy: ACTOR });
    expect(await reconcileStore(prisma, adminFor, US)).toMatchObject({
      findings: 0,
    });
    expect(await openDrift(prisma, offer.id)).toEqual([]);
    const app = await prisma.offer.findUniqueOrThrow({
      where: { id: offer.id },
    });
    const codes = await prisma.promoCode.findMany({
      where: { offerId: offer.id },
      orderBy: { code: "asc" },
    });
    switch (edit.kind) {
      case "DATES_CHANGED":
        expect(app.endsAt?.toISOString()).toBe("2027-01-31T00:00:00.000Z");
        break;
      case "VALUE_CHANGED":
        expect(app.discountPercent).toBe(35);
        break;
      case "CONDITIONS_CHANGED":
        expect(app).toMatchObject({
          minimumType: "SUBTOTAL",
          minimumSubtotalCents: 7500,
          oncePerCustomer: true,
        });
        break;
      case "DISCOUNT_DELETED":
      case "DISCOUNT_DEACTIVATED":
        expect(codes.map((c) => [c.code, c.status])).toEqual([
          ["ANNA20", "DEACTIVATED"],
          ["BEN20", "DEACTIVATED"],
        ]);
        break;
      case "CODE_REMOVED":
        expect(codes.map((c) => [c.code, c.status])).toEqual([
          ["ANNA20", "DEACTIVATED"],
          ["BEN20", "ACTIVE"],
        ]);
        break;
      case "CODE_ADDED":
        // The merchant's code stays, and is no drift from now on.
        expect(codesOf((await discounts())[0])).toEqual(["ANNA20", "BEN20", "FRIENDS50"]);
        break;
    }
  });

  it("R37: adopting a rename gives the member's code the store's name (an offer in one store)", async () => {
    const { offer, discountId } = await liveOffer();
    await merchant(discountId, {
      verb: "rename-code",
      body: { code: "ANNA20", to: "ANNA-VIP" },
    });
    const [item] = await openDrift(prisma, offer.id);
    expect(item).toMatchObject({
      kind: "CODE_RENAMED",
      before: JSON.stringify({ code: "ANNA20" }),
    });
    expect(
      await decideDrift(prisma, {
        shop: US,
        actor: ACTOR,
        itemId: item!.id,
        decision: "ADOPT",
      }),
    ).toEqual({ ok: true, jobId: null });
    await settle();
    expect(
      (
        await prisma.promoCode.findMany({
          where: { offerId: offer.id },
          orderBy: { code: "asc" },
        })
      ).map((c) => c.code),
    ).toEqual(["ANNA-VIP", "BEN20"]);
    expect(await reconcileStore(prisma, adminFor, US)).toMatchObject({
      findings: 0,
    });
  });

  it("R37: a discount deleted unseen is created again by the next generation, with its codes", async () => {
    await webhooks(false);
    const { offer, members, discountId } = await liveOffer();
    await merchant(discountId, { verb: "delete", body: {} });
    expect(await discounts()).toEqual([]);
    const generated = await generateCodesForMembers(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: offer.id,
      items: [{ memberId: members[2]!.id, code: "CLEO20" }],
    });
    if (!generated.ok) throw new Error(JSON.stringify(generated));
    await settle();
    const now = await discounts();
    expect(now).toHaveLength(1);
    expect(codesOf(now[0])).toEqual(["ANNA20", "BEN20", "CLEO20"]);
    const codes = await prisma.promoCode.findMany({
      where: { offerId: offer.id },
      orderBy: { code: "asc" },
    });
    expect(codes.map((c) => [c.code, c.status])).toEqual([
      ["ANNA20", "ACTIVE"],
      ["BEN20", "ACTIVE"],
      ["CLEO20", "ACTIVE"],
    ]);
    expect(await prisma.driftItem.findMany({ where: { offerId: offer.id } })).toMatchObject([{ kind: "DISCOUNT_DELETED", status: "REVERTED", source: "SYNC" }]);
    expect(await reconcileStore(prisma, adminFor, US)).toMatchObject({
      checked: 1,
      findings: 0,
    });
  });

  it("R37: while a deletion waits for the merchant, generation says so; Revert recreates the discount with every code", async () => {
    const { offer, members, discountId } = await liveOffer();
    await merchant(discountId, { verb: "delete", body: {} });
    const [item] = await openDrift(prisma, offer.id);
    expect(item).toMatchObject({ kind: "DISCOUNT_DELETED", status: "OPEN" });
    const generated = await generateCodesForMembers(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: offer.id,
      items: [{ memberId: members[2]!.id, code: "CLEO20" }],
    });
    if (!generated.ok) throw new Error(JSON.stringify(generated));
    await settle();
    const cleo = await prisma.storeCode.findFirstOrThrow({
      where: { promoCode: { code: "CLEO20" } },
    });
    expect(cleo).toMatchObject({
      state: "FAILED",
      error: expect.stringMatching(/deleted in us-store.myshopify.com's Shopify admin.*Revert/),
    });
    expect(await discounts()).toEqual([]);

    expect(
      await decideDrift(prisma, {
        shop: US,
        actor: ACTOR,
        itemId: item!.id,
        decision: "REVERT",
      }),
    ).toMatchObject({ ok: true });
    await settle();
    const now = await discounts();
    expect(now).toHaveLength(1);
    expect(codesOf(now[0])).toEqual(["ANNA20", "BEN20", "CLEO20"]);
    expect(
      (
        await prisma.promoCode.findMany({
          where: { offerId: offer.id },
          orderBy: { code: "asc" },
        })
      ).map((c) => c.status),
    ).toEqual(["ACTIVE", "ACTIVE", "ACTIVE"]);
    expect(await prisma.driftItem.findUniqueOrThrow({ where: { id: item!.id } })).toMatchObject({ status: "REVERTED" });
    expect(await reconcileStore(prisma, adminFor, US)).toMatchObject({
      checked: 1,
      findings: 0,
    });
  });

  it("R37: a change the store undoes by itself resolves its item; a settled item cannot be decided twice", async () => {
    const { offer, discountId } = await liveOffer();
    await merchant(discountId, {
      verb: "update",
      body: { customerGets: { value: { percentage: 0.35 } } },
    });
    const [item] = await openDrift(prisma, offer.id);
    await merchant(discountId, {
      verb: "update",
      body: { customerGets: { value: { percentage: 0.2 } } },
    });
    expect(await prisma.driftItem.findUniqueOrThrow({ where: { id: item!.id } })).toMatchObject({ status: "RESOLVED", resolvedBy: "shopify" });
    expect(
      await decideDrift(prisma, {
        shop: US,
        actor: ACTOR,
        itemId: item!.id,
        decision: "REVERT",
      }),
    ).toEqual({ ok: false, error: "This item was already settled." });
    expect(
      await decideDrift(prisma, {
        shop: "ca-store.myshopify.com",
        actor: ACTOR,
        itemId: item!.id,
        decision: "ADOPT",
      }),
    ).toEqual({ ok: false, error: "This item does not exist." });
  });
  it("R37/R4/R13: drift in a connected store is its own: a per-store value adopted there, a rename reverted (not adoptable under sync), a deletion recreated there", async () => {
    await linkStores(prisma, US, CA, "Canada");
    const parsed = parseOfferForm({
      ...newOfferValues(new Date("2026-11-01T00:00:00Z")),
      name: "Global launch",
      groupName: "Global codes",
      payoutFlatCents: "10",
      discountPercent: "20",
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const created = await createOffer(prisma, {
      shop: US,
      actor: ACTOR,
      input: parsed.value,
      sync: {
        syncEnabled: true,
        stores: [CA],
        sameValueAcrossStores: false,
        storePercents: { [CA]: 15 },
      },
    });
    if (!created.ok) throw new Error("offer");
    const offer = created.offer;
    const { members } = await makeProjectWithMembers(prisma, US, [
      ["Anna", "Lee"],
      ["Ben", "Ortiz"],
    ]);
    const generated = await generateCodesForMembers(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: offer.id,
      items: [
        { memberId: members[0]!.id, code: "ANNA20" },
        { memberId: members[1]!.id, code: "BEN20" },
      ],
    });
    if (!generated.ok) throw new Error(JSON.stringify(generated));
    await worker();
    const caDiscount = async () => (await discounts(CA)).find((d) => d.title.startsWith("Global codes"));
    const edit = async (verb: string, body: Record<string, unknown>) => {
      await control(emulator, `shops/ca-store/discounts/${(await caDiscount())!.id}/${verb}`, body);
      await emulator.settle();
      await drainWebhookQueue(prisma);
      await runDriftChecks(prisma, adminFor);
      return (await driftForOffer(prisma, US, offer.id))!.open;
    };
    const agree = async () => {
      for (const store of [US, CA])
        expect(await reconcileStore(prisma, adminFor, store)).toMatchObject({
          findings: 0,
        });
      expect(await openDrift(prisma, offer.id)).toEqual([]);
    };

    const [value] = await edit("update", {
      customerGets: { value: { percentage: 0.3 } },
    });
    expect(value).toMatchObject({
      kind: "VALUE_CHANGED",
      store: CA,
      storeLabel: "Canada",
      before: { type: "PERCENTAGE", percent: 15 },
      after: { type: "PERCENTAGE", percent: 30 },
      adopt: true,
    });
    expect(
      await decideDrift(prisma, {
        shop: US,
        actor: ACTOR,
        itemId: value!.id,
        decision: "ADOPT",
      }),
    ).toEqual({ ok: true, jobId: null });
    await settle();
    expect(
      (
        await prisma.offerStore.findUniqueOrThrow({
          where: { offerId_store: { offerId: offer.id, store: CA } },
        })
      ).discountPercent,
    ).toBe(30);
    expect((await discounts(US))[0]!.value).toEqual({ percentage: 0.2 });
    await agree();

    const [renamed] = await edit("rename-code", {
      code: "ANNA20",
      to: "ANNA-CA",
    });
    expect(renamed).toMatchObject({
      kind: "CODE_RENAMED",
      member: "Anna Lee",
      adopt: expect.stringMatching(/R13/),
    });
    expect(
      await decideDrift(prisma, {
        shop: US,
        actor: ACTOR,
        itemId: renamed!.id,
        decision: "ADOPT",
      }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/refresh/) });
    expect(
      await decideDrift(prisma, {
        shop: US,
        actor: ACTOR,
        itemId: renamed!.id,
        decision: "REVERT",
      }),
    ).toMatchObject({ ok: true });
    await settle();
    expect(codesOf(await caDiscount())).toEqual(["ANNA20", "BEN20"]);
    await agree();

    const [deleted] = await edit("delete", {});
    expect(deleted).toMatchObject({ kind: "DISCOUNT_DELETED", store: CA });
    await decideDrift(prisma, {
      shop: US,
      actor: ACTOR,
      itemId: deleted!.id,
      decision: "REVERT",
    });
    await settle();
    expect(codesOf(await caDiscount())).toEqual(["ANNA20", "BEN20"]);
    expect((await caDiscount())!.value).toEqual({ percentage: 0.3 });
    expect(codesOf((await discounts(US))[0])).toEqual(["ANNA20", "BEN20"]);
    await agree();
  });
});
