import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import type { EmulatorState } from "../../emulator/src/state";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { generateBulkCodes, previewBulkCodes } from "~/services/bulk-codes.server";
import { offerCodesCsv, projectMembersCsv } from "~/services/code-export.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { getJob } from "~/services/jobs.server";
import { createOffer } from "~/services/offers.server";
import { generateCodes, seededRandom, type BulkSpec } from "~/domain/codes/bulk";
import { codeKey } from "~/domain/codes/code-rules";
import { restoreCell } from "~/domain/csv/neutralise";
import { newOfferValues, parseOfferForm, type OfferFormValues } from "~/domain/offers/offer-input";
import type { SyncInput } from "~/domain/stores/sync-settings";
import { resetDatabase } from "../support/db";
import { CA, clientFor, control, startTestEmulator, UK, US } from "../support/emulator";
import { ACTOR, makeProjectWithMembers } from "../support/factories";
import { linkStores } from "../support/stores";

const offerInput = (values: Partial<OfferFormValues> = {}) => {
  const parsed = parseOfferForm({
    ...newOfferValues(new Date("2026-11-01T00:00:00Z")),
    name: "Print campaign",
    groupName: "Print campaign codes",
    payoutFlatCents: "10",
    discountPercent: "20",
    ...values,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
};
const synced = (stores: string[]): SyncInput => ({ syncEnabled: true, stores, sameValueAcrossStores: true, storePercents: {} });
const spec = (count: number, over: Partial<BulkSpec> = {}): BulkSpec => ({ count, length: 7, charset: "LETTERS", excludeAmbiguous: true, prefix: "P", suffix: "", ...over });

async function readCsv(file: { body: ReadableStream<Uint8Array> } | null): Promise<Record<string, string>[]> {
  const text = await new Response(file!.body).text();
  return parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
}

describe("bulk codes and CSV export (R19, R7, R38; issue 17)", () => {
  let emulator: Emulator;
  const worker = (seed = 99) => runPendingOperations({ db: prisma, adminFor: async (store) => clientFor(emulator, store), pollMs: 5, random: seededRandom(seed) });
  const codesIn = async (shop: string, title = "Print campaign codes") => {
    const state = (await control(emulator, "state")) as EmulatorState;
    return Object.values(state.shops[shop]!.discounts)
      .filter((d) => d.title === title)
      .flatMap((d) => d.codes.map((c) => c.code));
  };
  const takeCodeIn = (shop: string, code: string) =>
    clientFor(emulator, shop).mutateOrThrow(
      `#graphql
      mutation TestTakeBulkCodeInStore($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { field message code } } }`,
      { input: { title: "Made in this store", code, startsAt: "2026-01-01T00:00:00Z", customerGets: { value: { percentage: 0.3 }, items: { all: true } } } },
    );

  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator.close();
    await prisma.$disconnect();
  });
  beforeEach(async () => {
    await resetDatabase(prisma);
    await control(emulator, "reset", {});
  });

  it("R19/R7/R38: 5,000 bulk codes into an offer synced to 3 stores are exactly 5,000 in each store; codes a store already holds are replaced, not failed", async () => {
    await linkStores(prisma, US, CA, "Canada");
    await linkStores(prisma, US, UK, "United Kingdom");
    const created = await createOffer(prisma, { shop: US, actor: ACTOR, input: offerInput(), sync: synced([CA, UK]) });
    if (!created.ok) throw new Error("offer");
    // The same seed draws the same codes: three of them are made directly in the stores' admins
    // (unknown to the app, in lower case: codes are unique case-insensitively).
    const predicted = generateCodes(spec(5000), 5000, () => false, seededRandom(17));
    const taken = [predicted[10]!, predicted[2000]!, predicted[4999]!];
    await takeCodeIn(CA, taken[0]!.toLowerCase());
    await takeCodeIn(UK, taken[1]!.toLowerCase());
    await takeCodeIn(US, taken[2]!.toLowerCase());

    const result = await generateBulkCodes(prisma, { shop: US, actor: ACTOR, offerId: created.offer.id, spec: spec(5000), random: seededRandom(17) });
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(await prisma.promoCode.count({ where: { batchId: result.batchId, status: "PENDING", memberId: null } })).toBe(5000);
    await worker();

    const stored = await prisma.promoCode.findMany({ where: { batchId: result.batchId }, select: { code: true, status: true } });
    expect(stored).toHaveLength(5000);
    expect(stored.every((c) => c.status === "ACTIVE")).toBe(true);
    const names = stored.map((c) => c.code).sort();
    expect(new Set(names.map(codeKey)).size).toBe(5000);
    for (const t of taken) expect(names).not.toContain(t);
    for (const shop of [US, CA, UK]) expect((await codesIn(shop)).sort()).toEqual(names);
    expect(await prisma.codeBatch.findUniqueOrThrow({ where: { id: result.batchId } })).toMatchObject({ replaced: 3, count: 5000 });
    const report = (await getJob(prisma, US, result.jobId))!;
    expect(report.job).toMatchObject({ kind: "GENERATE_BULK_CODES", status: "DONE", codes: 5000, codesCreated: 5000, codesFailed: 0, tone: "success" });
    // The codes the stores held stay where they were, untouched.
    expect(await codesIn(CA, "Made in this store")).toEqual([taken[0]!.toLowerCase()]);
  }, 600_000);

  it("R19: in an offer with one store, a code the store holds is replaced when Shopify refuses it, deterministically under a seed", async () => {
    const run = async () => {
      const created = await createOffer(prisma, { shop: US, actor: ACTOR, input: offerInput() });
      if (!created.ok) throw new Error("offer");
      const predicted = generateCodes(spec(300), 300, () => false, seededRandom(5));
      await takeCodeIn(US, predicted[0]!); // the code that would create the discount
      await takeCodeIn(US, predicted[123]!);
      const result = await generateBulkCodes(prisma, { shop: US, actor: ACTOR, offerId: created.offer.id, spec: spec(300), random: seededRandom(5) });
      if (!result.ok) throw new Error(JSON.stringify(result));
      await worker(7);
      const codes = (await codesIn(US)).sort();
      expect(codes).toHaveLength(300);
      expect(codes).not.toContain(predicted[0]);
      expect(codes).not.toContain(predicted[123]);
      expect((await prisma.promoCode.findMany({ where: { batchId: result.batchId } })).every((c) => c.status === "ACTIVE")).toBe(true);
      expect((await getJob(prisma, US, result.jobId))!.job).toMatchObject({ codesFailed: 0, codesCreated: 300 });
      return codes;
    };
    const first = await run();
    await resetDatabase(prisma);
    await control(emulator, "reset", {});
    expect(await run()).toEqual(first);
  }, 300_000);

  it("R19: the export parses back to the offer's codes, and a formula cell is neutralised (CSV injection)", async () => {
    const created = await createOffer(prisma, { shop: US, actor: ACTOR, input: offerInput() });
    if (!created.ok) throw new Error("offer");
    const { project, members } = await makeProjectWithMembers(prisma, US, [
      ['=HYPERLINK("https://evil.example","Click")', "Lee"],
      ["Ben", "Ortiz"],
    ]);
    const gen = await generateCodesForMembers(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: created.offer.id,
      items: [
        { memberId: members[0]!.id, code: "ANNA20" },
        { memberId: members[1]!.id, code: "BEN20" },
      ],
    });
    if (!gen.ok) throw new Error("members");
    const bulk = await generateBulkCodes(prisma, { shop: US, actor: ACTOR, offerId: created.offer.id, spec: spec(2500, { prefix: "-", charset: "BOTH" }) });
    if (!bulk.ok) throw new Error(JSON.stringify(bulk));
    await worker();

    const rows = await readCsv(await offerCodesCsv(prisma, US, created.offer.id));
    expect(rows).toHaveLength(2502);
    const dbCodes = await prisma.promoCode.findMany({ where: { offerId: created.offer.id }, select: { code: true } });
    expect(rows.map((r) => restoreCell(r.code!)).sort()).toEqual(dbCodes.map((c) => c.code).sort());
    // "-ABC…" would be a formula in a spreadsheet: it is written as "'-ABC…".
    const bulkRows = rows.filter((r) => r.kind === "bulk");
    expect(bulkRows).toHaveLength(2500);
    expect(bulkRows.every((r) => r.code!.startsWith("'-") && r.member === "" && r.status === "active" && r.stores === US)).toBe(true);
    const anna = rows.find((r) => r.code === "ANNA20")!;
    expect(anna).toMatchObject({
      kind: "member",
      member: `'=HYPERLINK("https://evil.example","Click") Lee`,
      status: "active",
      usage_count: "0",
      starts_at: "2026-11-01T00:00:00.000Z",
    });

    const people = await readCsv(await projectMembersCsv(prisma, US, project.id));
    expect(people.map((p) => [p.first_name, p.code, p.offer]).sort()).toEqual([
      ['\'=HYPERLINK("https://evil.example","Click")', "ANNA20", "Print campaign"],
      ["Ben", "BEN20", "Print campaign"],
    ]);
    // Another shop's offer is not exported.
    expect(await offerCodesCsv(prisma, CA, created.offer.id)).toBeNull();
  }, 300_000);

  it("R19: a group-code offer exports its one code with its usage; it takes no bulk codes", async () => {
    const created = await createOffer(prisma, { shop: US, actor: ACTOR, input: offerInput({ kind: "GROUP_CODE", groupCode: "SUMMER-SALE" }) });
    if (!created.ok) throw new Error(JSON.stringify(created));
    await worker();
    const code = await prisma.promoCode.findFirstOrThrow({ where: { offerId: created.offer.id } });
    const conversion = {
      store: US,
      shop: US,
      offerId: created.offer.id,
      promoCodeId: code.id,
      code: code.code,
      currency: "USD",
      saleCents: 1000,
      saleUsdCents: 1000,
      rateUnitsPerUsd: 1,
      rateDay: "2026-11-02",
      rateSource: "test",
      payoutCents: 10,
      discountedItems: 1,
      occurredAt: new Date("2026-11-02T00:00:00Z"),
    };
    await prisma.conversion.createMany({ data: [1, 2, 3].map((n) => ({ ...conversion, orderId: `gid://shopify/Order/${n}`, orderName: `#${n}` })) });
    const rows = await readCsv(await offerCodesCsv(prisma, US, created.offer.id));
    expect(rows).toEqual([expect.objectContaining({ code: "SUMMER-SALE", kind: "group", status: "active", usage_count: "3", stores: US })]);
    const refused = await generateBulkCodes(prisma, { shop: US, actor: ACTOR, offerId: created.offer.id, spec: spec(10) });
    expect(refused).toMatchObject({ ok: false, formError: expect.stringMatching(/group-code offer/) });
  }, 120_000);

  it("R19/R35: the preview shows 5 samples; a count that does not fit the space, or an offer with per-code dates, is refused and nothing is written", async () => {
    const created = await createOffer(prisma, { shop: US, actor: ACTOR, input: offerInput() });
    if (!created.ok) throw new Error("offer");
    const preview = await previewBulkCodes(prisma, US, created.offer.id, { count: "1000", length: "8", charset: "BOTH", prefix: "x-" }, seededRandom(1));
    expect(preview).toMatchObject({ ok: true, problem: null, samples: expect.arrayContaining([expect.stringMatching(/^X-[A-HJ-NP-Z2-9]{8}$/)]) });
    if (preview.ok) expect(preview.samples).toHaveLength(5);
    const tooMany = await generateBulkCodes(prisma, { shop: US, actor: ACTOR, offerId: created.offer.id, spec: spec(100_000, { charset: "DIGITS", length: 6 }) });
    expect(tooMany).toMatchObject({ ok: false, errors: { count: expect.stringMatching(/longer or use more characters/) } });
    const perCode = await createOffer(prisma, { shop: US, actor: ACTOR, input: offerInput({ name: "Dated", groupName: "Dated", datesMode: "PER_CODE" }) });
    if (!perCode.ok) throw new Error("offer");
    expect(await generateBulkCodes(prisma, { shop: US, actor: ACTOR, offerId: perCode.offer.id, spec: spec(10) })).toMatchObject({
      ok: false,
      formError: expect.stringMatching(/unified dates/),
    });
    expect(await prisma.promoCode.count()).toBe(0);
    expect(await prisma.job.count()).toBe(0);
  });
});
