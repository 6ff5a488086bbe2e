// The app against the emulator's checkout as Shopify behaves (issue 11 §2, §4): per-code usage
// limits, several codes per order, amount-only refunds, ids above 2^53, discount webhooks from the
// merchant's admin. Deliveries go over HTTP from the emulator to the app's production
// acknowledgement path (acceptRawWebhook, what server.mjs calls), byte for byte as sent.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import type { EmulatorState } from "../../emulator/src/state";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { drainWebhookQueue } from "~/jobs/webhook-worker.server";
import { action as discountsWebhook } from "~/routes/webhooks.discounts.$topic";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { resetDatabase } from "../support/db";
import { clientFor, control, startTestEmulator, US } from "../support/emulator";
import { ACTOR, makeOffer, makeProjectWithMembers } from "../support/factories";
import { run, webhookRequest } from "../support/requests";
import { checkoutAt, startWebhookReceiver, type Receiver } from "../support/receiver";

type Order = { id: number; admin_graphql_api_id: string; subtotal_price: string; discount_codes: { code: string; amount: string }[]; customer: { admin_graphql_api_id: string } };

describe("the app against Shopify's checkout rules and payloads (R15, R27, R28, R32)", () => {
  let emulator: Emulator;
  let receiver: Receiver;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    await resetDatabase(prisma);
    // discounts/* come from shopify.app.toml's subscriptions (R37), like every other topic.
    receiver = await startWebhookReceiver(emulator);
  });
  afterAll(async () => {
    await emulator.close();
    await receiver.close();
    await prisma.$disconnect();
  });

  const worker = () => runPendingOperations({ db: prisma, adminFor: async (s) => clientFor(emulator, s), pollMs: 5 });
  const discountsIn = async () => Object.values(((await control(emulator, "state")) as EmulatorState).shops[US]!.discounts);
  /** The emulator's checkout; its webhooks reach the app, which stores them; the worker handles them. */
  const checkout = (body: Record<string, unknown>) => checkoutAt<Order>(prisma, emulator, US, body);
  const digits = (gid: string) => gid.split("/").pop()!;

  it("R15: a unified offer's per-order limit is set on its one Shopify discount and the checkout enforces it per code", async () => {
    const { offer } = await makeOffer(prisma, US, { name: "Unified limit", groupName: "Unified limit codes", usageLimit: "2" });
    const { members } = await makeProjectWithMembers(
      prisma,
      US,
      [
        ["Anna", "Lim"],
        ["Ben", "Lim"],
      ],
      "Limits",
    );
    const r = await generateCodesForMembers(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: offer.id,
      items: [
        { memberId: members[0]!.id, code: "ANNA-LIM" },
        { memberId: members[1]!.id, code: "BEN-LIM" },
      ],
    });
    expect(r.ok).toBe(true);
    await worker();
    const [discount] = (await discountsIn()).filter((d) => d.title === "Unified limit codes");
    expect(discount).toMatchObject({ usageLimit: 2 });
    expect(discount!.codes.map((c) => c.code).sort()).toEqual(["ANNA-LIM", "BEN-LIM"]);

    for (const code of ["ANNA-LIM", "BEN-LIM", "ANNA-LIM", "BEN-LIM"]) expect((await checkout({ discountCode: code })).status).toBe(200);
    for (const code of ["ANNA-LIM", "BEN-LIM"]) {
      const refused = await checkout({ discountCode: code });
      expect([refused.status, refused.text]).toEqual([422, JSON.stringify({ error: `${code} discount code isn't available right now.` })]);
    }
    // Each use counted once; the app leaves per-order limits to Shopify: no deactivation of its own.
    expect(await prisma.conversion.count({ where: { offerId: offer.id } })).toBe(4);
    expect(await prisma.syncOperation.count({ where: { offerId: offer.id, action: "DEACTIVATE_CODE" } })).toBe(0);
  });

  it("R27/R12: an order with two members' codes that combine becomes one conversion per code, with each code's items and its share of the sale (issue 14 §1)", async () => {
    const { offer } = await makeOffer(prisma, US, { name: "Stacking", groupName: "Stack codes", datesMode: "PER_CODE", combinesWithOrder: "true", discountPercent: "10" });
    const { members } = await makeProjectWithMembers(
      prisma,
      US,
      [
        ["Cara", "Stack"],
        ["Dan", "Stack"],
      ],
      "Stackers",
    );
    const r = await generateCodesForMembers(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: offer.id,
      items: [
        { memberId: members[0]!.id, code: "CARA-STACK" },
        { memberId: members[1]!.id, code: "DAN-STACK" },
      ],
      startsAt: new Date("2026-11-01T00:00:00Z"),
      endsAt: null,
    });
    expect(r.ok).toBe(true);
    await worker();
    const { status, order } = await checkout({ lines: [{ quantity: 2 }], discountCodes: ["CARA-STACK", "DAN-STACK"] });
    expect(status).toBe(200);
    expect(order!.discount_codes).toEqual([
      { code: "CARA-STACK", amount: "12.80", type: "percentage" },
      { code: "DAN-STACK", amount: "12.80", type: "percentage" },
    ]);
    const conversions = await prisma.conversion.findMany({ where: { orderId: order!.admin_graphql_api_id }, orderBy: { code: "asc" } });
    // Two order-level codes of 12.80 each on the same lines: half the 102.40 sale each, not all of it twice.
    expect(conversions.map((c) => [c.code, c.memberId, c.discountedItems, c.saleCents, c.attribution, c.orderSaleCents])).toEqual([
      ["CARA-STACK", members[0]!.id, 2, 5120, "LINES", 10240],
      ["DAN-STACK", members[1]!.id, 2, 5120, "LINES", 10240],
    ]);
  });

  it("R28: an amount-only refund (no refund lines) reduces the sale and payout by its amount", async () => {
    const { order } = await checkout({ discountCode: "CARA-STACK", shipping: "6.00" });
    const before = await prisma.conversion.findFirstOrThrow({ where: { orderId: order!.admin_graphql_api_id } });
    expect(before.saleCents).toBe(5760);
    const { refund } = (await control(emulator, `shops/${US}/orders/${digits(order!.admin_graphql_api_id)}/refund`, { amount: "14.40", amountOnly: true })) as {
      refund: { refund_line_items: unknown[] };
    };
    expect(refund.refund_line_items).toEqual([]);
    await emulator.settle();
    await drainWebhookQueue(prisma);
    const after = await prisma.conversion.findUniqueOrThrow({ where: { id: before.id }, include: { adjustments: true } });
    expect(after.adjustments.map((a) => [a.kind, a.saleCents])).toEqual([["REFUND", -1440]]);
  });

  it("R27/R28: ids above 2^53, sent as bare JSON numbers, keep every digit: the conversion, its customer, and the refund that finds it", async () => {
    const { order, text } = await checkout({ discountCode: "DAN-STACK", bigIds: true, email: "big@example.com" });
    const id = digits(order!.admin_graphql_api_id);
    expect(BigInt(id) > 2n ** 53n).toBe(true);
    expect(text).toContain(`"id":${id},`); // a bare number, as Shopify prints it
    const c = await prisma.conversion.findFirstOrThrow({ where: { orderId: `gid://shopify/Order/${id}` } });
    expect(c.customerId).toBe(digits(order!.customer.admin_graphql_api_id));
    await control(emulator, `shops/${US}/orders/${id}/refund`, { amount: "5.76", amountOnly: true });
    await emulator.settle();
    await drainWebhookQueue(prisma);
    expect((await prisma.conversionAdjustment.findMany({ where: { conversionId: c.id } })).map((a) => a.saleCents)).toEqual([-576]);
  });

  it("R27/R28: Shopify's own orders/create and refunds/create examples with the real order id 820982911946154508", async () => {
    const read = (topic: string) => readFileSync(`emulator/webhook-examples/${topic}.json`, "utf8");
    const order = (JSON.parse(read("orders/create")) as { example_payload: Record<string, unknown> }).example_payload;
    Object.assign(order, {
      cancelled_at: null,
      created_at: "2026-11-20T10:00:00-05:00",
      discount_codes: [{ code: "ANNA-LIM", amount: "20.00", type: "fixed_amount" }],
      discount_applications: [
        { type: "discount_code", code: "ANNA-LIM", value: "20.00", value_type: "fixed_amount", allocation_method: "across", target_selection: "all", target_type: "line_item" },
      ],
    });
    // The example's numbers went through a double already (…500); put back the digits its GraphQL ids have.
    const orderText = JSON.stringify(order).replace('{"id":820982911946154500,', '{"id":820982911946154508,').replace('"id":115310627314723950,', '"id":115310627314723954,');
    expect((await run(ordersCreate, webhookRequest("orders/create", US, orderText, { raw: true }))) as Response).toMatchObject({ status: 200 });
    await drainWebhookQueue(prisma);
    const c = await prisma.conversion.findFirstOrThrow({ where: { orderId: "gid://shopify/Order/820982911946154508" } });
    expect([c.code, c.saleCents, c.customerId]).toEqual(["ANNA-LIM", 40495, "115310627314723954"]);

    const refund = (JSON.parse(read("refunds/create")) as { example_payload: { refund_line_items: unknown[] } }).example_payload;
    refund.refund_line_items = refund.refund_line_items.slice(0, 1); // 89.99 of the order's lines
    const refundText = JSON.stringify(refund).replace(/"order_id":820982911946154500/g, '"order_id":820982911946154508');
    expect((await run(refundsCreate, webhookRequest("refunds/create", US, refundText, { raw: true }))) as Response).toMatchObject({ status: 200 });
    await drainWebhookQueue(prisma);
    expect((await prisma.conversionAdjustment.findMany({ where: { conversionId: c.id } })).map((a) => a.saleCents)).toEqual([-8999]);
  });

  it("R32: discounts/* webhooks for the merchant's changes in the admin are verified, stored and done without error", async () => {
    const [discount] = (await discountsIn()).filter((d) => d.title === "Unified limit codes");
    const stored = () => prisma.webhookDelivery.findMany({ where: { topic: { startsWith: "DISCOUNTS_" } }, orderBy: { receivedAt: "asc" } });
    receiver.statuses.length = 0;
    for (const [action, body] of [
      ["update", { title: "Renamed by the merchant" }],
      ["deactivate", {}],
      ["remove-code", { code: "BEN-LIM" }],
      ["delete", {}],
    ] as const)
      await control(emulator, `shops/${US}/discounts/${discount!.id}/${action}`, body);
    await emulator.settle();
    expect(receiver.statuses).toEqual([200, 200, 200, 200]);
    expect((await stored()).map((d) => d.topic)).toEqual(["DISCOUNTS_UPDATE", "DISCOUNTS_UPDATE", "DISCOUNTS_REDEEMCODE_REMOVED", "DISCOUNTS_DELETE"]);
    expect(JSON.parse((await stored())[2]!.payload)).toMatchObject({ admin_graphql_api_id: `gid://shopify/DiscountCodeNode/${discount!.id}`, redeem_code: { code: "BEN-LIM" } });
    await drainWebhookQueue(prisma);
    expect((await stored()).map((d) => [d.status, d.error])).toEqual(Array(4).fill(["DONE", null]));
    // The dev server's route takes them too.
    const viaRoute = (await run(
      discountsWebhook,
      webhookRequest("discounts/create", US, {
        admin_graphql_api_id: "gid://shopify/DiscountCodeNode/1",
        title: "x",
        status: "ACTIVE",
        created_at: "2026-11-27T00:00:00Z",
        updated_at: "2026-11-27T00:00:00Z",
      }),
    )) as Response;
    expect(viaRoute.status).toBe(200);
  });
});
