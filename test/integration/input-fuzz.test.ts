import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { Prisma } from "@prisma/client";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import { MAX_INT } from "~/domain/input/fields";
import { newOfferValues } from "~/domain/offers/offer-input";
import { resetDatabase } from "../support/db";
import { CA, control, startTestEmulator, US } from "../support/emulator";
import { makeOffer, makeProjectWithMembers } from "../support/factories";
import { linkStores } from "../support/stores";
import { adminPost, runRoute, type ActionOutcome } from "../support/admin-requests";

// R35 under attack: every route action gets generated input (well-formed forms with fields
// swapped for hostile values, wrong types, not-JSON, huge numbers, impossible dates, control and
// text-direction characters, other shops' ids, unreadable bodies). Required: never a 500, and a
// refused input (4xx) leaves every table exactly as it was. Inputs that are accepted must have
// stored only values that fit both databases. Runs on SQLite and, under with-postgres, PostgreSQL.

// The worker is not under test: queued work stays queued, so row counts move only by the action.
vi.mock("~/jobs/runner.server", async (importOriginal) => ({ ...(await importOriginal<typeof import("~/jobs/runner.server")>()), kickSyncWorker: () => undefined }));

type Route = typeof import("~/routes/app.offers.new");
type Fields = Record<string, string>;

const HOSTILE = [
  "",
  " ",
  "garbage",
  "null",
  "[]",
  "{}",
  "[null]",
  '[{"memberId":1,"code":2}]',
  '{"memberId":"x"}',
  "true",
  "-1",
  "0",
  "1e400",
  "-1e400",
  "NaN",
  "Infinity",
  "0x10",
  "99999999999999999999",
  "9007199254740993",
  "2147483648",
  "2147483647",
  "12.345",
  "1,5",
  "2024-02-30",
  "0000-01-01",
  "275760-09-13",
  "+275760-09-13",
  "1999-12-31",
  "2026-13-01",
  "2026-11-27T25:00:00Z",
  "A\u0000B",
  "\u202Egnp.exe",
  "Zo\u00eb \u2066x\u2069",
  "\uFEFF",
  "\t\r\n",
  "<script>alert(1)</script>",
  '\'; DROP TABLE "Offer"; --',
  "%00",
  "x".repeat(300),
  "y".repeat(20_000),
  "gid://shopify/Product/99999999999999999999999",
  "{FIRST_NAME}{RANDOM:99}",
  "{RANDOM:0}",
];

const hostile = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt()).map(String) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
);

/** A well-formed form with some fields replaced by hostile values (and sometimes one extra field). */
function mutated(base: Fields, keys: string[]) {
  return fc
    .record({
      picks: fc.subarray(keys, { minLength: 0, maxLength: 4 }),
      values: fc.array(hostile, { minLength: 4, maxLength: 4 }),
      extra: fc.option(fc.tuple(fc.string({ maxLength: 12 }), hostile), { nil: undefined }),
    })
    .map(({ picks, values, extra }) => {
      const out: Fields = { ...base };
      picks.forEach((k, i) => (out[k] = values[i]!));
      if (extra) out[extra[0]] = extra[1];
      return out;
    });
}

const MODELS = Prisma.dmmf.datamodel.models.map((m) => m.name.charAt(0).toLowerCase() + m.name.slice(1));
async function rowCounts(): Promise<Record<string, number>> {
  const counts = await Promise.all(MODELS.map((m) => (prisma as unknown as Record<string, { count: () => Promise<number> }>)[m]!.count()));
  return Object.fromEntries(MODELS.map((m, i) => [m, counts[i]!]));
}

const INVISIBLE = /[\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069\uFEFF]/u;
/** What an accepted input may have stored: text without control/bidi characters, Ints that fit PostgreSQL, dates in 2000–2100. */
async function storedValueProblems(): Promise<string[]> {
  const problems: string[] = [];
  const text = (where: string, v: string | null, multiline = false) => {
    if (v !== null && INVISIBLE.test(multiline ? v.replace(/[\t\r\n]/g, "") : v)) problems.push(`${where}: ${JSON.stringify(v.slice(0, 40))}`);
  };
  const int = (where: string, v: number | null) => {
    if (v !== null && (!Number.isInteger(v) || Math.abs(v) > MAX_INT)) problems.push(`${where}: ${v}`);
  };
  const date = (where: string, v: Date | null) => {
    if (v !== null && (v.getUTCFullYear() < 2000 || v.getUTCFullYear() > 2100)) problems.push(`${where}: ${v.toISOString()}`);
  };
  for (const o of await prisma.offer.findMany()) {
    for (const k of ["name", "groupName", "groupCode", "namingPattern", "namingPrefix", "namingSuffix", "productIds", "collectionIds"] as const) text(`offer.${k}`, o[k]);
    text("offer.description", o.description, true);
    for (const k of ["payoutFlatCents", "discountAmountCents", "minimumSubtotalCents", "minimumQuantity", "usageLimit"] as const) int(`offer.${k}`, o[k]);
    date("offer.startsAt", o.startsAt);
    date("offer.endsAt", o.endsAt);
  }
  for (const m of await prisma.member.findMany()) for (const k of ["firstName", "lastName", "email", "handle"] as const) text(`member.${k}`, m[k]);
  for (const p of await prisma.project.findMany()) text("project.name", p.name);
  for (const l of await prisma.storeLink.findMany()) text("storeLink.label", l.label);
  for (const c of await prisma.promoCode.findMany()) {
    text("promoCode.code", c.code);
    date("promoCode.startsAt", c.startsAt);
    date("promoCode.endsAt", c.endsAt);
  }
  return problems;
}

describe("R35: generated bad input to every route action never answers 500 nor writes half", () => {
  let emulator: Emulator;
  let token: string;
  const routes: Record<string, Route> = {};
  const ids = { usOffer: "", usPerCodeOffer: "", caOffer: "", usProject: "", caProject: "", usMembers: [] as string[], caMember: "", usLink: "", caLink: "" };
  let total = 0;
  const failures: string[] = [];

  beforeAll(async () => {
    // A thousand authenticated requests: the library's per-request INFO line is noise here.
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    vi.spyOn(console, "info").mockImplementation(() => undefined);
    emulator = await startTestEmulator();
    process.env.SHOPIFY_EMULATOR_URL = emulator.url;
    for (const name of [
      "app.offers.new",
      "app.offers.$id.edit",
      "app.offers.$id.add-members",
      "app.offers.$id._index",
      "app.offers.$id.refresh",
      "app.projects._index",
      "app.projects.$id",
      "app.projects.$id_.manage",
      "app.members.$id._index",
      "app.settings.stores",
      "app.payouts.$period",
      "app.conversions",
    ])
      routes[name] = (await import(`../../app/routes/${name}.tsx`)) as Route;
    await resetDatabase(prisma);
    await control(emulator, "reset", {});
    const link = await linkStores(prisma, US, CA, "Canada");
    ids.usLink = link.id;
    ids.caLink = (await linkStores(prisma, CA, US, "United States")).id;
    ids.usOffer = (await makeOffer(prisma, US)).offer.id;
    ids.usPerCodeOffer = (await makeOffer(prisma, US, { name: "Per code", datesMode: "PER_CODE" })).offer.id;
    ids.caOffer = (await makeOffer(prisma, CA, { name: "Canada only" })).offer.id;
    const us = await makeProjectWithMembers(prisma, US, [
      ["Anna", "Lee"],
      ["Ben", "Ortiz"],
      ["Chloé", "Martin"],
    ]);
    ids.usProject = us.project.id;
    ids.usMembers = us.members.map((m) => m.id);
    const ca = await makeProjectWithMembers(prisma, CA, [["Dev", "Patel"]], "Canada creators");
    ids.caProject = ca.project.id;
    ids.caMember = ca.members[0]!.id;
    token = ((await control(emulator, "session-token", { shop: US, lifetimeSeconds: 3600 })) as { token: string }).token;
    // The first request exchanges the token for the shop's session (a write of its own): done here.
    const warmUp = await runRoute(
      routes["app.projects._index"]!.loader as never,
      new Request(`${process.env.SHOPIFY_APP_URL}/app/projects`, { headers: { Authorization: `Bearer ${token}` } }),
    );
    expect(warmUp.status).toBe(200);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await emulator?.close();
    await prisma.$disconnect();
  });

  const idParam = () =>
    fc.oneof({ weight: 3, arbitrary: fc.constant("own") }, { weight: 1, arbitrary: fc.constantFrom("other-shop", "missing", "%00", "a\u0000b", "x".repeat(200), "../../etc") });

  /** Posts one input and checks the outcome: no 500; refused → no row changed. */
  async function probe(label: string, route: string, path: string, params: Record<string, string>, body: Fields | { raw: string; contentType: string }) {
    total++;
    const request = "raw" in body ? adminPost(path, token, body.raw, body.contentType) : adminPost(path, token, new URLSearchParams(Object.entries(body)));
    const before = await rowCounts();
    const outcome: ActionOutcome = await runRoute(routes[route]!.action as never, request, params);
    const shown = JSON.stringify(body).slice(0, 400);
    if (outcome.status >= 500) {
      failures.push(`${label} → ${outcome.status} ${String((outcome.error as Error | undefined)?.message ?? "").slice(0, 300)} for ${shown}`);
      return;
    }
    if (outcome.status >= 400) {
      const after = await rowCounts();
      // R1a: a refused link code is itself recorded (its attempt counts toward the limit, and it is
      // audited); that is the refusal's purpose, not a half-written change.
      const recordsRefusal = label === "settings/stores" && !("raw" in body) && body.intent === "connect";
      const changed = MODELS.filter((m) => before[m] !== after[m] && !(recordsRefusal && (m === "auditEntry" || m === "linkCodeAttempt")));
      if (changed.length) failures.push(`${label} → ${outcome.status} but wrote ${changed.map((m) => `${m} ${before[m]}→${after[m]}`).join(", ")} for ${shown}`);
    }
  }

  const resolveId = (kind: string, own: string, other: string) => (kind === "own" ? own : kind === "other-shop" ? other : kind);

  it("R35: the offer form (create and edit, with its sync section) refuses bad input with 4xx", { timeout: 600_000 }, async () => {
    const base: Fields = {
      ...newOfferValues(new Date("2026-12-01T00:00:00Z")),
      name: "Fuzz offer",
      groupName: "Fuzz codes",
      payoutFlatCents: "10",
      discountPercent: "20",
      syncEnabled: "false",
      syncStores: CA,
      sameValueAcrossStores: "true",
      storePercents: "{}",
      confirmStoreChange: "false",
    };
    const keys = [...Object.keys(base)];
    const syncOn = fc.constantFrom<Fields>({}, { syncEnabled: "true" }, { syncEnabled: "true", sameValueAcrossStores: "false" });
    await fc.assert(
      fc.asyncProperty(mutated(base, keys), syncOn, async (fields, sync) => {
        await probe("offers/new", "app.offers.new", "/app/offers/new", {}, { ...fields, ...sync });
      }),
      { numRuns: 260 },
    );
    await fc.assert(
      fc.asyncProperty(mutated(base, keys), syncOn, idParam(), async (fields, sync, which) => {
        const id = resolveId(which, ids.usOffer, ids.caOffer);
        await probe("offers/$id/edit", "app.offers.$id.edit", `/app/offers/${encodeURIComponent(id)}/edit`, { id }, { ...fields, ...sync });
      }),
      { numRuns: 200 },
    );
  });

  it("R35: adding members (propose and generate) refuses bad JSON, types, dates and other shops' offers with 4xx", { timeout: 600_000 }, async () => {
    const item = fc.oneof(
      fc.record({ memberId: fc.constantFrom(...ids.usMembers, ids.caMember, "missing"), code: fc.oneof(fc.constantFrom("ANNA20", "BEN20", "dup", "DUP", ""), hostile) }),
      fc.jsonValue({ maxDepth: 1 }),
    );
    const items = fc.oneof({ weight: 3, arbitrary: fc.array(item, { maxLength: 4 }).map((a) => JSON.stringify(a)) }, { weight: 1, arbitrary: hostile });
    const memberIds = fc.oneof(
      { weight: 3, arbitrary: fc.array(fc.oneof(fc.constantFrom(...ids.usMembers, ids.caMember), hostile), { maxLength: 4 }).map((a) => JSON.stringify(a)) },
      { weight: 1, arbitrary: hostile },
    );
    const date = fc.oneof(fc.constantFrom("2026-12-01", "2027-01-31", ""), hostile);
    const form = fc.oneof(
      fc.record({ intent: fc.constant("propose"), memberIds }),
      fc.record({ intent: fc.constantFrom("generate", "generate", "generate", "other", ""), items, startsAt: date, endsAt: date }),
    );
    await fc.assert(
      fc.asyncProperty(form, fc.oneof(idParam(), fc.constant("perCode")), async (fields, which) => {
        const id = which === "perCode" ? ids.usPerCodeOffer : resolveId(which, ids.usOffer, ids.caOffer);
        await probe("offers/$id/add-members", "app.offers.$id.add-members", `/app/offers/${encodeURIComponent(id)}/add-members`, { id }, fields as Fields);
      }),
      { numRuns: 260 },
    );
    await fc.assert(
      fc.asyncProperty(
        idParam(),
        fc.oneof(
          fc.constant({}),
          fc.record({ intent: fc.constantFrom("retry", "other", "") }),
          fc.record({
            intent: fc.constantFrom("activate", "deactivate", "Deactivate"),
            members: fc.oneof(
              fc.constant("ALL"),
              fc.array(fc.oneof(fc.constant("own"), hostile), { maxLength: 3 }).map((a) => JSON.stringify(a)),
              hostile,
            ),
            confirm: fc.oneof(fc.constantFrom("true", "false"), hostile),
          }),
        ),
        async (which, fields) => {
          const id = resolveId(which, ids.usOffer, ids.caOffer);
          await probe("offers/$id (retry, activate, deactivate)", "app.offers.$id._index", `/app/offers/${encodeURIComponent(id)}`, { id }, fields as Fields);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("R35: projects, members (by hand and CSV) and store settings refuse bad input with 4xx", { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom("Spring", "Spring creators"), hostile), async (name) => {
        await probe("projects (create)", "app.projects._index", "/app/projects", {}, { name });
      }),
      { numRuns: 60 },
    );
    const member = mutated({ intent: "add", firstName: "Eve", lastName: "Stone", email: "eve@creators.example", handle: "@eve" }, [
      "intent",
      "firstName",
      "lastName",
      "email",
      "handle",
    ]);
    const csvRow = fc
      .tuple(
        fc.oneof(fc.constant("Finn"), hostile),
        fc.oneof(fc.constant("Hart"), hostile),
        fc.oneof(fc.constant("finn@creators.example"), hostile),
        fc.oneof(fc.constant("@finn"), hostile),
      )
      .map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(","));
    const csv = fc.oneof(
      { weight: 3, arbitrary: fc.array(csvRow, { maxLength: 3 }).map((rows) => ["first_name,last_name,email,handle", ...rows].join("\n")) },
      { weight: 1, arbitrary: hostile },
    );
    const importForm = fc.record({ intent: fc.constant("import"), csv, validRowsOnly: fc.oneof(fc.constantFrom("true", "false"), hostile) });
    await fc.assert(
      fc.asyncProperty(fc.oneof(member, importForm), idParam(), async (fields, which) => {
        const id = resolveId(which, ids.usProject, ids.caProject);
        await probe("projects/$id", "app.projects.$id", `/app/projects/${encodeURIComponent(id)}`, { id }, fields);
      }),
      { numRuns: 120 },
    );
    const linkId = fc.oneof(fc.constantFrom(ids.usLink, ids.caLink, "missing"), hostile);
    const stores = fc.oneof(
      fc.record({ intent: fc.constant("connect"), code: fc.oneof(fc.constantFrom("CCL-AAAA-BBBB-CCCC", ""), hostile), label: fc.oneof(fc.constant("Canada"), hostile) }),
      fc.record({ intent: fc.constant("label"), linkId, label: fc.oneof(fc.constant("Canada"), hostile) }),
      fc.record({ intent: fc.constant("toggle"), linkId, syncEnabled: fc.oneof(fc.constantFrom("true", "false"), hostile) }),
      fc.record({ intent: fc.oneof(fc.constant("unlink"), hostile), linkId }),
    );
    await fc.assert(
      fc.asyncProperty(stores, async (fields) => {
        await probe("settings/stores", "app.settings.stores", "/app/settings/stores", {}, fields as Fields);
      }),
      { numRuns: 100 },
    );
  });

  it("R35: refresh, a project's 'Manage offers', a member's actions and project connections refuse bad input with 4xx", { timeout: 600_000 }, async () => {
    const item = fc.oneof(
      fc.record({ offerMemberId: fc.oneof(fc.constantFrom(...ids.usMembers, "missing"), hostile), code: fc.oneof(fc.constantFrom("NEW-1", "new-1", ""), hostile) }),
      fc.jsonValue({ maxDepth: 1 }),
    );
    const items = fc.oneof({ weight: 3, arbitrary: fc.array(item, { maxLength: 3 }).map((a) => JSON.stringify(a)) }, { weight: 1, arbitrary: hostile });
    await fc.assert(
      fc.asyncProperty(idParam(), fc.record({ items }), async (which, fields) => {
        const id = resolveId(which, ids.usOffer, ids.caOffer);
        await probe("offers/$id/refresh", "app.offers.$id.refresh", `/app/offers/${encodeURIComponent(id)}/refresh`, { id }, fields);
      }),
      { numRuns: 80 },
    );
    const toggle = fc.record({
      intent: fc.oneof(fc.constantFrom("activate", "deactivate", "refresh"), hostile),
      offerId: fc.oneof(fc.constantFrom(ids.usOffer, ids.caOffer), hostile),
      members: fc.oneof(fc.constant(ids.usMembers.join(",")), hostile),
      all: fc.oneof(fc.constantFrom("1", "0"), hostile),
      confirm: fc.oneof(fc.constantFrom("true", "false"), hostile),
    });
    await fc.assert(
      fc.asyncProperty(idParam(), toggle, async (which, fields) => {
        const id = resolveId(which, ids.usProject, ids.caProject);
        await probe("projects/$id/manage", "app.projects.$id_.manage", `/app/projects/${encodeURIComponent(id)}/manage`, { id }, fields);
      }),
      { numRuns: 80 },
    );
    const memberAction = fc.record({
      intent: fc.oneof(fc.constantFrom("activate", "deactivate"), hostile),
      offerMemberId: fc.oneof(fc.constant("missing"), hostile),
      confirm: fc.oneof(fc.constantFrom("true", "false"), hostile),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant("own"), fc.constant("other-shop"), hostile), memberAction, async (which, fields) => {
        const id = resolveId(which, ids.usMembers[0]!, ids.caMember);
        await probe("members/$id", "app.members.$id._index", `/app/members/${encodeURIComponent(id)}`, { id }, fields);
      }),
      { numRuns: 60 },
    );
    const connection = fc.record({ intent: fc.constantFrom("connect", "disconnect"), offerId: fc.oneof(fc.constantFrom(ids.caOffer, "missing"), hostile) });
    await fc.assert(
      fc.asyncProperty(idParam(), connection, async (which, fields) => {
        const id = resolveId(which, ids.usProject, ids.caProject);
        await probe("projects/$id (connect)", "app.projects.$id", `/app/projects/${encodeURIComponent(id)}`, { id }, fields);
      }),
      { numRuns: 40 },
    );
  });

  it("R35 (issue 14): payouts (close, export, paid) and conversions (exclude) refuse bad input with 4xx", { timeout: 600_000 }, async () => {
    const promo = await prisma.promoCode.create({
      data: { shop: US, offerId: ids.usOffer, memberId: ids.usMembers[0]!, code: "FUZZ-PAY", codeKey: "FUZZ-PAY", startsAt: new Date("2026-11-01T00:00:00Z") },
    });
    const conversion = await prisma.conversion.create({
      data: {
        store: US,
        shop: US,
        offerId: ids.usOffer,
        memberId: ids.usMembers[0]!,
        promoCodeId: promo.id,
        code: "FUZZ-PAY",
        orderId: "gid://shopify/Order/1",
        orderName: "#1",
        currency: "USD",
        saleCents: 1000,
        saleUsdCents: 1000,
        rateUnitsPerUsd: 1,
        rateDay: "2026-10-02",
        rateSource: "identity",
        payoutCents: 100,
        discountedItems: 1,
        occurredAt: new Date("2026-10-02T00:00:00Z"),
      },
    });
    const payouts = fc.oneof(
      fc.record({ intent: fc.oneof(fc.constantFrom("close", "export"), hostile) }),
      fc.record({ intent: fc.constant("paid"), reference: fc.oneof(fc.constant("BATCH-1"), hostile) }),
    );
    const period = fc.oneof({ weight: 3, arbitrary: fc.constantFrom("2026-10", "2026-11", "2099-01", "2026-13") }, { weight: 1, arbitrary: hostile });
    await fc.assert(
      fc.asyncProperty(payouts, period, async (fields, p) => {
        await probe("payouts/$period", "app.payouts.$period", `/app/payouts/${encodeURIComponent(p)}`, { period: p }, fields as Fields);
      }),
      { numRuns: 80 },
    );
    const exclude = fc.record({
      intent: fc.oneof(fc.constant("exclude"), hostile),
      conversionId: fc.oneof(fc.constantFrom(conversion.id, "missing"), hostile),
      reason: fc.oneof(fc.constant("self-referral"), hostile),
    });
    await fc.assert(
      fc.asyncProperty(exclude, async (fields) => {
        await probe("conversions", "app.conversions", "/app/conversions", {}, fields);
      }),
      { numRuns: 60 },
    );
    expect(failures.filter((f) => f.startsWith("payouts/") || f.startsWith("conversions "))).toEqual([]);
  });

  it("R35: each input issue #12 found answers 4xx and writes nothing", async () => {
    const offerBase: Fields = { ...newOfferValues(new Date("2026-12-01T00:00:00Z")), name: "Named case", groupName: "Named codes", payoutFlatCents: "10", discountPercent: "20" };
    const cases: [string, string, string, Record<string, string>, Fields, number][] = [
      [
        "items not JSON",
        "app.offers.$id.add-members",
        `/app/offers/${ids.usPerCodeOffer}/add-members`,
        { id: ids.usPerCodeOffer },
        { intent: "generate", items: "garbage", startsAt: "2026-12-01", endsAt: "" },
        422,
      ],
      [
        "items of the wrong type",
        "app.offers.$id.add-members",
        `/app/offers/${ids.usPerCodeOffer}/add-members`,
        { id: ids.usPerCodeOffer },
        { intent: "generate", items: '{"memberId":"x"}', startsAt: "2026-12-01", endsAt: "" },
        422,
      ],
      [
        "a code that is a number",
        "app.offers.$id.add-members",
        `/app/offers/${ids.usPerCodeOffer}/add-members`,
        { id: ids.usPerCodeOffer },
        { intent: "generate", items: JSON.stringify([{ memberId: ids.usMembers[0], code: 20 }]), startsAt: "2026-12-01", endsAt: "" },
        422,
      ],
      ["memberIds not a list", "app.offers.$id.add-members", `/app/offers/${ids.usOffer}/add-members`, { id: ids.usOffer }, { intent: "propose", memberIds: "null" }, 422],
      [
        "start date garbage",
        "app.offers.$id.add-members",
        `/app/offers/${ids.usPerCodeOffer}/add-members`,
        { id: ids.usPerCodeOffer },
        { intent: "generate", items: JSON.stringify([{ memberId: ids.usMembers[0], code: "ANNA-X" }]), startsAt: "garbage", endsAt: "" },
        422,
      ],
      [
        "end date 275760-09-13",
        "app.offers.$id.add-members",
        `/app/offers/${ids.usPerCodeOffer}/add-members`,
        { id: ids.usPerCodeOffer },
        { intent: "generate", items: JSON.stringify([{ memberId: ids.usMembers[0], code: "ANNA-X" }]), startsAt: "2026-12-01", endsAt: "275760-09-13" },
        422,
      ],
      [
        "a member's code with a right-to-left override",
        "app.offers.$id.add-members",
        `/app/offers/${ids.usPerCodeOffer}/add-members`,
        { id: ids.usPerCodeOffer },
        { intent: "generate", items: JSON.stringify([{ memberId: ids.usMembers[0], code: "ANNA\u202E02" }]), startsAt: "2026-12-01", endsAt: "" },
        422,
      ],
      [
        "propose on another shop's offer",
        "app.offers.$id.add-members",
        `/app/offers/${ids.caOffer}/add-members`,
        { id: ids.caOffer },
        { intent: "propose", memberIds: JSON.stringify(ids.usMembers) },
        404,
      ],
      [
        "storePercents=null",
        "app.offers.new",
        "/app/offers/new",
        {},
        { ...offerBase, syncEnabled: "true", syncStores: CA, sameValueAcrossStores: "false", storePercents: "null" },
        422,
      ],
      ["minimum 99999999999999999999", "app.offers.new", "/app/offers/new", {}, { ...offerBase, minimumType: "SUBTOTAL", minimumSubtotalCents: "99999999999999999999" }, 422],
      ["minimum 9007199254740993", "app.offers.new", "/app/offers/new", {}, { ...offerBase, minimumType: "QUANTITY", minimumQuantity: "9007199254740993" }, 422],
      ["minimum 1e400", "app.offers.new", "/app/offers/new", {}, { ...offerBase, minimumType: "SUBTOTAL", minimumSubtotalCents: "1e400" }, 422],
      ["start 2024-02-30", "app.offers.new", "/app/offers/new", {}, { ...offerBase, startsAt: "2024-02-30" }, 422],
      ["start in year 0000", "app.offers.new", "/app/offers/new", {}, { ...offerBase, startsAt: "0000-06-01" }, 422],
      ["usage limit above 2^31", "app.offers.new", "/app/offers/new", {}, { ...offerBase, usageLimit: "2147483648" }, 422],
      ["NUL in the offer name", "app.offers.new", "/app/offers/new", {}, { ...offerBase, name: "Bad\u0000name" }, 422],
      ["right-to-left override in a group code", "app.offers.new", "/app/offers/new", {}, { ...offerBase, kind: "GROUP_CODE", groupCode: "SALE\u202E" }, 422],
      [
        "NUL in a member's name",
        "app.projects.$id",
        `/app/projects/${ids.usProject}`,
        { id: ids.usProject },
        { intent: "add", firstName: "Ev\u0000e", email: "eve.nul@creators.example" },
        422,
      ],
      ["right-to-left override in a project name", "app.projects._index", "/app/projects", {}, { name: "Spring \u202Eloot" }, 422],
    ];
    for (const [label, route, path, params, fields, status] of cases) {
      const before = await rowCounts();
      const outcome = await runRoute(routes[route]!.action as never, adminPost(path, token, new URLSearchParams(Object.entries(fields))), params);
      expect(outcome.status, label).toBe(status);
      expect(await rowCounts(), label).toEqual(before);
    }
  });

  it("R35: bodies that are not forms are refused with 400 by every action", async () => {
    const bodies = [
      { raw: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1', contentType: "multipart/form-data; boundary=x" },
      { raw: '{"name":"json"}', contentType: "application/json" },
      { raw: "name=%FF%FE%00&intent=%E2%80%AE", contentType: "application/x-www-form-urlencoded" },
    ];
    const targets: [string, string, Record<string, string>][] = [
      ["app.offers.new", "/app/offers/new", {}],
      ["app.offers.$id.edit", `/app/offers/${ids.usOffer}/edit`, { id: ids.usOffer }],
      ["app.offers.$id.add-members", `/app/offers/${ids.usOffer}/add-members`, { id: ids.usOffer }],
      ["app.projects._index", "/app/projects", {}],
      ["app.projects.$id", `/app/projects/${ids.usProject}`, { id: ids.usProject }],
      ["app.settings.stores", "/app/settings/stores", {}],
    ];
    for (const [route, path, params] of targets) for (const body of bodies) await probe(`${route} (raw body)`, route, path, params, body);
  });

  it("R35: ≥ 1,000 generated inputs in all, 0 answered 500, 0 refused inputs left rows behind, nothing stored out of bounds", async () => {
    expect(failures).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(1000);
    expect(await storedValueProblems()).toEqual([]);
  });
});
