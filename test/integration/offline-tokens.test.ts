import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import type { Emulator } from "../../emulator/src/server";
import type { EmulatorState } from "../../emulator/src/state";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { getJob } from "~/services/jobs.server";
import { listStores } from "~/services/stores.server";
import { MerchantMustOpenAppError } from "~/shopify/client.server";
import { createShopifyFetch } from "~/shopify/emulator-routing.server";
import { createOfflineTokens } from "~/shopify/offline-token.server";
import { fetchShopInfo } from "~/shopify/shop.server";
import { resetDatabase } from "../support/db";
import { CA, control, startTestEmulator, US } from "../support/emulator";
import { ACTOR, makeOffer, makeProjectWithMembers } from "../support/factories";
import { refreshesAnswered, storeExpiringSession } from "../support/sessions";
import { linkStores } from "../support/stores";
import { databaseUrl, providerOf } from "../../prisma/database-url";
import { run } from "../support/requests";

// Expiring offline tokens (issue 11 §1, docs/decisions/030): every Shopify call gets its token
// through one source that renews it, against an emulator that expires tokens by its own clock.
describe("expiring offline tokens", () => {
  let emulator: Emulator;
  let prisma: PrismaClient;
  let createPrismaClient: typeof import("~/db.server").createPrismaClient;
  const counted = () => {
    const calls = { refresh: 0, unauthorized: 0 };
    const base = createShopifyFetch(emulator.url);
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.endsWith("/admin/oauth/access_token")) calls.refresh++;
      const response = await base(input, init);
      if (response.status === 401) calls.unauthorized++;
      return response;
    };
    return { calls, fetch };
  };
  const tokensFor = (db: PrismaClient, extra: Partial<Parameters<typeof createOfflineTokens>[0]> = {}) =>
    createOfflineTokens({ db, fetch: createShopifyFetch(emulator.url), pollMs: 10, ...extra });
  const codesIn = async (shop: string) =>
    Object.values(((await control(emulator, "state")) as EmulatorState).shops[shop]!.discounts)
      .flatMap((d) => d.codes.map((c) => c.code))
      .sort();

  beforeAll(async () => {
    emulator = await startTestEmulator();
    process.env.SHOPIFY_EMULATOR_URL = emulator.url;
    ({ default: prisma, createPrismaClient } = await import("~/db.server"));
  });
  afterAll(async () => {
    await emulator.close();
    await prisma.$disconnect();
  });
  beforeEach(async () => {
    await resetDatabase(prisma);
    await control(emulator, "reset", {});
  });

  it("the app asks for expiring offline tokens: the session keeps the refresh token and both expiries", async () => {
    const { loader } = await import("~/routes/app._index");
    const { token } = (await control(emulator, "session-token", { shop: US })) as { token: string };
    const data = (await run(loader, new Request(`${process.env.SHOPIFY_APP_URL}/app?_data=routes/app._index`, { headers: { Authorization: `Bearer ${token}` } }))) as {
      shopName: string;
    };
    expect(data.shopName).toBe("Creator Codes Demo US");
    const session = await prisma.session.findUniqueOrThrow({ where: { id: `offline_${US}` } });
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.expires).not.toBeNull();
    expect(session.refreshTokenExpires!.getTime()).toBeGreaterThan(session.expires!.getTime());
    expect(session.accessToken).not.toBe(emulator.accessToken(US));
  });

  it("the emulator refuses an expired access token with 401 and a used refresh token with invalid_grant", async () => {
    const first = await storeExpiringSession(emulator, prisma, US);
    const probe = (token: string) =>
      createShopifyFetch(emulator.url)(`https://${US}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
        body: JSON.stringify({ query: "{ shop { name } }" }),
      });
    expect((await probe(first.access_token)).status).toBe(200);
    await control(emulator, "clock", { advanceSeconds: 3601 });
    expect((await probe(first.access_token)).status).toBe(401);
    const refresh = (refreshToken: string) =>
      createShopifyFetch(emulator.url)(`https://${US}/admin/oauth/access_token`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ client_id: process.env.SHOPIFY_API_KEY, client_secret: process.env.SHOPIFY_API_SECRET, refresh_token: refreshToken, grant_type: "refresh_token" }),
      });
    const renewed = await refresh(first.refresh_token);
    expect(renewed.status).toBe(200);
    const pair = (await renewed.json()) as { access_token: string; refresh_token: string; expires_in: number; refresh_token_expires_in: number };
    expect(pair).toMatchObject({ expires_in: 3600, refresh_token_expires_in: 90 * 24 * 3600 });
    expect((await probe(pair.access_token)).status).toBe(200);
    const again = await refresh(first.refresh_token);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("a token that expires within 5 minutes is renewed before use; one that does not is used as stored", async () => {
    const first = await storeExpiringSession(emulator, prisma, US);
    const { calls, fetch } = counted();
    expect(await tokensFor(prisma, { fetch }).accessToken(US)).toBe(first.access_token);
    expect(calls.refresh).toBe(0);
    // 56 minutes later for the app (and 55 for Shopify): 4 minutes left, so it is renewed first.
    await control(emulator, "clock", { advanceSeconds: 55 * 60 });
    const later = tokensFor(prisma, { fetch, now: () => Date.now() + 56 * 60_000 });
    const info = await fetchShopInfo(later.adminFor(US));
    expect(info.name).toBe("Creator Codes Demo US");
    expect(calls).toEqual({ refresh: 1, unauthorized: 0 });
    const session = await prisma.session.findUniqueOrThrow({ where: { id: `offline_${US}` } });
    expect(session.accessToken).not.toBe(first.access_token);
    expect(session.refreshToken).not.toBe(first.refresh_token);
  });

  it("R34: a sync worker keeps syncing across a token expiry (401, one refresh, the call retried)", async () => {
    await storeExpiringSession(emulator, prisma, US);
    const { calls, fetch } = counted();
    const tokens = tokensFor(prisma, { fetch });
    const worker = () => runPendingOperations({ db: prisma, adminFor: async (store) => tokens.adminFor(store), pollMs: 5 });
    const { offer } = await makeOffer(prisma, US);
    const { members } = await makeProjectWithMembers(prisma, US, [
      ["Anna", "Lee"],
      ["Ben", "Ortiz"],
    ]);
    const generate = async (memberId: string, code: string) => {
      const r = await generateCodesForMembers(prisma, { shop: US, actor: ACTOR, offerId: offer.id, items: [{ memberId, code }] });
      if (!r.ok) throw new Error(JSON.stringify(r));
      return r.jobId;
    };
    await generate(members[0]!.id, "ANNA20");
    await worker();
    expect(await codesIn(US)).toEqual(["ANNA20"]);
    expect(calls.refresh).toBe(0);

    // An hour passes at Shopify: the stored token is refused; the worker renews it and goes on.
    await control(emulator, "clock", { advanceSeconds: 3601 });
    const jobId = await generate(members[1]!.id, "BEN20");
    await worker();
    expect(await codesIn(US)).toEqual(["ANNA20", "BEN20"]);
    expect((await getJob(prisma, US, jobId))!.job).toMatchObject({ status: "DONE", codesFailed: 0 });
    expect(calls).toEqual({ refresh: 1, unauthorized: 1 });
    expect(await refreshesAnswered(emulator, US)).toBe(1);
  });

  it("two workers renewing the same shop at once both succeed with one refresh", async () => {
    const first = await storeExpiringSession(emulator, prisma, US);
    await control(emulator, "clock", { advanceSeconds: 3601 });
    // Two token sources share nothing in memory: only the database's lease row coordinates them.
    // On PostgreSQL each has its own connection pool, as two processes would. SQLite serves one
    // process (two clients of one file in one process block each other's event loop).
    const other = providerOf(databaseUrl()) === "postgresql" ? createPrismaClient() : prisma;
    try {
      const a = counted();
      const b = counted();
      const workers = [tokensFor(prisma, { fetch: a.fetch }), tokensFor(other, { fetch: b.fetch })];
      // Both were refused the old token at the same moment, three calls each.
      const renewed = await Promise.all(workers.flatMap((w) => [0, 1, 2].map(() => w.refused(US, first.access_token))));
      expect(new Set(renewed).size).toBe(1);
      const infos = await Promise.all(workers.map((w) => fetchShopInfo(w.adminFor(US))));
      expect(infos.map((i) => i.name)).toEqual(["Creator Codes Demo US", "Creator Codes Demo US"]);
      expect(a.calls.refresh + b.calls.refresh).toBe(1);
      expect(await refreshesAnswered(emulator, US)).toBe(1);
      const session = await prisma.session.findUniqueOrThrow({ where: { id: `offline_${US}` } });
      expect(session.accessToken).not.toBe(first.access_token);
      expect(await Promise.all(workers.map((w) => w.accessToken(US)))).toEqual([session.accessToken, session.accessToken]);
    } finally {
      if (other !== prisma) await other.$disconnect();
    }
  });

  it("R1a/R11: a revoked refresh token marks the store as needing its merchant; Settings › Stores shows it until the merchant opens the app", async () => {
    await linkStores(prisma, US, CA, "Canada");
    await storeExpiringSession(emulator, prisma, CA);
    await control(emulator, `shops/ca-store/revoke-tokens`, {});
    await control(emulator, "clock", { advanceSeconds: 3601 });
    const { calls, fetch } = counted();
    const error = await fetchShopInfo(tokensFor(prisma, { fetch }).adminFor(CA)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MerchantMustOpenAppError);
    expect((error as Error).message).toMatch(/a merchant of ca-store\.myshopify\.com must open the app/);
    expect(calls.refresh).toBe(1);
    expect(await prisma.session.count({ where: { shop: CA } })).toBe(0);
    // A second worker does not call Shopify again: nothing is stored to renew.
    await expect(tokensFor(prisma, { fetch }).accessToken(CA)).rejects.toBeInstanceOf(MerchantMustOpenAppError);
    expect(calls.refresh).toBe(1);

    // Settings › Stores in the primary store (the route, through its loader).
    const { loader } = await import("~/routes/app.settings.stores");
    const bearer = async (shop: string) => {
      const { token } = (await control(emulator, "session-token", { shop })) as { token: string };
      return new Request(`${process.env.SHOPIFY_APP_URL}/app/settings/stores?_data=routes/app.settings.stores`, { headers: { Authorization: `Bearer ${token}` } });
    };
    const page = (await run(loader, await bearer(US))) as Awaited<ReturnType<typeof listStores>>;
    expect(page.connected).toEqual([expect.objectContaining({ shop: CA, status: "CONNECTED", needsMerchantSince: expect.any(String) })]);
    expect(page.primary.needsMerchantSince).toBeNull();

    // A merchant of ca-store opens the app: a new token exchange, and the mark is gone.
    await run(loader, await bearer(CA));
    expect(await prisma.session.findUnique({ where: { id: `offline_${CA}` } })).toMatchObject({ refreshToken: expect.stringMatching(/^shprt_/) });
    expect((await listStores(prisma, US)).connected[0]!.needsMerchantSince).toBeNull();
    expect((await fetchShopInfo(tokensFor(prisma).adminFor(CA))).name).toBe("Creator Codes Demo Canada");
  });
});
