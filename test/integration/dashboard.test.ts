import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { getDashboard, rangeFromUrl } from "~/services/dashboard.server";
import { resetDatabase } from "../support/db";
import { US } from "../support/emulator";

// Dashboards (R30) name every member and offer that converted, however many: names are looked up
// in chunks (SQLite's parameter cap), not cut at the first 400.
describe("dashboards (R30)", () => {
  afterAll(() => prisma.$disconnect());
  beforeEach(() => resetDatabase(prisma));

  it("R30: a dashboard with 450 converting members and 450 offers names each of them", async () => {
    const n = 450;
    const day = new Date("2026-10-15T12:00:00Z");
    const offers = Array.from({ length: n }, (_, i) => ({
      id: `offer-${i}`,
      shop: US,
      name: `Offer ${i}`,
      payoutType: "FLAT",
      payoutFlatCents: 100,
      groupName: `Group ${i}`,
      discountType: "PERCENTAGE",
      discountPercent: 10,
      startsAt: day,
    }));
    const members = Array.from({ length: n }, (_, i) => ({ id: `member-${i}`, shop: US, firstName: `Creator${i}`, lastName: "Test", email: `c${i}@creators.example` }));
    await prisma.offer.createMany({ data: offers });
    await prisma.member.createMany({ data: members });
    await prisma.promoCode.createMany({
      data: members.map((m, i) => ({ id: `code-${i}`, shop: US, offerId: offers[i]!.id, memberId: m.id, code: `C${i}`, codeKey: `C${i}`, startsAt: day })),
    });
    await prisma.conversion.createMany({
      data: members.map((m, i) => ({
        store: US,
        shop: US,
        offerId: offers[i]!.id,
        memberId: m.id,
        promoCodeId: `code-${i}`,
        code: `C${i}`,
        orderId: `gid://shopify/Order/${i + 1}`,
        orderName: `#${1000 + i}`,
        currency: "USD",
        saleCents: 5000,
        saleUsdCents: 5000,
        rateUnitsPerUsd: 1,
        rateDay: "2026-10-15",
        rateSource: "test",
        payoutCents: 100,
        discountedItems: 1,
        occurredAt: day,
      })),
    });

    const dashboard = await getDashboard(prisma, US, {}, { from: "2026-10-01", to: "2026-10-31" });
    expect(dashboard.totals.conversions).toBe(n);
    expect(dashboard.byMember).toHaveLength(n);
    expect(dashboard.byOffer).toHaveLength(n);
    expect(dashboard.byMember.filter((m) => m.name === "Member")).toHaveLength(0);
    expect(dashboard.byOffer.filter((o) => o.name === "Offer")).toHaveLength(0);
    expect(new Set(dashboard.byMember.map((m) => m.name))).toEqual(new Set(members.map((m) => `${m.firstName} Test`)));
    expect(new Set(dashboard.byOffer.map((o) => o.name))).toEqual(new Set(offers.map((o) => o.name)));
  });

  it("R35: a dashboard's range from the URL is a real date range of at most about three years, else the last 30 days", () => {
    const today = new Date("2026-11-27T10:00:00Z");
    const range = (query: string) => rangeFromUrl(new URL(`http://app/x?${query}`), today);
    expect(range("from=2026-10-01&to=2026-10-31")).toEqual({ from: "2026-10-01", to: "2026-10-31" });
    for (const bad of [
      "from=2026-02-30&to=2026-03-10",
      "from=9999-99-99",
      "from=0000-01-01&to=2026-01-01",
      "from=2026-10-31&to=2026-10-01",
      "from=2000-01-01&to=2100-12-31",
      "from=garbage",
    ]) {
      expect(range(bad), bad).toEqual({ from: "2026-10-29", to: "2026-11-27" });
    }
  });
});
