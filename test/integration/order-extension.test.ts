// Issue 19 (R41, R40, R36): the backend of the order page's admin extensions. Requests as Shopify
// admin sends them for an extension's fetch(): `Authorization: Bearer <session token>` from
// another origin (CORS), the token signed by the emulator for the store whose admin shows the order.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/src/server";
import { control, startTestEmulator, US, CA } from "../support/emulator";
import { resetDatabase } from "../support/db";
import { ACTOR, makeOffer, makeProjectWithMembers } from "../support/factories";
import { run, webhookRequest } from "../support/requests";

type Json = Record<string, unknown>;
type RouteFn = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;
const ORIGIN = "https://extensions.shopifycdn.com";

describe("order page extensions' backend (issue 19: R41, R40, R36)", () => {
  let emulator: Emulator;
  let prisma: typeof import("~/db.server").default;
  let orders: { loader: RouteFn; action: RouteFn };
  let members: { loader: RouteFn; action: RouteFn };
  let ordersCreate: RouteFn;
  let refundsCreate: RouteFn;
  let drain: (db: typeof prisma) => Promise<unknown>;
  let getDashboard: typeof import("~/services/dashboard.server").getDashboard;
  let offerId: string;
  let cara: { id: string };
  let dan: { id: string };

  beforeAll(async () => {
    emulator = await startTestEmulator();
    process.env.SHOPIFY_EMULATOR_URL = emulator.url;
    prisma = (await import("~/db.server")).default;
    orders = (await import("~/routes/api.extensions.orders.$id")) as unknown as typeof orders;
    members = (await import("~/routes/api.extensions.offers.$id.members")) as unknown as typeof members;
    ordersCreate = (await import("~/routes/webhooks.orders.create")).action as RouteFn;
    refundsCreate = (await import("~/routes/webhooks.refunds.create")).action as RouteFn;
    drain = (await import("~/jobs/webhook-worker.server")).drainWebhookQueue;
    getDashboard = (await import("~/services/dashboard.server")).getDashboard;
  });
  afterAll(async () => {
    await emulator.close();
    await prisma.$disconnect();
  });
  beforeEach(async () => {
    await resetDatabase(prisma);
    await control(emulator, "reset", {});
    const { offer } = await makeOffer(prisma, US, { name: "Creator launch", payoutType: "BOTH", payoutFlatCents: "2", payoutPercent: "10" });
    offerId = offer.id;
    const made = await makeProjectWithMembers(prisma, US, [
      ["Cara", "One"],
      ["Dan", "One"],
    ]);
    cara = made.members[0]!;
    dan = made.members[1]!;
    const { generateCodesForMembers } = await import("~/services/generation.server");
    const r = await generateCodesForMembers(prisma, {
      shop: US,
      actor: ACTOR,
      offerId,
      items: [
        { memberId: cara.id, code: "CARA-ONE" },
        { memberId: dan.id, code: "DAN-ONE" },
      ],
    });
    if (!r.ok) throw new Error("generation");
    // The codes go live in us-store (the sync worker), so that its checkout takes them.
    const { runPendingOperations } = await import("~/jobs/sync-worker.server");
    const { clientFor } = await import("../support/emulator");
    await runPendingOperations({ db: prisma, adminFor: async (s) => clientFor(emulator, s), pollMs: 5 });
  });

  /** An order placed at the emulator's checkout (orders/create built as Shopify does), delivered to the app's webhook route. */
  async function order(shop: string, code?: string): Promise<{ id: string; gid: string; payload: Json }> {
    const { order: payload } = (await control(emulator, `shops/${shop}/orders`, { lines: [{ quantity: 2 }], ...(code ? { discountCode: code } : {}) })) as { order: Json };
    const response = (await run(ordersCreate, webhookRequest("orders/create", shop, payload))) as Response;
    expect(response.status).toBe(200);
    await drain(prisma);
    const gid = String(payload.admin_graphql_api_id);
    return { id: gid.split("/").pop()!, gid, payload };
  }
  const token = async (shop: string, opts: Json = {}) => ((await control(emulator, "session-token", { shop, ...opts })) as { token: string }).token;
  async function call(
    fn: RouteFn,
    path: string,
    params: Record<string, string>,
    init: { shop?: string; token?: string | null; method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { Origin: ORIGIN, ...init.headers };
    const bearer = init.token === undefined ? await token(init.shop ?? US) : init.token;
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    if (init.body !== undefined) headers["Content-Type"] = "application/json";
    const request = new Request(`${process.env.SHOPIFY_APP_URL}${path}`, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const response = (await run(fn, new Request(request))) as Response;
    return { response, text: await response.clone().text() };
  }
  const view = (id: string, shop = US) =>
    call(orders.loader, `/api/extensions/orders/${id}`, { id }, { shop }).then(async ({ response, text }) => ({ status: response.status, body: JSON.parse(text) as Json }));
  const post = (id: string, body: unknown, shop = US) => call(orders.action as RouteFn, `/api/extensions/orders/${id}`, { id }, { shop, method: "POST", body });
  // run() passes no params: bind them.
  beforeAll(() => {
    const bind = (fn: RouteFn) => ((args: Parameters<RouteFn>[0]) => fn({ ...args, params: { id: new URL(args.request.url).pathname.split("/")[4]! } })) as RouteFn;
    orders = { loader: bind(orders.loader), action: bind(orders.action) };
    members = { loader: bind(members.loader), action: bind(members.action) };
  });

  it("R41: a request without a valid session token is refused (401, with CORS headers) and shows nothing", async () => {
    const { id } = await order(US, "CARA-ONE");
    for (const bad of [null, await token(US, { secret: "not-the-app-secret" }), await token(US, { lifetimeSeconds: -120 }), "not-a-jwt"]) {
      const { response, text } = await call(orders.loader, `/api/extensions/orders/${id}`, { id }, { token: bad });
      expect(response.status).toBe(401);
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(text).not.toContain("CARA-ONE");
    }
    const write = await call(orders.action, `/api/extensions/orders/${id}`, { id }, { token: null, method: "POST", body: { intent: "exclude", conversionId: "x", reason: "r" } });
    expect(write.response.status).toBe(401);
    expect(await prisma.conversionAdjustment.count()).toBe(0);
  });

  it("R41: the CORS preflight (OPTIONS, no token) is answered 204 allowing the Authorization header, on both routes", async () => {
    for (const [fn, path] of [
      [orders.action, "/api/extensions/orders/1"],
      [members.action, `/api/extensions/offers/${offerId}/members`],
    ] as const) {
      const { response } = await call(
        fn,
        path,
        {},
        { token: null, method: "OPTIONS", headers: { "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type" } },
      );
      expect(response.status).toBe(204);
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(response.headers.get("Access-Control-Allow-Headers")).toContain("Authorization");
    }
  });

  it("R41: the block's data names the member, offer, code, sale, USD payout, rate and status of the requesting store's order, with a link to the member", async () => {
    const { id } = await order(US, "CARA-ONE");
    const { status, body } = await view(id);
    expect(status).toBe(200);
    const [c] = body.conversions as Json[];
    const row = await prisma.conversion.findFirstOrThrow({ where: { code: "CARA-ONE" } });
    expect(c).toMatchObject({
      member: "Cara One",
      offer: "Creator launch",
      code: "CARA-ONE",
      currency: "USD",
      saleCents: row.saleCents,
      saleUsdCents: row.saleUsdCents,
      payoutCents: row.payoutCents,
      status: "COUNTED",
      manual: false,
      canExclude: true,
      memberUrl: `app:app/members/${cara.id}/dashboard`,
    });
    expect(c!.rate).toEqual({ unitsPerUsd: 1, day: row.rateDay, source: "identity", status: "CURRENT" });
    const none = await order(US);
    expect((await view(none.id)).body).toMatchObject({ installed: true, conversions: [], offers: [{ id: offerId, name: "Creator launch" }], attributeRefusal: null });
  });

  it("R41/R1: another store's admin gets none of this store's order and cannot change it", async () => {
    const { id } = await order(US, "CARA-ONE");
    const other = await view(id, CA); // the same order id asked from ca-store's admin
    expect(other.status).toBe(200);
    expect(other.body.conversions).toEqual([]);
    expect(JSON.stringify(other.body)).not.toContain("Cara");
    expect(other.body.offers).toEqual([]); // ca-store has no offer of its own
    const conversion = await prisma.conversion.findFirstOrThrow({ where: { code: "CARA-ONE" } });
    const write = await post(id, { intent: "exclude", conversionId: conversion.id, reason: "fraud" }, CA);
    expect(write.response.status).toBe(404);
    const attribute = await post(id, { intent: "attribute", offerId, memberId: dan.id, reason: "forgot" }, CA);
    expect(attribute.response.status).toBe(404);
    expect(await prisma.conversionAdjustment.count()).toBe(0);
    const picker = await call(members.loader, `/api/extensions/offers/${offerId}/members`, {}, { shop: CA });
    expect(picker.response.status).toBe(404);
  });

  it("R41/R40/R36: excluding with a reason adds an audited EXCLUDE adjustment; the offer's payout drops by it; the row is unchanged; a second exclusion is refused", async () => {
    const { id } = await order(US, "CARA-ONE");
    const before = await prisma.conversion.findFirstOrThrow({ where: { code: "CARA-ONE" } });
    const range = { from: "2020-01-01", to: "2030-12-31" };
    const dashboard = await getDashboard(prisma, US, { offerId }, range);
    expect((await post(id, { intent: "exclude", conversionId: before.id, reason: "  " })).response.status).toBe(400);
    const { response, text } = await post(id, { intent: "exclude", conversionId: before.id, reason: "Employee order" });
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect((JSON.parse(text) as { conversions: Json[] }).conversions[0]).toMatchObject({
      status: "EXCLUDED",
      payoutCents: 0,
      canExclude: false,
      adjustments: [{ kind: "EXCLUDE", payoutCents: -before.payoutCents, reason: "Employee order" }],
    });
    expect(await prisma.conversion.findFirstOrThrow({ where: { id: before.id } })).toEqual(before);
    expect((await getDashboard(prisma, US, { offerId }, range)).totals.payoutCents).toBe(dashboard.totals.payoutCents - before.payoutCents);
    const audit = await prisma.auditEntry.findFirstOrThrow({ where: { action: "conversion.exclude" } });
    expect(audit.actor).toMatch(/^user:/);
    expect(JSON.parse(audit.details)).toMatchObject({ reason: "Employee order" });
    expect((await post(id, { intent: "exclude", conversionId: before.id, reason: "again" })).response.status).toBe(409);
  });

  it("R41/R40/R36: attributing a code-less order counts it at zero with an audited ATTRIBUTE adjustment carrying the sale and payout; it shows on the member's dashboard; a refund later takes its share", async () => {
    const { id, gid, payload } = await order(US);
    const picker = await call(members.loader, `/api/extensions/offers/${offerId}/members?q=Dan`, {});
    expect(JSON.parse(picker.text)).toEqual({ members: [{ id: dan.id, name: "Dan One", code: "DAN-ONE" }] });
    expect((await post(id, { intent: "attribute", offerId, memberId: dan.id, reason: "" })).response.status).toBe(400);
    const { response, text } = await post(id, { intent: "attribute", offerId, memberId: dan.id, reason: "Customer forgot the code" });
    expect(response.status).toBe(200);
    const sale = Math.round(Number(payload.subtotal_price) * 100);
    const payout = 200 + Math.round(sale / 10);
    expect((JSON.parse(text) as { conversions: Json[] }).conversions[0]).toMatchObject({
      member: "Dan One",
      code: "DAN-ONE",
      saleCents: sale,
      payoutCents: payout,
      manual: true,
      status: "COUNTED",
    });
    const row = await prisma.conversion.findFirstOrThrow({ where: { orderId: gid }, include: { adjustments: true } });
    expect([row.saleCents, row.payoutCents, row.attribution, row.orderSaleCents]).toEqual([0, 0, "MANUAL", sale]);
    expect(row.adjustments.map((a) => [a.kind, a.saleCents, a.payoutCents, a.reason])).toEqual([["ATTRIBUTE", sale, payout, "Customer forgot the code"]]);
    expect(JSON.parse((await prisma.auditEntry.findFirstOrThrow({ where: { action: "conversion.attribute" } })).details)).toMatchObject({
      orderId: gid,
      memberId: dan.id,
      code: "DAN-ONE",
    });
    const dashboard = await getDashboard(prisma, US, { memberId: dan.id }, { from: "2020-01-01", to: "2030-12-31" });
    expect(dashboard.totals).toEqual({ conversions: 1, salesUsdCents: sale, payoutCents: payout });
    expect((await post(id, { intent: "attribute", offerId, memberId: cara.id, reason: "twice" })).response.status).toBe(409);

    // A refund of half the order afterwards: half the attributed sale and of what is left of the payout (R28).
    const { refund } = (await control(emulator, `shops/us-store/orders/${id}/refund`, { amount: (sale / 200).toFixed(2), amountOnly: true })) as { refund: Json };
    expect(((await run(refundsCreate, webhookRequest("refunds/create", US, refund))) as Response).status).toBe(200);
    await drain(prisma);
    const after = (await view(id)).body.conversions as Json[];
    expect(after[0]).toMatchObject({ status: "PARTLY_REFUNDED", saleCents: sale - Math.round(sale / 2) });
  });

  it("R41: an order the app never received cannot be attributed; the block says why", async () => {
    const { body } = await view("99999999");
    expect(body.conversions).toEqual([]);
    expect(String(body.attributeRefusal)).toContain("has not received this order");
    expect((await post("99999999", { intent: "attribute", offerId, memberId: dan.id, reason: "forgot" })).response.status).toBe(409);
  });
});
