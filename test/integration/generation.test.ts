import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { generateCodesForMembers, listCandidates, proposeCodesForMembers } from "~/services/generation.server";
import { getJob } from "~/services/jobs.server";
import { getOffer, updateOffer } from "~/services/offers.server";
import { newOfferValues, parseOfferForm } from "~/domain/offers/offer-input";
import { run } from "../support/requests";
import { resetDatabase } from "../support/db";
import { clientFor, control, startTestEmulator, US } from "../support/emulator";
import { ACTOR, makeOffer, makeProjectWithMembers } from "../support/factories";
import type { EmulatorState } from "../../emulator/src/state";

describe("generating members' codes in the primary store (R5, R16, R17)", () => {
  let emulator: Emulator;
  const worker = () => runPendingOperations({ db: prisma, adminFor: async (store) => clientFor(emulator, store), pollMs: 5 });
  const discountsIn = async (shop: string) => {
    const state = (await control(emulator, "state")) as EmulatorState;
    return Object.values(state.shops[shop]!.discounts);
  };

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

  it("R5: unified dates put every code in one discount group, with the offer's settings", async () => {
    const { offer } = await makeOffer(prisma, US, { usageLimit: "5", oncePerCustomer: "true", minimumType: "SUBTOTAL", minimumSubtotalCents: "50", endsAt: "2027-03-01" });
    const { members } = await makeProjectWithMembers(prisma, US, [
      ["Anna", "Lee"],
      ["Ben", "Ortiz"],
      ["Chloé", "Martin"],
    ]);
    const proposals = await proposeCodesForMembers(
      prisma,
      US,
      offer.id,
      members.map((m) => m.id),
    );
    expect(proposals.map((p) => p.code)).toEqual(["ANNA20", "BEN20", "CHLOE20"]);
    const result = await generateCodesForMembers(prisma, { shop: US, actor: ACTOR, offerId: offer.id, items: proposals.map((p) => ({ memberId: p.memberId, code: p.code })) });
    expect(result.ok).toBe(true);
    await worker();

    const discounts = await discountsIn(US);
    expect(discounts).toHaveLength(1);
    const d = discounts[0]!;
    expect(d.title).toBe("Creator launch codes");
    expect(d.codes.map((c) => c.code).sort()).toEqual(["ANNA20", "BEN20", "CHLOE20"]);
    expect(d).toMatchObject({
      value: { percentage: 0.2 },
      minimumRequirement: { subtotal: "50" },
      appliesOncePerCustomer: true,
      startsAt: "2026-11-01T00:00:00Z",
      endsAt: "2027-03-01T00:00:00Z",
    });
    // Shopify counts usageLimit per redeem code: each member's code may be used 5 times (R15, decision 040).
    expect(d.usageLimit).toBe(5);

    const job = await getJob(prisma, US, (result as { jobId: string }).jobId);
    expect(job!.job).toMatchObject({ status: "DONE", codes: 3, codesCreated: 3, codesFailed: 0, tone: "success" });
    // R17: one row per member, one outcome per store, and nothing but creations reported as created.
    expect(job!.rows.map((r) => r.stores.map((c) => c.outcome))).toEqual([["CREATED"], ["CREATED"], ["CREATED"]]);
    const view = await getOffer(prisma, US, offer.id);
    expect(view!.members.map((m) => m.codeStatus)).toEqual(["ACTIVE", "ACTIVE", "ACTIVE"]);
    expect(await prisma.discountGroup.count({ where: { offerId: offer.id, remoteId: { not: null } } })).toBe(1);
  });

  it("R5: per-code dates give each code its own discount with its own dates and usage limit", async () => {
    const { offer } = await makeOffer(prisma, US, { datesMode: "PER_CODE", usageLimit: "2" });
    const { members } = await makeProjectWithMembers(prisma, US, [
      ["Anna", "Lee"],
      ["Ben", "Ortiz"],
    ]);
    const result = await generateCodesForMembers(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: offer.id,
      items: [
        { memberId: members[0]!.id, code: "ANNA-SPRING" },
        { memberId: members[1]!.id, code: "BEN-SPRING" },
      ],
      startsAt: new Date("2026-12-01T00:00:00Z"),
      endsAt: new Date("2026-12-31T00:00:00Z"),
    });
    expect(result.ok).toBe(true);
    await worker();
    const discounts = await discountsIn(US);
    expect(
      discounts
        .map((d) => d.codes.map((c) => c.code))
        .flat()
        .sort(),
    ).toEqual(["ANNA-SPRING", "BEN-SPRING"]);
    for (const d of discounts) {
      expect(d.codes).toHaveLength(1);
      expect(d).toMatchObject({ startsAt: "2026-12-01T00:00:00Z", endsAt: "2026-12-31T00:00:00Z", usageLimit: 2 });
      expect(d.title).toBe(`Creator launch codes · ${d.codes[0]!.code}`);
    }
  });

  it("R17: a code already taken in the store fails for that member only, with the reason", async () => {
    await clientFor(emulator, US).mutateOrThrow(
      `#graphql
      mutation TestTakeCode($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { field message code } } }`,
      { input: { title: "Merchant's own", code: "ben20", startsAt: "2026-01-01T00:00:00Z", customerGets: { value: { percentage: 0.5 }, items: { all: true } } } },
    );
    const { offer } = await makeOffer(prisma, US);
    const { members } = await makeProjectWithMembers(prisma, US, [
      ["Anna", "Lee"],
      ["Ben", "Ortiz"],
      ["Cara", "Diaz"],
    ]);
    const proposals = await proposeCodesForMembers(
      prisma,
      US,
      offer.id,
      members.map((m) => m.id),
    );
    const result = await generateCodesForMembers(prisma, { shop: US, actor: ACTOR, offerId: offer.id, items: proposals });
    await worker();
    const job = await getJob(prisma, US, (result as { jobId: string }).jobId);
    // R17: partial success is a warning, not a failure.
    expect(job!.job).toMatchObject({ status: "DONE", codes: 3, codesCreated: 2, codesFailed: 1, tone: "warning" });
    const failed = job!.rows.filter((r) => r.stores.some((c) => c.outcome !== "CREATED"));
    expect(failed).toEqual([
      expect.objectContaining({
        member: "Ben Ortiz",
        code: "BEN20",
        stores: [{ store: US, label: "Primary store", outcome: "NOT_CREATED", message: `"BEN20" already exists in ${US}. Pick another code for this member.` }],
      }),
    ]);
    expect(job!.failedMemberIds).toEqual([members[1]!.id]);
    const ours = (await discountsIn(US)).find((d) => d.title === "Creator launch codes")!;
    expect(ours.codes.map((c) => c.code).sort()).toEqual(["ANNA20", "CARA20"]);

    // R17: re-running for the failed member works: Ben is a candidate again, with a new code.
    const { project } = await prisma.projectMember.findFirstOrThrow({ where: { memberId: members[1]!.id }, include: { project: true } });
    const candidates = await listCandidates(prisma, US, offer.id, [project.id]);
    expect(candidates.members.map((m) => m.name)).toEqual(["Ben Ortiz"]);
    const retry = await generateCodesForMembers(prisma, { shop: US, actor: ACTOR, offerId: offer.id, items: [{ memberId: members[1]!.id, code: "BEN-ORTIZ20" }] });
    expect(retry.ok).toBe(true);
    await worker();
    expect(
      (await discountsIn(US))
        .find((d) => d.title === "Creator launch codes")!
        .codes.map((c) => c.code)
        .sort(),
    ).toEqual(["ANNA20", "BEN-ORTIZ20", "CARA20"]);
    const history = await prisma.promoCode.findMany({ where: { memberId: members[1]!.id }, orderBy: { createdAt: "asc" } });
    expect(history.map((c) => [c.code, c.status, c.current])).toEqual([
      ["BEN20", "FAILED", false],
      ["BEN-ORTIZ20", "ACTIVE", true],
    ]);
  });

  it("R16/R35: invalid or duplicate codes are refused per row and nothing is written", async () => {
    const { offer } = await makeOffer(prisma, US);
    const { members } = await makeProjectWithMembers(prisma, US, [
      ["Anna", "Lee"],
      ["Ben", "Ortiz"],
      ["Cara", "Diaz"],
    ]);
    const before = { codes: await prisma.promoCode.count(), ops: await prisma.syncOperation.count(), jobs: await prisma.job.count() };
    const result = await generateCodesForMembers(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: offer.id,
      items: [
        { memberId: members[0]!.id, code: "SAME" },
        { memberId: members[1]!.id, code: "same" },
        { memberId: members[2]!.id, code: "HAS SPACE" },
      ],
    });
    expect(result).toEqual({ ok: false, itemErrors: { 1: "Same code as row 1. Codes must be unique.", 2: "Codes can't contain spaces." }, fieldErrors: {} });
    expect({ codes: await prisma.promoCode.count(), ops: await prisma.syncOperation.count(), jobs: await prisma.job.count() }).toEqual(before);
    expect(await discountsIn(US)).toHaveLength(0);
  });

  it("R35: an invalid offer submitted to the create-offer route is refused with a message per field and reaches neither the DB nor Shopify", async () => {
    process.env.SHOPIFY_EMULATOR_URL = emulator.url;
    const { action } = await import("~/routes/app.offers.new");
    const { token } = (await control(emulator, "session-token", { shop: US })) as { token: string };
    const form = new URLSearchParams({ ...newOfferValues(), name: "", groupName: "Creators", discountPercent: "250", payoutFlatCents: "-5" });
    const request = new Request(`${process.env.SHOPIFY_APP_URL}/app/offers/new?_data=routes/app.offers.new`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: form,
    });
    const count = async () => ({
      offers: await prisma.offer.count(),
      jobs: await prisma.job.count(),
      ops: await prisma.syncOperation.count(),
      codes: await prisma.promoCode.count(),
      audit: await prisma.auditEntry.count(),
    });
    const before = await count();
    const answer = await run(action, request);
    // A Response, or Remix's data(body, { status }) as the route returns it.
    const refusal = answer as { data?: unknown; init?: { status?: number } };
    const status = answer instanceof Response ? answer.status : (refusal.init?.status ?? 200);
    const body = (answer instanceof Response ? await answer.json() : refusal.data) as { errors: Record<string, string> };
    expect(status).toBe(422);
    expect(Object.keys(body.errors)).toEqual(expect.arrayContaining(["name", "discountPercent", "payoutFlatCents"]));
    expect(await count()).toEqual(before);
    expect(await discountsIn(US)).toHaveLength(0);
  });

  it("R19: a group-code offer creates its one shared code", async () => {
    const { offer, jobId } = await makeOffer(prisma, US, { kind: "GROUP_CODE", groupCode: "summer-sale", usageLimit: "100" });
    expect(jobId).toBeTruthy();
    await worker();
    const discounts = await discountsIn(US);
    expect(discounts).toHaveLength(1);
    expect(discounts[0]!.codes.map((c) => c.code)).toEqual(["SUMMER-SALE"]);
    expect(discounts[0]!.usageLimit).toBe(100);
    expect((await getOffer(prisma, US, offer.id))!.groupCodes).toEqual([{ code: "SUMMER-SALE", status: "ACTIVE" }]);
  });

  it("R34: an operation run again after a crash does not create the code twice", async () => {
    const { offer } = await makeOffer(prisma, US);
    const { members } = await makeProjectWithMembers(prisma, US, [
      ["Anna", "Lee"],
      ["Ben", "Ortiz"],
    ]);
    await generateCodesForMembers(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: offer.id,
      items: [
        { memberId: members[0]!.id, code: "ANNA20" },
        { memberId: members[1]!.id, code: "BEN20" },
      ],
    });
    await worker();
    // As if the worker had died after Shopify applied the calls but before it recorded them.
    await prisma.syncOperation.updateMany({ data: { status: "RUNNING", leaseUntil: new Date(Date.now() - 1000) } });
    await worker();
    const discounts = await discountsIn(US);
    expect(discounts).toHaveLength(1);
    expect(discounts[0]!.codes.map((c) => c.code).sort()).toEqual(["ANNA20", "BEN20"]);
    expect(await prisma.syncOperation.count({ where: { status: "SUCCEEDED" } })).toBe(2);
  });

  it("R14: editing an offer pushes its settings to the discount in Shopify", async () => {
    const { offer } = await makeOffer(prisma, US);
    const { members } = await makeProjectWithMembers(prisma, US, [["Anna", "Lee"]]);
    await generateCodesForMembers(prisma, { shop: US, actor: ACTOR, offerId: offer.id, items: [{ memberId: members[0]!.id, code: "ANNA20" }] });
    await worker();
    const parsed = parseOfferForm({
      ...newOfferValues(new Date("2026-11-01T00:00:00Z")),
      name: "Creator launch",
      groupName: "Renamed group",
      payoutFlatCents: "10",
      discountPercent: "25",
    });
    if (!parsed.ok) throw new Error("invalid");
    const updated = await updateOffer(prisma, { shop: US, actor: ACTOR, offerId: offer.id, input: parsed.value });
    expect(updated.ok).toBe(true);
    await worker();
    const [d] = await discountsIn(US);
    expect(d).toMatchObject({ title: "Renamed group", value: { percentage: 0.25 } });
    expect(d!.codes.map((c) => c.code)).toEqual(["ANNA20"]);
    expect(await prisma.auditEntry.findMany({ where: { subject: `offer:${offer.id}` }, select: { action: true }, orderBy: { createdAt: "asc" } })).toEqual([
      { action: "offer.create" },
      { action: "codes.generate" },
      { action: "offer.update" },
    ]);
  });
});
