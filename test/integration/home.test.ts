import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { dismissSetupGuide, loadHome, monthIn } from "~/services/home.server";
import { resetDatabase } from "../support/db";
import { CA, US } from "../support/emulator";

const NY = "America/New_York";
// 01:00 UTC on Dec 1 is still November in New York: the home's month is November there.
const NOW = new Date("2026-12-01T01:00:00Z");

async function offer(id: string) {
  await prisma.offer.create({
    data: {
      id,
      shop: US,
      name: `Offer ${id}`,
      payoutType: "FLAT",
      payoutFlatCents: 500,
      groupName: id,
      discountType: "PERCENTAGE",
      discountPercent: 10,
      startsAt: new Date("2026-11-01T00:00:00Z"),
    },
  });
}

let n = 0;
async function conversion(data: {
  offerId: string;
  memberId: string;
  at: string;
  sale: number;
  payout: number;
  testOrder?: boolean;
  rateStatus?: string;
  adjustments?: { kind: string; sale: number; payout: number }[];
}) {
  n++;
  await prisma.promoCode.upsert({
    where: { id: `code-${data.memberId}-${data.offerId}` },
    create: { id: `code-${data.memberId}-${data.offerId}`, shop: US, offerId: data.offerId, memberId: data.memberId, code: `C${n}`, codeKey: `C${n}`, startsAt: new Date(data.at) },
    update: {},
  });
  const c = await prisma.conversion.create({
    data: {
      store: US,
      shop: US,
      offerId: data.offerId,
      memberId: data.memberId,
      promoCodeId: `code-${data.memberId}-${data.offerId}`,
      code: "C",
      orderId: `gid://shopify/Order/${n}`,
      orderName: `#${n}`,
      currency: "USD",
      saleCents: data.sale,
      saleUsdCents: data.sale,
      rateUnitsPerUsd: 1,
      rateDay: data.at.slice(0, 10),
      rateSource: "test",
      payoutCents: data.payout,
      discountedItems: 1,
      occurredAt: new Date(data.at),
      testOrder: data.testOrder ?? null,
      rateStatus: data.rateStatus ?? null,
    },
  });
  for (const [i, a] of (data.adjustments ?? []).entries()) {
    await prisma.conversionAdjustment.create({
      data: { conversionId: c.id, kind: a.kind, sourceId: `${a.kind}-${i}`, saleCents: a.sale, saleUsdCents: a.sale, payoutCents: a.payout, occurredAt: new Date(data.at) },
    });
  }
}

describe("the home page (#21)", () => {
  afterAll(() => prisma.$disconnect());
  beforeEach(async () => {
    await resetDatabase(prisma);
    await prisma.shop.create({ data: { domain: US, name: "Demo US", currencyCode: "USD" } });
  });

  it("#21: the month is the shop's calendar month, in its timezone", () => {
    const m = monthIn(NOW, NY);
    expect(m.period).toBe("2026-11");
    expect(m.start.toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(m.end.toISOString()).toBe("2026-12-01T05:00:00.000Z");
    expect(monthIn(NOW, "UTC").period).toBe("2026-12");
  });

  it("R30/#21: this month's conversions, sales and payouts on the home page are the database's, net of adjustments", async () => {
    await offer("o1");
    await offer("o2");
    for (const [id, first] of [
      ["m1", "Anna"],
      ["m2", "Ben"],
      ["m3", "Chloé"],
    ] as const)
      await prisma.member.create({ data: { id, shop: US, firstName: first, lastName: "Test", email: `${id}@creators.example` } });
    await conversion({ offerId: "o1", memberId: "m1", at: "2026-11-02T12:00:00Z", sale: 10_000, payout: 500 });
    await conversion({ offerId: "o1", memberId: "m1", at: "2026-11-30T23:30:00Z", sale: 4_000, payout: 500, adjustments: [{ kind: "REFUND", sale: -1_000, payout: -125 }] });
    await conversion({ offerId: "o2", memberId: "m2", at: "2026-11-15T12:00:00Z", sale: 20_000, payout: 500, adjustments: [{ kind: "CANCEL", sale: -20_000, payout: -500 }] });
    await conversion({ offerId: "o2", memberId: "m3", at: "2026-11-20T12:00:00Z", sale: 7_000, payout: 500, rateStatus: "PROVISIONAL" });
    // Left out: a test order, October in New York (Nov 1, 03:00 UTC), December in New York.
    await conversion({ offerId: "o1", memberId: "m2", at: "2026-11-10T12:00:00Z", sale: 99_000, payout: 500, testOrder: true });
    await conversion({ offerId: "o1", memberId: "m3", at: "2026-11-01T03:00:00Z", sale: 55_000, payout: 500 });
    await conversion({ offerId: "o1", memberId: "m3", at: "2026-12-01T05:00:00Z", sale: 66_000, payout: 500 });

    const home = await loadHome(prisma, US, { now: NOW, timeZone: NY });

    // The same figures read straight from the tables.
    const { start, end } = monthIn(NOW, NY);
    const where = { shop: US, occurredAt: { gte: start, lt: end }, OR: [{ testOrder: null }, { testOrder: false }] };
    const sums = await prisma.conversion.aggregate({ where, _sum: { saleUsdCents: true, payoutCents: true }, _count: { _all: true } });
    const adj = await prisma.conversionAdjustment.aggregate({ where: { conversion: where }, _sum: { saleUsdCents: true, payoutCents: true } });
    const cancelled = await prisma.conversion.count({ where: { ...where, adjustments: { some: { kind: "CANCEL" } } } });
    expect(home.figures).toMatchObject({
      period: "2026-11",
      conversions: sums._count._all - cancelled,
      salesUsdCents: (sums._sum.saleUsdCents ?? 0) + (adj._sum.saleUsdCents ?? 0),
      payoutCents: (sums._sum.payoutCents ?? 0) + (adj._sum.payoutCents ?? 0),
    });
    expect(home.figures).toMatchObject({ conversions: 3, salesUsdCents: 20_000, payoutCents: 1_375 });
    expect(home.figures.topCreators.map((m) => [m.name, m.conversions, m.salesUsdCents])).toEqual([
      ["Anna Test", 2, 13_000],
      ["Chloé Test", 1, 7_000],
      ["Ben Test", 0, 0],
    ]);
    expect(home.attention).toEqual([{ offerId: "o2", offerName: "Offer o2", reason: "STALE_RATES", count: 1, url: "/app/conversions?offerId=o2" }]);
  });

  it("#21: the setup guide lists each step done or linked, until set up or dismissed", async () => {
    let home = await loadHome(prisma, US, { now: NOW, timeZone: NY });
    expect(home.setupGuide?.map((s) => [s.id, s.done])).toEqual([
      ["store", false],
      ["offer", false],
      ["members", false],
      ["conversion", false],
    ]);
    await offer("o1");
    await prisma.storeLink.create({ data: { primaryShop: US, connectedShop: CA, label: "Canada" } });
    home = await loadHome(prisma, US, { now: NOW, timeZone: NY });
    expect(home.setupGuide?.filter((s) => s.done).map((s) => s.id)).toEqual(["store", "offer"]);
    await dismissSetupGuide(prisma, US);
    home = await loadHome(prisma, US, { now: NOW, timeZone: NY });
    expect(home.setupGuide).toBeNull();
  });

  it("#21: jobs in progress and offers with failed syncs are listed", async () => {
    await offer("o1");
    const job = await prisma.job.create({ data: { shop: US, kind: "GENERATE_CODES", offerId: "o1", actor: "user:1", status: "RUNNING" } });
    await prisma.syncOperation.createMany({
      data: [
        { jobId: job.id, shop: US, store: US, offerId: "o1", action: "CREATE_CODE", status: "SUCCEEDED" },
        { jobId: job.id, shop: US, store: CA, offerId: "o1", action: "CREATE_CODE", status: "FAILED" },
        { jobId: job.id, shop: US, store: US, offerId: "o1", action: "CREATE_CODE" },
      ],
    });
    const home = await loadHome(prisma, US, { now: NOW, timeZone: NY });
    expect(home.jobs.rows.map((j) => [j.id, j.done, j.total])).toEqual([[job.id, 2, 3]]);
    expect(home.attention).toEqual([{ offerId: "o1", offerName: "Offer o1", reason: "SYNC_FAILURES", count: 1, url: "/app/offers/o1" }]);
  });
});
