// R19 (issue 17, decision 111): the offer export pages through the offer's codes by id and writes
// each code's stores as one cell the database aggregates: every store in store order, the ones
// not synced with their state; a code in no store has an empty cell; usage counts per code.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import prisma from "~/db.server";
import { EXPORT_PAGE, offerCodesCsv } from "~/services/code-export.server";
import { resetDatabase } from "../support/db";
import { makeOffer } from "../support/factories";

const US = "us.myshopify.com";
const CA = "ca.myshopify.com";

async function readCsv(file: { body: ReadableStream<Uint8Array> } | null): Promise<Record<string, string>[]> {
  if (!file) throw new Error("no export");
  const text = await new Response(file.body).text();
  return parse(text.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
}

describe("R19: offer export", () => {
  afterAll(async () => {
    await prisma.$disconnect();
  });
  beforeEach(async () => {
    await resetDatabase(prisma);
  });

  it("R19: every code of the offer across pages, each with its stores in one cell (not synced ones with their state) and its usage; other offers' codes left out", async () => {
    const offerId = (await makeOffer(prisma, US)).offer.id;
    const otherId = (await makeOffer(prisma, US, { name: "Other", groupName: "Other codes" })).offer.id;
    const startsAt = new Date("2026-11-01T00:00:00Z");
    const n = EXPORT_PAGE + 3;
    await prisma.promoCode.createMany({ data: Array.from({ length: n }, (_, i) => ({ shop: US, offerId, code: `X${i}`, codeKey: `X${i}`, startsAt, status: "ACTIVE" })) });
    await prisma.promoCode.create({ data: { shop: US, offerId: otherId, code: "NOT-THIS", codeKey: "NOT-THIS", startsAt } });
    const [two, none] = await Promise.all(["X7", "X8"].map((code) => prisma.promoCode.findFirstOrThrow({ where: { offerId, code } })));
    await prisma.storeCode.createMany({
      data: [
        { promoCodeId: two!.id, store: US, state: "SYNCED" },
        { promoCodeId: two!.id, store: CA, state: "FAILED" },
      ],
    });
    const conversion = { store: US, shop: US, offerId, promoCodeId: two!.id, code: "X7", currency: "USD", saleCents: 1000, saleUsdCents: 1000, rateUnitsPerUsd: 1 };
    await prisma.conversion.createMany({
      data: [1, 2].map((k) => ({
        ...conversion,
        orderId: `gid://shopify/Order/${k}`,
        orderName: `#${k}`,
        rateDay: "2026-11-02",
        rateSource: "test",
        payoutCents: 10,
        discountedItems: 1,
        occurredAt: new Date("2026-11-02T00:00:00Z"),
      })),
    });

    const rows = await readCsv(await offerCodesCsv(prisma, US, offerId));
    expect(rows).toHaveLength(n);
    expect(new Set(rows.map((r) => r.code))).toEqual(new Set(Array.from({ length: n }, (_, i) => `X${i}`)));
    expect(rows.find((r) => r.code === "X7")).toMatchObject({
      stores: `${CA} (failed); ${US}`,
      usage_count: "2",
      status: "active",
      starts_at: "2026-11-01T00:00:00.000Z",
      ends_at: "",
    });
    expect(rows.find((r) => r.code === none!.code)).toMatchObject({ stores: "", usage_count: "0" });
  }, 120_000);
});
