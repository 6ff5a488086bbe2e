// R33/R38: bulk writes of the sync engine (5,000 operations in one statement) store exactly what
// Prisma would: rows written by insertRows and updateRows read back through Prisma unchanged, on
// SQLite and PostgreSQL (dates, integers, fractions, nulls), only the matched rows are updated,
// and with ON CONFLICT a row already there is kept and only the rows written come back.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { inJsonList, insertRows, newId, ROWS_PER_STATEMENT, rowOf, updateRows, updateWhereIn } from "~/services/bulk-rows.server";
import { resetDatabase } from "../support/db";
import { makeOffer } from "../support/factories";

describe("R33: bulk rows", () => {
  afterAll(async () => {
    await prisma.$disconnect();
  });
  beforeEach(async () => {
    await resetDatabase(prisma);
  });

  it("R33: rows inserted in one statement read back through Prisma as written, across statement chunks", async () => {
    const at = new Date("2026-11-28T10:11:12.345Z");
    const n = ROWS_PER_STATEMENT + 7;
    const rows = Array.from({ length: n }, (_, i) => [
      newId(),
      null,
      "us.myshopify.com",
      i % 2 ? "ca.myshopify.com" : "us.myshopify.com",
      "offer-1",
      null,
      "CHECK_CODE",
      "PENDING",
      i,
      at,
      at,
    ]);
    const written = await insertRows(
      prisma,
      "SyncOperation",
      {
        id: "text",
        jobId: "text",
        shop: "text",
        store: "text",
        offerId: "text",
        promoCodeId: "text",
        action: "text",
        status: "text",
        attempts: "int",
        createdAt: "timestamp",
        updatedAt: "timestamp",
      },
      rows,
    );
    expect(written).toBe(n);
    expect(await prisma.syncOperation.count()).toBe(n);
    const one = await prisma.syncOperation.findUniqueOrThrow({ where: { id: rows[3]![0] as string } });
    expect(one).toMatchObject({ jobId: null, store: "ca.myshopify.com", attempts: 3, status: "PENDING", leaseUntil: null, promoCodeId: null });
    expect(one.createdAt.toISOString()).toBe(at.toISOString());
    // Prisma's own date filters and ordering see them like rows Prisma wrote.
    expect(await prisma.syncOperation.count({ where: { createdAt: { lte: at }, status: "PENDING" } })).toBe(n);
    expect(await prisma.syncOperation.count({ where: { createdAt: { lt: at } } })).toBe(0);
    expect(new Set(rows.map((r) => r[0])).size).toBe(n);
  });

  it("R33: each row updated with its own value, only where the key and the narrowing match", async () => {
    const offerId = (await makeOffer(prisma, "us.myshopify.com")).offer.id;
    const codes = await Promise.all(
      ["A1", "B2", "C3"].map((code) => prisma.promoCode.create({ data: { shop: "us.myshopify.com", offerId, code, codeKey: code, startsAt: new Date() } })),
    );
    for (const c of codes)
      for (const store of ["us.myshopify.com", "ca.myshopify.com"]) await prisma.storeCode.create({ data: { promoCodeId: c.id, store, state: "PENDING", error: "old" } });
    const updated = await updateRows(
      prisma,
      "StoreCode",
      { promoCodeId: "text", remoteCodeId: "text" },
      [
        [codes[0]!.id, "gid://shopify/DiscountRedeemCode/1"],
        [codes[1]!.id, null],
      ],
      { where: { store: "ca.myshopify.com" }, set: { state: "SYNCED", error: null, updatedAt: new Date() } },
    );
    expect(updated).toBe(2);
    const rows = await prisma.storeCode.findMany({ orderBy: [{ store: "asc" }] });
    const of = (id: string, store: string) => rows.find((r) => r.promoCodeId === id && r.store === store)!;
    expect(of(codes[0]!.id, "ca.myshopify.com")).toMatchObject({ state: "SYNCED", error: null, remoteCodeId: "gid://shopify/DiscountRedeemCode/1" });
    expect(of(codes[1]!.id, "ca.myshopify.com")).toMatchObject({ state: "SYNCED", error: null, remoteCodeId: null });
    expect(of(codes[2]!.id, "ca.myshopify.com")).toMatchObject({ state: "PENDING", error: "old" });
    for (const c of codes) expect(of(c.id, "us.myshopify.com")).toMatchObject({ state: "PENDING", error: "old", remoteCodeId: null });
  });

  it("R33/R34: rows updated by a list of keys in one statement, only where the narrowing holds, returning what changed", async () => {
    const at = new Date("2026-11-28T10:11:12.345Z");
    const ids = Array.from({ length: ROWS_PER_STATEMENT + 3 }, () => newId());
    await insertRows(
      prisma,
      "SyncOperation",
      {
        id: "text",
        shop: "text",
        store: "text",
        offerId: "text",
        action: "text",
        status: "text",
        attempts: "int",
        leaseOwner: "text",
        createdAt: "timestamp",
        updatedAt: "timestamp",
      },
      ids.map((id, i) => [id, "us.myshopify.com", "us.myshopify.com", "offer-1", "CREATE_CODE", "RUNNING", 1, i % 3 === 0 ? "other-claim" : "my-claim", at, at]),
    );
    const later = new Date("2026-11-28T11:00:00.000Z");
    // The fence: only this claim's running rows are finished (a third belong to another claim).
    const finished = await updateWhereIn(prisma, "SyncOperation", "id", [...ids, "not-a-row"], {
      set: { status: "SUCCEEDED", error: null, leaseOwner: "my-claim:done", leaseUntil: null, updatedAt: later },
      where: { leaseOwner: "my-claim", status: "RUNNING" },
      returning: "id",
    });
    const mine = ids.filter((_, i) => i % 3 !== 0);
    expect(new Set(finished)).toEqual(new Set(mine));
    expect(await prisma.syncOperation.count({ where: { status: "SUCCEEDED", leaseOwner: "my-claim:done", updatedAt: later, leaseUntil: null } })).toBe(mine.length);
    expect(await prisma.syncOperation.count({ where: { status: "RUNNING", leaseOwner: "other-claim", updatedAt: at } })).toBe(ids.length - mine.length);
    // Again: nothing is RUNNING under this claim any more, so nothing changes.
    expect(await updateWhereIn(prisma, "SyncOperation", "id", ids, { set: { status: "FAILED" }, where: { leaseOwner: "my-claim", status: "RUNNING" }, returning: "id" })).toEqual(
      [],
    );
    // IS NULL in the narrowing; integers set.
    await updateWhereIn(prisma, "SyncOperation", "id", ids.slice(0, 3), { set: { attempts: 7 }, where: { jobId: null } });
    expect(await prisma.syncOperation.count({ where: { attempts: 7 } })).toBe(3);
  });

  it("R27: with a conflict key, rows already there (or twice in the input) are skipped and only the written rows' keys come back", async () => {
    const at = new Date("2026-11-28T10:11:12.345Z");
    const columns = { currency: "text", day: "text", unitsPerUsd: "float", source: "text", importedAt: "timestamp" } as const;
    await prisma.exchangeRate.create({ data: { currency: "EUR", day: "2026-11-27", unitsPerUsd: 0.5, source: "first", importedAt: at } });
    const records = [
      { currency: "EUR", day: "2026-11-27", unitsPerUsd: 0.9, source: "second", importedAt: at },
      { currency: "GBP", day: "2026-11-27", unitsPerUsd: 0.7861, source: "second", importedAt: at },
      { currency: "JPY", day: "2026-11-27", unitsPerUsd: 155.125, source: "second", importedAt: at },
      { currency: "JPY", day: "2026-11-27", unitsPerUsd: 1, source: "third", importedAt: at },
    ];
    const written = await insertRows(
      prisma,
      "ExchangeRate",
      columns,
      records.map((r) => rowOf(columns, r)),
      { conflict: ["currency", "day"], returning: "currency" },
    );
    expect(written.sort()).toEqual(["GBP", "JPY"]);
    const rows = await prisma.exchangeRate.findMany({ orderBy: { currency: "asc" } });
    expect(rows.map((r) => [r.currency, r.unitsPerUsd, r.source])).toEqual([
      ["EUR", 0.5, "first"],
      ["GBP", 0.7861, "second"],
      ["JPY", 155.125, "second"],
    ]);
    expect(rows[1]!.importedAt.toISOString()).toBe(at.toISOString());
    expect(await insertRows(prisma, "ExchangeRate", columns, [], { conflict: ["currency", "day"], returning: "currency" })).toEqual([]);
    const listed = await prisma.$queryRaw<{ currency: string }[]>`SELECT "currency" FROM "ExchangeRate" WHERE ${inJsonList("currency", ["GBP", "EUR", "CHF"])} ORDER BY "currency"`;
    expect(listed.map((r) => r.currency)).toEqual(["EUR", "GBP"]);
  });
});
