import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { createOffer } from "~/services/offers.server";
import { importBundledRates } from "~/services/rates.server";
import { drainWebhookQueue, processWebhookQueue } from "~/jobs/webhook-worker.server";
import { enqueueWebhook, MAX_ATTEMPTS } from "~/webhooks/inbox.server";
import { prepareForStorage } from "~/webhooks/registry.server";
import { newOfferValues, parseOfferForm } from "~/domain/offers/offer-input";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { action as ordersCancelled } from "~/routes/webhooks.orders.cancelled";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { action as dataRequest } from "~/routes/webhooks.customers.data_request";
import { action as customersRedact } from "~/routes/webhooks.customers.redact";
import { resetDatabase } from "../support/db";
import { CA, clientFor, control, startTestEmulator, US } from "../support/emulator";
import { ACTOR, makeProjectWithMembers } from "../support/factories";
import { run, webhookRequest } from "../support/requests";
import { linkStores } from "../support/stores";

type Order = { id: number; admin_graphql_api_id: string; subtotal_price: string; currency: string; created_at: string; customer: { id: number } };

describe("the webhook queue (R32): stored at once, handled by a worker", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    await resetDatabase(prisma);
    await importBundledRates(prisma, { since: "2024-12-01", currencies: ["CAD"] });
    await linkStores(prisma, US, CA, "Canada");
    const parsed = parseOfferForm({ ...newOfferValues(new Date("2026-11-01T00:00:00Z")), name: "Queue", groupName: "Queue codes", payoutFlatCents: "10", discountPercent: "20" });
    if (!parsed.ok) throw new Error("offer");
    const created = await createOffer(prisma, {
      shop: US,
      actor: ACTOR,
      input: parsed.value,
      sync: { syncEnabled: true, stores: [CA], sameValueAcrossStores: true, storePercents: {} },
    });
    if (!created.ok) throw new Error("offer");
    const { members } = await makeProjectWithMembers(prisma, US, [["Quinn", "Q"]]);
    const r = await generateCodesForMembers(prisma, { shop: US, actor: ACTOR, offerId: created.offer.id, items: [{ memberId: members[0]!.id, code: "QUEUE20" }] });
    if (!r.ok) throw new Error("generation");
    await runPendingOperations({ db: prisma, adminFor: async (s) => clientFor(emulator, s), pollMs: 5 });
  });
  afterAll(async () => {
    await emulator.close();
    await prisma.$disconnect();
  });

  const checkout = async (shop: string, email = `buyer-${Math.random()}@example.com`) =>
    ((await control(emulator, `shops/${shop}/orders`, { lines: [{ quantity: 1 }], discountCode: "QUEUE20", email })) as { order: Order }).order;
  const post = (fn: typeof ordersCreate, topic: string, shop: string, payload: unknown, webhookId?: string) =>
    run(fn, webhookRequest(topic, shop, payload, { webhookId })) as Promise<Response>;
  const conversionsOf = (order: Order) => prisma.conversion.findMany({ where: { orderId: order.admin_graphql_api_id }, include: { adjustments: true } });

  it("R32: the route answers 200 once the delivery is stored; the conversion comes from the worker", async () => {
    const order = await checkout(US);
    expect((await post(ordersCreate, "orders/create", US, order)).status).toBe(200);
    const stored = await prisma.webhookDelivery.findFirstOrThrow({ where: { orderId: order.admin_graphql_api_id } });
    expect(stored).toMatchObject({ status: "PENDING", topic: "ORDERS_CREATE", shop: US });
    expect(await conversionsOf(order)).toHaveLength(0);
    expect(await drainWebhookQueue(prisma)).toBe(1);
    expect(await conversionsOf(order)).toHaveLength(1);
    expect((await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId: stored.webhookId } })).status).toBe("DONE");
  });

  it("R32: the stored payload keeps what conversions use, not the buyer's name, email or address", async () => {
    const order = await checkout(US, "private.person@example.com");
    await post(ordersCreate, "orders/create", US, order);
    const stored = await prisma.webhookDelivery.findFirstOrThrow({ where: { orderId: order.admin_graphql_api_id } });
    expect(stored.payload).not.toContain("private.person");
    expect(stored.payload).not.toContain("Elm St");
    expect(JSON.parse(stored.payload)).toMatchObject({ admin_graphql_api_id: order.admin_graphql_api_id, customer: { id: order.customer.id } });
    await drainWebhookQueue(prisma);
  });

  it("R32: deliveries arriving together are committed together, each answered, duplicates stored once", async () => {
    const orders = await Promise.all(Array.from({ length: 30 }, () => checkout(CA)));
    const answers = await Promise.all(
      [...orders, orders[0]!].map((o, i) => post(ordersCreate, "orders/create", CA, o, i === orders.length ? `dup-${orders[0]!.id}` : i === 0 ? `dup-${o.id}` : undefined)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(31).fill(200));
    expect(await prisma.webhookDelivery.count({ where: { orderId: { in: orders.map((o) => o.admin_graphql_api_id) } } })).toBe(30);
    await drainWebhookQueue(prisma);
    expect(await prisma.conversion.count({ where: { orderId: { in: orders.map((o) => o.admin_graphql_api_id) } } })).toBe(30);
  });

  it("R32: a delivery whose handling fails is retried with backoff, then succeeds; it never counts twice", async () => {
    const order = { ...(await checkout(US)), currency: "XTS" }; // no rate for this currency yet
    await post(ordersCreate, "orders/create", US, order);
    await processWebhookQueue(prisma, { workerId: "w1" });
    let d = await prisma.webhookDelivery.findFirstOrThrow({ where: { orderId: order.admin_graphql_api_id } });
    expect(d).toMatchObject({ status: "PENDING", attempts: 1, claimToken: null });
    expect(d.error).toMatch(/no XTS rate/);
    expect(d.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    // Not due yet: the next pass leaves it alone.
    expect(await processWebhookQueue(prisma, { workerId: "w1" })).toBe(0);
    await prisma.exchangeRate.create({ data: { currency: "XTS", day: "2020-01-01", unitsPerUsd: 2, source: "test" } });
    await processWebhookQueue(prisma, { workerId: "w1", now: () => new Date(Date.now() + 60_000) });
    d = await prisma.webhookDelivery.findFirstOrThrow({ where: { orderId: order.admin_graphql_api_id } });
    expect(d).toMatchObject({ status: "DONE", attempts: 2, error: null });
    expect(await conversionsOf(order)).toHaveLength(1);
  });

  it(`R32: a delivery that keeps failing ends FAILED after ${MAX_ATTEMPTS} attempts`, async () => {
    // A valid order in a currency that never gets a rate: the handler throws on every attempt.
    const order = { ...(await checkout(US)), currency: "XXX" };
    await enqueueWebhook(prisma, { webhookId: "no-rate", shop: US, topic: "ORDERS_CREATE", apiVersion: "2026-10", ...prepareForStorage("ORDERS_CREATE", order) });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) await processWebhookQueue(prisma, { workerId: "w1", now: () => new Date(Date.now() + (i + 1) * 24 * 3_600_000) });
    expect(await prisma.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "no-rate" } })).toMatchObject({ status: "FAILED", attempts: MAX_ATTEMPTS });
    // Failing for good is an error for whoever watches the logs, once.
    expect(logged.mock.calls.filter(([line]) => String(line).includes("no-rate") && String(line).includes("failed for good"))).toHaveLength(1);
    logged.mockRestore();
  });

  it("R32: deliveries claimed by a worker that died are taken over when its lease runs out", async () => {
    const order = await checkout(US);
    await post(ordersCreate, "orders/create", US, order);
    const id = (await prisma.webhookDelivery.findFirstOrThrow({ where: { orderId: order.admin_graphql_api_id } })).webhookId;
    await prisma.webhookDelivery.update({ where: { webhookId: id }, data: { claimToken: "dead:1", leaseUntil: new Date(Date.now() + 30_000) } });
    expect(await processWebhookQueue(prisma, { workerId: "w2" })).toBe(0);
    expect(await processWebhookQueue(prisma, { workerId: "w2", now: () => new Date(Date.now() + 31_000) })).toBe(1);
    expect(await conversionsOf(order)).toHaveLength(1);
  });

  it("R32: workers draining the same queue side by side count every order once", async () => {
    const orders = await Promise.all(Array.from({ length: 40 }, (_, i) => checkout(i % 2 ? US : CA)));
    for (const o of orders) await post(ordersCreate, "orders/create", o.currency === "USD" ? US : CA, o);
    const worker = async (id: string) => {
      let n = 0;
      for (let k; (k = await processWebhookQueue(prisma, { workerId: id, batchSize: 7 })) > 0;) n += k;
      return n;
    };
    const handled = await Promise.all([worker("a"), worker("b"), worker("c")]);
    expect(handled.reduce((a, b) => a + b, 0)).toBe(40); // each delivery claimed by one worker
    const ids = orders.map((o) => o.admin_graphql_api_id);
    expect(await prisma.conversion.count({ where: { orderId: { in: ids } } })).toBe(40);
    expect(await prisma.webhookDelivery.count({ where: { orderId: { in: ids }, status: "DONE" } })).toBe(40);
  });

  it("R28/R32: a refund and a cancellation handled before their order still reduce it when it arrives", async () => {
    const refunded = await checkout(CA);
    const { refund } = (await control(emulator, `shops/${CA}/orders/${refunded.id}/refund`, { amount: (Number(refunded.subtotal_price) / 2).toFixed(2) })) as { refund: unknown };
    await post(refundsCreate, "refunds/create", CA, refund);
    await drainWebhookQueue(prisma);
    expect(await conversionsOf(refunded)).toHaveLength(0);
    await post(ordersCreate, "orders/create", CA, refunded);
    await drainWebhookQueue(prisma);
    const [c] = await conversionsOf(refunded);
    expect(c!.adjustments.map((a) => a.kind)).toEqual(["REFUND"]);
    expect(c!.saleCents + c!.adjustments[0]!.saleCents).toBe(c!.saleCents - Math.round(c!.saleCents / 2));

    // orders/cancelled first: it carries the whole order, so it is counted and zeroed at once;
    // the orders/create that follows changes nothing.
    const cancelledFirst = await checkout(US);
    const { order: cancelled } = (await control(emulator, `shops/${US}/orders/${cancelledFirst.id}/cancel`, {})) as { order: unknown };
    await post(ordersCancelled, "orders/cancelled", US, cancelled);
    await post(ordersCreate, "orders/create", US, cancelledFirst);
    await drainWebhookQueue(prisma);
    const [z] = await conversionsOf(cancelledFirst);
    expect(z!.saleCents + z!.adjustments.reduce((n, a) => n + a.saleCents, 0)).toBe(0);
    expect(z!.payoutCents + z!.adjustments.reduce((n, a) => n + a.payoutCents, 0)).toBe(0);
  });

  it("R32: customers/data_request reports the customer's orders; customers/redact removes the link", async () => {
    const email = "asks.for.data@example.com";
    const orders = [await checkout(US, email), await checkout(CA, email)];
    for (const [shop, order] of [
      [US, orders[0]!],
      [CA, orders[1]!],
    ] as const)
      await post(ordersCreate, "orders/create", shop, order);
    await drainWebhookQueue(prisma);
    const customerId = orders[0]!.customer.id;
    await post(dataRequest, "customers/data_request", US, {
      shop_id: 1,
      shop_domain: US,
      customer: { id: customerId, email },
      orders_requested: [orders[0]!.id],
      data_request: { id: 1 },
    });
    await drainWebhookQueue(prisma);
    const report = await prisma.auditEntry.findFirstOrThrow({ where: { action: "privacy.customer_data_request", subject: `customer:${customerId}` } });
    const stored = (JSON.parse(report.details) as { stored: { orderId: string; code: string }[] }).stored;
    expect(stored).toEqual([expect.objectContaining({ orderId: orders[0]!.admin_graphql_api_id, code: "QUEUE20" })]); // this store's only

    await post(customersRedact, "customers/redact", US, { shop_id: 1, shop_domain: US, customer: { id: customerId, email }, orders_to_redact: [orders[0]!.id] });
    await drainWebhookQueue(prisma);
    const [c] = await conversionsOf(orders[0]!);
    expect([c!.customerId, c!.country, c!.firstOrder]).toEqual([null, null, null]); // R39's fields go with it
    expect(c!.saleCents).toBeGreaterThan(0); // the brand's payout records stay
    const delivery = await prisma.webhookDelivery.findFirstOrThrow({ where: { orderId: orders[0]!.admin_graphql_api_id, topic: "ORDERS_CREATE" } });
    expect(JSON.parse(delivery.payload)).toEqual({ redacted: true });
    // The other store's customer record is that store's business.
    expect((await conversionsOf(orders[1]!))[0]!.customerId).toBe(String(customerId));
  });
});
