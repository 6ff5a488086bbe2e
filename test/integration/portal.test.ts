import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/src/server";
import prisma from "~/db.server";
import { issuePortalLink, memberPortalLink, portalLinkFor, revokePortalLinks } from "~/services/portal.server";
import { PORTAL_HEADERS, resetPortalRateLimit, type PortalLoaderData } from "~/http/portal.server";
import { resetDatabase } from "../support/db";
import { CA, control, startTestEmulator, UK, US } from "../support/emulator";
import { ACTOR } from "../support/factories";
import { redactShop } from "~/services/privacy.server";
import { linkStores } from "../support/stores";
import { adminPost, runRoute } from "../support/admin-requests";

// The creator portal (R31): what a member's link opens is exactly their offers, codes and numbers
// (R20, R23–R25, R30 as they see them), computed here independently from the conversions; every
// link that is not live (revoked, expired, tampered, unknown, another member's id) gets the same
// invalid-link answer; responses carry the no-frame/no-sniff/no-referrer/noindex headers; the
// per-IP limit answers 429. Runs on SQLite and, under with-postgres, PostgreSQL.

type PortalRoute = typeof import("~/routes/portal.$token");
type MemberRoute = typeof import("~/routes/app.members.$id._index");

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
let seq = 0;

interface Seeded {
  anna: string;
  ben: string;
  dev: string; // a member of another brand (CA shop)
  offers: { synced: string; fixed: string; bensOnly: string; caOffer: string };
  oldCode: string;
  newCode: string;
}

async function seed(): Promise<Seeded> {
  await linkStores(prisma, US, CA, "Canada");
  await prisma.shop.update({ where: { domain: US }, data: { name: "Sunny Brand", currencyCode: "USD" } });
  await prisma.shop.update({ where: { domain: CA }, data: { name: "Sunny Canada", currencyCode: "CAD" } });
  const member = (shop: string, firstName: string) =>
    prisma.member.create({ data: { shop, firstName, lastName: "Creator", email: `${firstName.toLowerCase()}@creators.example`, handle: `@${firstName.toLowerCase()}` } });
  const [anna, ben, dev] = [await member(US, "Anna"), await member(US, "Ben"), await member(CA, "Dev")];
  const offer = (shop: string, name: string, extra: Record<string, unknown> = {}) =>
    prisma.offer.create({
      data: { shop, name, payoutType: "FLAT", payoutFlatCents: 500, groupName: `${name} codes`, discountType: "PERCENTAGE", discountPercent: 20, startsAt: ago(60), ...extra },
    });
  const synced = await offer(US, "Summer synced", { syncEnabled: true, sameValueAcrossStores: false, syncStores: { create: [{ store: CA, discountPercent: 15 }] } });
  const fixed = await offer(US, "Fixed five", {
    discountType: "FIXED_AMOUNT",
    discountPercent: null,
    discountAmountCents: 500,
    payoutType: "PERCENT",
    payoutFlatCents: null,
    payoutPercent: 10,
  });
  const bensOnly = await offer(US, "Ben's private offer");
  const caOffer = await offer(CA, "Canada only");
  const join = async (offerId: string, memberId: string, shop: string, code: string, status = "ACTIVE", memberStatus = "ACTIVE") => {
    const om = await prisma.offerMember.create({ data: { offerId, memberId, status: memberStatus } });
    const pc = await prisma.promoCode.create({
      data: { shop, offerId, offerMemberId: om.id, memberId, code, codeKey: code.toUpperCase(), status, startsAt: ago(60), createdAt: ago(60) },
    });
    return { om, pc };
  };
  const annaSynced = await join(synced.id, anna.id, US, "ANNA20");
  // R20: a refresh as the refresh feature stores it: the old row retired, a new current row.
  await prisma.promoCode.update({ where: { id: annaSynced.pc.id }, data: { current: false, status: "RETIRED", retiredAt: ago(10) } });
  const renewed = await prisma.promoCode.create({
    data: {
      shop: US,
      offerId: synced.id,
      offerMemberId: annaSynced.om.id,
      memberId: anna.id,
      code: "ANNA-FRESH",
      codeKey: "ANNA-FRESH",
      status: "ACTIVE",
      startsAt: ago(10),
      createdAt: ago(10),
    },
  });
  const annaFixed = await join(fixed.id, anna.id, US, "ANNAFIVE", "DEACTIVATED", "DEACTIVATED");
  const benSynced = await join(synced.id, ben.id, US, "BEN20");
  const benOnly = await join(bensOnly.id, ben.id, US, "BENSECRET");
  const devCa = await join(caOffer.id, dev.id, CA, "DEVCA");

  const convert = async (args: {
    store: string;
    shop: string;
    offerId: string;
    memberId: string;
    promoCodeId: string;
    code: string;
    saleUsdCents: number;
    payoutCents: number;
    daysAgo: number;
    refundUsdCents?: number;
    cancelled?: boolean;
  }) => {
    seq++;
    const c = await prisma.conversion.create({
      data: {
        store: args.store,
        shop: args.shop,
        offerId: args.offerId,
        memberId: args.memberId,
        promoCodeId: args.promoCodeId,
        code: args.code,
        orderId: `gid://shopify/Order/${9000 + seq}`,
        orderName: `#PRIVATE-${9000 + seq}`,
        customerId: `gid://shopify/Customer/${7000 + seq}`,
        currency: args.store === CA ? "CAD" : "USD",
        saleCents: Math.round(args.saleUsdCents * (args.store === CA ? 1.4 : 1)),
        saleUsdCents: args.saleUsdCents,
        rateUnitsPerUsd: args.store === CA ? 1.4 : 1,
        rateDay: ago(args.daysAgo).toISOString().slice(0, 10),
        rateSource: "test",
        payoutCents: args.payoutCents,
        discountedItems: 1,
        occurredAt: ago(args.daysAgo),
      },
    });
    if (args.refundUsdCents)
      await prisma.conversionAdjustment.create({
        data: {
          conversionId: c.id,
          kind: "REFUND",
          sourceId: `refund-${seq}`,
          saleCents: -args.refundUsdCents,
          saleUsdCents: -args.refundUsdCents,
          payoutCents: -Math.round((args.payoutCents * args.refundUsdCents) / args.saleUsdCents),
          occurredAt: ago(args.daysAgo),
        },
      });
    if (args.cancelled)
      await prisma.conversionAdjustment.create({
        data: {
          conversionId: c.id,
          kind: "CANCEL",
          sourceId: "cancel",
          saleCents: 0,
          saleUsdCents: -args.saleUsdCents,
          payoutCents: -args.payoutCents,
          occurredAt: ago(args.daysAgo),
        },
      });
  };
  const s = { shop: US, offerId: synced.id, memberId: anna.id };
  await convert({ ...s, store: US, promoCodeId: annaSynced.pc.id, code: "ANNA20", saleUsdCents: 10_000, payoutCents: 500, daysAgo: 40 });
  await convert({ ...s, store: CA, promoCodeId: annaSynced.pc.id, code: "ANNA20", saleUsdCents: 7_150, payoutCents: 500, daysAgo: 20, refundUsdCents: 2_000 });
  await convert({ ...s, store: US, promoCodeId: renewed.id, code: "ANNA-FRESH", saleUsdCents: 4_200, payoutCents: 500, daysAgo: 5 });
  await convert({ ...s, store: CA, promoCodeId: renewed.id, code: "ANNA-FRESH", saleUsdCents: 3_000, payoutCents: 500, daysAgo: 3, cancelled: true });
  await convert({ ...s, store: US, promoCodeId: renewed.id, code: "ANNA-FRESH", saleUsdCents: 2_500, payoutCents: 500, daysAgo: 1 });
  await convert({ shop: US, offerId: fixed.id, memberId: anna.id, store: US, promoCodeId: annaFixed.pc.id, code: "ANNAFIVE", saleUsdCents: 6_000, payoutCents: 600, daysAgo: 30 });
  await convert({ shop: US, offerId: synced.id, memberId: ben.id, store: US, promoCodeId: benSynced.pc.id, code: "BEN20", saleUsdCents: 99_900, payoutCents: 500, daysAgo: 2 });
  await convert({ shop: US, offerId: bensOnly.id, memberId: ben.id, store: US, promoCodeId: benOnly.pc.id, code: "BENSECRET", saleUsdCents: 55_500, payoutCents: 500, daysAgo: 2 });
  await convert({ shop: CA, offerId: caOffer.id, memberId: dev.id, store: CA, promoCodeId: devCa.pc.id, code: "DEVCA", saleUsdCents: 33_300, payoutCents: 500, daysAgo: 2 });
  return {
    anna: anna.id,
    ben: ben.id,
    dev: dev.id,
    offers: { synced: synced.id, fixed: fixed.id, bensOnly: bensOnly.id, caOffer: caOffer.id },
    oldCode: "ANNA20",
    newCode: "ANNA-FRESH",
  };
}

/** The numbers of a member's conversions, from the rows (not the app's code): net of refunds; a cancelled order counts no conversion. */
async function expectedNumbers(shop: string, memberId: string) {
  const rows = await prisma.conversion.findMany({ where: { shop, memberId }, include: { adjustments: true } });
  const sum = (where: (c: (typeof rows)[number]) => boolean) => {
    const picked = rows.filter(where);
    return {
      conversions: picked.filter((c) => !c.adjustments.some((a) => a.kind === "CANCEL")).length,
      salesUsdCents: picked.reduce((n, c) => n + c.saleUsdCents + c.adjustments.reduce((m, a) => m + a.saleUsdCents, 0), 0),
      payoutCents: picked.reduce((n, c) => n + c.payoutCents + c.adjustments.reduce((m, a) => m + a.payoutCents, 0), 0),
    };
  };
  return { all: sum(() => true), byOffer: (offerId: string) => sum((c) => c.offerId === offerId), byStore: (store: string) => sum((c) => c.store === store) };
}

describe("creator portal (R31)", () => {
  let route: PortalRoute;
  let seeded: Seeded;
  let ip = 0;
  /** A fresh client address per request unless given: the limit has its own test. */
  const open = async (url: string, clientIp = `10.1.${(++ip >> 8) & 255}.${ip & 255}`) => {
    const { pathname } = new URL(url);
    const token = decodeURIComponent(pathname.replace(/^\/portal\//, ""));
    const outcome = (await route.loader({ request: new Request(url), params: { token }, context: { clientIp } })) as unknown as {
      data: PortalLoaderData;
      init: { status?: number; headers: Record<string, string> };
    };
    return { status: outcome.init.status ?? 200, data: outcome.data, headers: new Headers(outcome.init.headers) };
  };
  const pageOf = async (url: string) => {
    const r = await open(url);
    expect(r.status).toBe(200);
    if (r.data.state !== "ok") throw new Error(`portal not shown: ${r.data.state}`);
    return r.data.page;
  };
  const issue = async (memberId: string, shop = US, opts: { expiresInDays?: 0 | 7 | 30 | 90 | 365; now?: Date } = {}) => {
    const issued = await issuePortalLink(prisma, { shop, actor: ACTOR, memberId, expiresInDays: opts.expiresInDays ?? 0, now: opts.now });
    if (!issued) throw new Error("not issued");
    return issued.url;
  };

  beforeAll(async () => {
    route = await import("~/routes/portal.$token");
  });
  afterAll(() => prisma.$disconnect());
  beforeEach(async () => {
    resetPortalRateLimit();
    await resetDatabase(prisma);
    seeded = await seed();
  });

  it("R31/R30: a member's portal shows exactly their offers, codes, discounts per store and numbers", async () => {
    const page = await pageOf(await issue(seeded.anna));
    expect(page.brand).toBe("Sunny Brand");
    expect(page.memberName).toBe("Anna Creator");
    expect(page.offers.map((o) => o.name).sort()).toEqual(["Fixed five", "Summer synced"]);

    const expected = await expectedNumbers(US, seeded.anna);
    expect(page.totals).toEqual(expected.all);
    for (const o of page.offers) expect(o.totals, o.name).toEqual(expected.byOffer(o.id));
    expect(page.byStore.map((s) => s.label).sort()).toEqual(["Canada", "Sunny Brand"]);
    expect(page.byStore.find((s) => s.label === "Canada")).toMatchObject({ currency: "CAD", ...expected.byStore(CA) });
    expect(page.byStore.find((s) => s.label === "Sunny Brand")).toMatchObject({ currency: "USD", ...expected.byStore(US) });
    // The chart holds every net sale of the range.
    expect(page.chart.bins.reduce((n, b) => n + b.salesUsdCents, 0)).toBe(expected.all.salesUsdCents);
    expect(page.chart.bins.reduce((n, b) => n + b.conversions, 0)).toBe(expected.all.conversions);

    const synced = page.offers.find((o) => o.id === seeded.offers.synced)!;
    expect(synced.stores).toEqual([
      { label: "Sunny Brand", currency: "USD", discount: "20% off" },
      { label: "Canada", currency: "CAD", discount: "15% off" },
    ]);
    expect(synced.payout).toBe("$5 per conversion");
    const fixed = page.offers.find((o) => o.id === seeded.offers.fixed)!;
    expect(fixed.stores).toEqual([{ label: "Sunny Brand", currency: "USD", discount: "5.00 USD off" }]);
    // R24/R25: a deactivated membership reads as deactivated, without a copy button.
    expect(fixed.code).toMatchObject({ code: "ANNAFIVE", status: "Deactivated", usable: false });
  });

  it("R20/R31: after a refresh the new code is the current one and the old one is in the history", async () => {
    const page = await pageOf(await issue(seeded.anna));
    const synced = page.offers.find((o) => o.id === seeded.offers.synced)!;
    expect(synced.code).toMatchObject({ code: seeded.newCode, status: "Active", usable: true });
    expect(synced.history.map((h) => h.code)).toEqual([seeded.oldCode]);
    expect(synced.history[0]!.retiredAt).not.toBeNull();
    // Its conversions stay and aggregate with the new code's (R20).
    const withOld = await prisma.conversion.count({ where: { code: seeded.oldCode } });
    expect(withOld).toBeGreaterThan(0);
    expect(synced.totals).toEqual((await expectedNumbers(US, seeded.anna)).byOffer(seeded.offers.synced));
  });

  it("R31: changes show at once: a deactivation and a second refresh are on the next request", async () => {
    const url = await issue(seeded.anna);
    await prisma.offerMember.updateMany({ where: { offerId: seeded.offers.synced, memberId: seeded.anna }, data: { status: "DEACTIVATED" } });
    await prisma.promoCode.updateMany({ where: { offerId: seeded.offers.synced, memberId: seeded.anna, current: true }, data: { status: "DEACTIVATED" } });
    let synced = (await pageOf(url)).offers.find((o) => o.id === seeded.offers.synced)!;
    expect(synced.code).toMatchObject({ code: seeded.newCode, status: "Deactivated", usable: false });
    const om = (await prisma.offerMember.findFirst({ where: { offerId: seeded.offers.synced, memberId: seeded.anna } }))!;
    await prisma.offerMember.update({ where: { id: om.id }, data: { status: "ACTIVE" } });
    await prisma.promoCode.updateMany({ where: { offerMemberId: om.id, current: true }, data: { current: false, status: "RETIRED", retiredAt: new Date() } });
    await prisma.promoCode.create({
      data: { shop: US, offerId: seeded.offers.synced, offerMemberId: om.id, memberId: seeded.anna, code: "ANNA-THIRD", codeKey: "ANNA-THIRD", status: "ACTIVE", startsAt: ago(0) },
    });
    synced = (await pageOf(url)).offers.find((o) => o.id === seeded.offers.synced)!;
    expect(synced.code?.code).toBe("ANNA-THIRD");
    expect(synced.history.map((h) => h.code).sort()).toEqual([seeded.newCode, seeded.oldCode].sort());
  });

  it("R31: revoked, reissued-over, expired, tampered, unknown, malformed links and member ids all get the same invalid-link answer", async () => {
    const first = await issue(seeded.anna);
    const secret = new URL(first).pathname.split("/").pop()!;
    expect((await open(first)).status).toBe(200);
    const second = await issue(seeded.anna); // "revoke and issue a new link"
    expect((await open(second)).status).toBe(200);
    const expired = await issue(seeded.ben, US, { expiresInDays: 7, now: ago(8) });
    const bensLive = await issue(seeded.ben);
    const revokedAll = await issue(seeded.dev, CA);
    await revokePortalLinks(prisma, { shop: CA, actor: ACTOR, memberId: seeded.dev });
    const base = first.slice(0, first.length - secret.length);
    const flip = (s: string, i: number) => `${s.slice(0, i)}${s[i] === "A" ? "B" : "A"}${s.slice(i + 1)}`;
    const invalid = [
      first, // replaced by the second link
      expired,
      revokedAll,
      `${base}${flip(secret, 0)}`,
      `${base}${flip(secret, secret.length - 1)}`,
      `${base}${secret.slice(1)}`,
      `${base}${secret}A`,
      `${base}${"A".repeat(43)}`,
      `${base}${seeded.anna}`,
      `${base}${seeded.ben}`,
      `${base}${encodeURIComponent("../../app")}`,
    ];
    const answers = await Promise.all(invalid.map((u) => open(u)));
    for (const [i, a] of answers.entries()) {
      expect(a.status, invalid[i]).toBe(404);
      expect(a.data, invalid[i]).toEqual({ state: "invalid" });
      expect([...a.headers].sort(), invalid[i]).toEqual([...answers[0]!.headers].sort());
    }
    // Ben's own live link is Ben's: none of Anna's offers or codes.
    const ben = await pageOf(bensLive);
    expect(ben.memberName).toBe("Ben Creator");
    expect(ben.offers.map((o) => o.name).sort()).toEqual(["Ben's private offer", "Summer synced"]);
    expect(JSON.stringify(ben)).not.toMatch(/ANNA/);
    expect(ben.totals).toEqual((await expectedNumbers(US, seeded.ben)).all);
  });

  it("R31: nothing else in the URL reaches another member's or shop's data", async () => {
    const url = await issue(seeded.anna);
    const page = await pageOf(url);
    for (const extra of [`?memberId=${seeded.ben}`, `?shop=${CA}`, `?offerId=${seeded.offers.bensOnly}`, `?from=2000-01-01&to=2100-01-01`, "#ben"]) {
      expect(await pageOf(`${url}${extra}`), extra).toEqual(page);
    }
    const dev = await pageOf(await issue(seeded.dev, CA));
    expect(dev.brand).toBe("Sunny Canada");
    expect(dev.offers.map((o) => o.name)).toEqual(["Canada only"]);
    expect(dev.totals).toEqual((await expectedNumbers(CA, seeded.dev)).all);
    // Issuing or revoking for another shop's member does nothing.
    expect(await issuePortalLink(prisma, { shop: CA, actor: ACTOR, memberId: seeded.anna, expiresInDays: 0 })).toBeNull();
    expect(await revokePortalLinks(prisma, { shop: CA, actor: ACTOR, memberId: seeded.anna })).toBeNull();
    expect((await open(url)).status).toBe(200);
  });

  it("R31: the page carries aggregates only: no order names, customer ids or emails", async () => {
    const text = JSON.stringify(await pageOf(await issue(seeded.anna)));
    for (const forbidden of ["#PRIVATE", "Customer", "gid://", "@creators.example", "@anna", "orderId", "customer"]) expect(text).not.toContain(forbidden);
  });

  it("R31: every portal answer has the no-frame, no-sniff, no-referrer, noindex, no-store headers, and the route's headers keep them", async () => {
    const ok = await open(await issue(seeded.anna));
    const bad = await open(`${process.env.SHOPIFY_APP_URL}/portal/${"x".repeat(43)}`);
    for (const r of [ok, bad]) {
      expect(r.headers.get("X-Frame-Options")).toBe("DENY");
      expect(r.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
      expect(r.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(r.headers.get("Referrer-Policy")).toBe("no-referrer");
      expect(r.headers.get("X-Robots-Tag")).toContain("noindex");
      expect(r.headers.get("Cache-Control")).toBe("no-store");
    }
    // What Remix sends: the route's headers() over the loader's, even if something else set a frame-ancestors.
    const merged = route.headers({
      loaderHeaders: new Headers({ ...PORTAL_HEADERS, "Content-Security-Policy": "frame-ancestors https://admin.shopify.com" }),
      parentHeaders: new Headers(),
      actionHeaders: new Headers(),
      errorHeaders: undefined,
    });
    expect(new Headers(merged).get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(route.meta({ data: ok.data } as never)).toContainEqual({ name: "robots", content: "noindex, nofollow" });
  });

  it("R31: past its burst an IP gets 429 with Retry-After, whatever the link; other IPs are served", async () => {
    // The default burst (30), with a refill slow enough that a slow machine's 30 requests cannot earn another.
    resetPortalRateLimit({ capacity: 30, refillPerMinute: 0.01 });
    const url = await issue(seeded.anna);
    const statuses = [];
    for (let i = 0; i < 30; i++) statuses.push((await open(i % 2 ? url : `${url.slice(0, -1)}Z`, "203.0.113.9")).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(0);
    const limited = await open(url, "203.0.113.9");
    expect(limited.status).toBe(429);
    expect(limited.data.state).toBe("limited");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(limited.headers.get("X-Frame-Options")).toBe("DENY");
    expect((await open(url, "203.0.113.10")).status).toBe(200);
  });

  it("R11/R32/R31: a brand that uninstalled the app shows the invalid-link page; shop/redact deletes its links", async () => {
    const url = await issue(seeded.anna);
    const devUrl = await issue(seeded.dev, CA);
    await prisma.shop.update({ where: { domain: US }, data: { uninstalledAt: ago(3) } });
    expect(await open(url)).toMatchObject({ status: 404, data: { state: "invalid" } });
    expect(await redactShop(prisma, US)).toEqual({ honoured: true });
    expect(await prisma.portalLink.count({ where: { shop: US } })).toBe(0);
    expect(await prisma.portalLink.count({ where: { shop: CA } })).toBe(1);
    expect((await open(devUrl)).status).toBe(200);
  });

  it("R31: portalLinkFor (the {PORTAL_LINK} token) returns the live link, or issues one when there is none", async () => {
    const url = await issue(seeded.anna, US, { expiresInDays: 30 });
    expect(await portalLinkFor(prisma, { shop: US, memberId: seeded.anna, actor: ACTOR })).toBe(url);
    expect((await memberPortalLink(prisma, US, seeded.anna))?.url).toBe(url);
    await revokePortalLinks(prisma, { shop: US, actor: ACTOR, memberId: seeded.anna });
    expect(await memberPortalLink(prisma, US, seeded.anna)).toBeNull();
    const fresh = await portalLinkFor(prisma, { shop: US, memberId: seeded.anna, actor: ACTOR });
    expect(fresh).not.toBe(url);
    expect((await pageOf(fresh!)).memberName).toBe("Anna Creator");
    expect(await portalLinkFor(prisma, { shop: US, memberId: seeded.dev, actor: ACTOR })).toBeNull();
    // Only the hash and a sealed copy are stored, never the secret.
    const secret = new URL(fresh!).pathname.split("/").pop()!;
    const rows = await prisma.portalLink.findMany();
    expect(JSON.stringify(rows)).not.toContain(secret);
  });
});

describe("member page: portal link actions (R31, R35)", () => {
  let emulator: Emulator;
  let route: MemberRoute;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    process.env.SHOPIFY_EMULATOR_URL = emulator.url;
    route = await import("~/routes/app.members.$id._index");
  });
  afterAll(async () => {
    await emulator?.close();
  });
  beforeEach(async () => {
    await resetDatabase(prisma);
    await control(emulator, "reset", {});
  });

  const token = async (shop: string) => ((await control(emulator, "session-token", { shop })) as { token: string }).token;
  const post = async (shop: string, memberId: string, form: Record<string, string>) =>
    runRoute(route.action as never, adminPost(`/app/members/${memberId}`, await token(shop), new URLSearchParams(form)), { id: memberId });
  const load = async (shop: string, memberId: string) =>
    runRoute(route.loader as never, new Request(`${process.env.SHOPIFY_APP_URL}/app/members/${memberId}`, { headers: { Authorization: `Bearer ${await token(shop)}` } }), {
      id: memberId,
    });

  it("R31: the merchant issues a link with an expiry, reissues it (the old one dies) and revokes it; another shop's admin can do none of it", async () => {
    const anna = await prisma.member.create({ data: { shop: US, firstName: "Anna", lastName: "Lee", email: "anna@creators.example" } });
    expect((await post(US, anna.id, { intent: "portal-issue", expiresInDays: "30" })).status).toBe(200);
    const first = ((await load(US, anna.id)).body as { portal: { url: string; expiresAt: string | null } }).portal;
    expect(first.url).toMatch(/\/portal\/[A-Za-z0-9_-]{43}$/);
    expect(first.expiresAt).not.toBeNull();
    expect((await post(US, anna.id, { intent: "portal-issue", expiresInDays: "0" })).status).toBe(200);
    const second = ((await load(US, anna.id)).body as { portal: { url: string; expiresAt: string | null } }).portal;
    expect(second.url).not.toBe(first.url);
    expect(second.expiresAt).toBeNull();
    expect(await prisma.portalLink.count({ where: { memberId: anna.id, revokedAt: null } })).toBe(1);

    const before = await prisma.portalLink.findMany({ orderBy: { createdAt: "asc" } });
    for (const form of [{ intent: "portal-issue", expiresInDays: "0" }, { intent: "portal-revoke" }] as Record<string, string>[])
      expect((await post(UK, anna.id, form)).status).toBe(404);
    expect((await post(US, anna.id, { intent: "portal-issue", expiresInDays: "12" })).status).toBe(422);
    expect((await post(US, anna.id, { intent: "portal-steal" })).status).toBe(400);
    expect(await prisma.portalLink.findMany({ orderBy: { createdAt: "asc" } })).toEqual(before);

    expect((await post(US, anna.id, { intent: "portal-revoke" })).status).toBe(200);
    expect(((await load(US, anna.id)).body as { portal: unknown }).portal).toBeNull();
    const audit = await prisma.auditEntry.findMany({ where: { subject: `member:${anna.id}` }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["portal.issue", "portal.issue", "portal.revoke"]);
  });
});
