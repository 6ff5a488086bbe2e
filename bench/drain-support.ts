// What the webhook drain benches share: a shop with one offer and its members' codes, Shopify's
// orders/create example as a template (per order only ids, code and amounts change), and a
// backlog of stored deliveries written straight into the queue, as the acknowledgement path
// stores them, for a worker to drain.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { example } from "../emulator/src/payloads";
import { createOffer } from "../app/services/offers.server";
import { newOfferValues, parseOfferForm } from "../app/domain/offers/offer-input";
import { parsePayloadJson } from "../app/domain/webhooks/payload-json";
import { storeDeliveries } from "../app/webhooks/inbox.server";
import { prepareForStorage } from "../app/webhooks/registry.server";

export const SHOP = "us-store.myshopify.com";

/** Shopify's orders/create example as a template: per order only ids, code and amounts change. */
export function orderTemplate(): (n: number, code: string) => string {
  const base = example("orders/create");
  const lines = (base.line_items as Record<string, unknown>[]).map((li) => ({
    ...li,
    quantity: 1,
    discount_allocations: [{ amount: "1.00", amount_set: { shop_money: { amount: "1.00", currency_code: "USD" } }, discount_application_index: 0 }],
  }));
  const order = {
    ...base,
    id: "@ID@",
    admin_graphql_api_id: "gid://shopify/Order/@ID@",
    name: "#@ID@",
    order_number: "@ID@",
    created_at: "@AT@",
    cancelled_at: null,
    cancel_reason: null,
    currency: "USD",
    presentment_currency: "USD",
    subtotal_price: "@SUBTOTAL@",
    discount_codes: [{ code: "@CODE@", amount: "5.00", type: "percentage" }],
    discount_applications: [
      { type: "discount_code", code: "@CODE@", value: "10.0", value_type: "percentage", allocation_method: "across", target_selection: "all", target_type: "line_item" },
    ],
    line_items: lines,
  };
  const json = JSON.stringify(order).replace(/"@ID@"/g, "@ID@");
  return (n, code) =>
    json
      .replace(/@ID@/g, String(5_000_000_000 + n))
      .replace("@AT@", new Date().toISOString())
      .replace("@SUBTOTAL@", (20 + (n % 80) + 0.5).toFixed(2))
      .replace(/@CODE@/g, code);
}

/** The shop, its offline session, one offer and `count` members with an active code each. Returns the codes. */
export async function seedOfferWithCodes(db: PrismaClient, count: number): Promise<string[]> {
  await db.shop.create({ data: { domain: SHOP, name: "Bench US", currencyCode: "USD" } });
  await db.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "bench", accessToken: "shpat_bench", isOnline: false, scope: "read_orders" } });
  const parsed = parseOfferForm({
    ...newOfferValues(new Date("2026-01-01T00:00:00Z")),
    name: "Bench conversions",
    groupName: "Bench",
    payoutType: "BOTH",
    payoutFlatCents: "100",
    payoutPercent: "10",
    discountPercent: "10",
  });
  if (!parsed.ok) throw new Error("offer");
  const created = await createOffer(db, { shop: SHOP, actor: "bench", input: parsed.value });
  if (!created.ok) throw new Error("offer");
  await db.member.createMany({ data: Array.from({ length: count }, (_, i) => ({ shop: SHOP, firstName: `Creator${i}`, email: `c${i}@bench.example` })) });
  const members = await db.member.findMany({ where: { shop: SHOP }, orderBy: { email: "asc" } });
  const codes = members.map((_, i) => `BENCH${i}`);
  for (let i = 0; i < members.length; i += 50) {
    await db.promoCode.createMany({
      data: members.slice(i, i + 50).map((m, k) => ({
        shop: SHOP,
        offerId: created.offer.id,
        memberId: m.id,
        code: codes[i + k]!,
        codeKey: codes[i + k]!,
        status: "ACTIVE",
        startsAt: new Date("2026-01-01T00:00:00Z"),
      })),
    });
  }
  return codes;
}

/**
 * `count` orders/create deliveries stored PENDING, as the acknowledgement path stores them
 * (checked and cut down by the topic registry), order numbers from `firstOrder`.
 */
export async function storeBacklog(db: PrismaClient, codes: string[], count: number, firstOrder = 0): Promise<void> {
  const render = orderTemplate();
  const deliveries = [];
  for (let n = 0; n < count; n++) {
    const payload = parsePayloadJson(render(firstOrder + n, codes[n % codes.length]!.toLowerCase()));
    deliveries.push({ webhookId: randomUUID(), shop: SHOP, topic: "ORDERS_CREATE", apiVersion: "2026-10", ...prepareForStorage("ORDERS_CREATE", payload) });
  }
  // One statement, one commit: a worker finds the whole backlog at once.
  await storeDeliveries(db, deliveries);
}
