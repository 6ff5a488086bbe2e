// R19/R33 (issue 17, decision 111): bulk codes are stored as value rows (insertValueRows): only
// the code strings travel, the offer's values are bound once and the database numbers the ids.
// They read back through Prisma as Prisma writes them, on SQLite and PostgreSQL, with the ids the
// caller computed (valueRowId), in the order of the values, across statement chunks.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { insertValueRows, valueRowId, valueRowIdPrefix } from "~/services/bulk-rows.server";
import { resetDatabase } from "../support/db";
import { makeOffer } from "../support/factories";

const US = "us.myshopify.com";

describe("R19/R33: value rows", () => {
  afterAll(async () => {
    await prisma.$disconnect();
  });
  beforeEach(async () => {
    await resetDatabase(prisma);
  });

  it("R19: 25,003 codes written as value rows read back through Prisma with the ids the caller computed, in the codes' order, constants and nulls as given", async () => {
    const offerId = (await makeOffer(prisma, US)).offer.id;
    const startsAt = new Date("2026-11-01T00:00:00.000Z");
    const createdAt = new Date("2026-11-28T10:11:12.345Z");
    const codes = Array.from({ length: 25_003 }, (_, i) => `BULK-${String(i).padStart(6, "0")}`);
    const prefix = valueRowIdPrefix();
    const written = await insertValueRows(
      prisma,
      "PromoCode",
      {
        idPrefix: prefix,
        valueColumns: ["code", "codeKey"],
        constants: {
          shop: { type: "text", value: US },
          offerId: { type: "text", value: offerId },
          status: { type: "text", value: "PENDING" },
          current: { type: "bool", value: false },
          startsAt: { type: "timestamp", value: startsAt },
          endsAt: { type: "timestamp", value: null },
          createdAt: { type: "timestamp", value: createdAt },
          batchId: { type: "text", value: "batch-1" },
        },
      },
      codes,
    );
    expect(written).toBe(codes.length);
    expect(prefix).toHaveLength(19);
    expect(valueRowId(prefix, 0)).toHaveLength(25);

    const last = await prisma.promoCode.findUniqueOrThrow({ where: { id: valueRowId(prefix, 25_002) } });
    expect(last).toMatchObject({ code: "BULK-025002", codeKey: "BULK-025002", shop: US, offerId, status: "PENDING", current: false, endsAt: null, batchId: "batch-1" });
    expect(last.startsAt.toISOString()).toBe(startsAt.toISOString());
    expect(last.createdAt.toISOString()).toBe(createdAt.toISOString());
    // Prisma's own filters see them as rows it wrote; ids sort in the codes' order.
    expect(await prisma.promoCode.count({ where: { batchId: "batch-1", current: false, createdAt: { gte: createdAt }, endsAt: null } })).toBe(codes.length);
    const byId = await prisma.promoCode.findMany({ where: { batchId: "batch-1" }, orderBy: { id: "asc" }, select: { id: true, code: true } });
    expect(byId.map((r) => r.code)).toEqual(codes);
    expect(byId.map((r) => r.id)).toEqual(codes.map((_, i) => valueRowId(prefix, i)));

    // A second table keyed on those ids (a state per code and store), from the same id list.
    const ids = codes.map((_, i) => valueRowId(prefix, i));
    const states = await insertValueRows(
      prisma,
      "StoreCode",
      { idPrefix: valueRowIdPrefix(), valueColumns: ["promoCodeId"], constants: { store: { type: "text", value: US }, updatedAt: { type: "timestamp", value: createdAt } } },
      ids,
    );
    expect(states).toBe(codes.length);
    expect(await prisma.storeCode.count({ where: { store: US, state: "PENDING", promoCode: { batchId: "batch-1" } } })).toBe(codes.length);
  }, 120_000);
});
