import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/src/server";
import { control, startTestEmulator, US, CA } from "../support/emulator";
import { resetDatabase } from "../support/db";
import { run } from "../support/requests";

// The app authenticates embedded requests with App Bridge's session token (HS256 JWT signed with
// the app secret) and exchanges it for an offline token at the emulator, as with Shopify.
describe("embedded auth: session tokens and token exchange", () => {
  let emulator: Emulator;
  let loader: typeof import("~/routes/app._index").loader;
  let authLoader: typeof import("~/routes/auth.$").loader;
  let prisma: typeof import("~/db.server").default;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    process.env.SHOPIFY_EMULATOR_URL = emulator.url;
    ({ loader } = await import("~/routes/app._index"));
    ({ loader: authLoader } = await import("~/routes/auth.$"));
    prisma = (await import("~/db.server")).default;
  });
  afterAll(async () => {
    await emulator.close();
    await prisma.$disconnect();
  });
  beforeEach(async () => {
    await resetDatabase(prisma);
    await control(emulator, "reset", {});
  });

  const token = async (shop: string, extra: Record<string, unknown> = {}) => ((await control(emulator, "session-token", { shop, ...extra })) as { token: string }).token;
  const bearer = (jwt: string) => new Request(`${process.env.SHOPIFY_APP_URL}/app?_data=routes/app._index`, { headers: { Authorization: `Bearer ${jwt}` } });

  it("a valid session token is exchanged for an offline token and the page reads the shop live", async () => {
    const data = (await run(loader, bearer(await token(US)))) as { shopName: string; currencyCode: string };
    expect(data).toMatchObject({ shopName: "Creator Codes Demo US", currencyCode: "USD" });
    const session = await prisma.session.findUniqueOrThrow({ where: { id: `offline_${US}` } });
    // An expiring offline token (future.expiringOfflineAccessTokens, decision 030) with its refresh token.
    expect(session).toMatchObject({ accessToken: expect.stringMatching(/^shpat_/), refreshToken: expect.stringMatching(/^shprt_/), expires: expect.any(Date) });
    expect(await prisma.shop.findUniqueOrThrow({ where: { domain: US } })).toMatchObject({ name: "Creator Codes Demo US", currencyCode: "USD" });
  });

  it("each shop's token opens that shop", async () => {
    const data = (await run(loader, bearer(await token(CA)))) as { shopName: string; currencyCode: string };
    expect(data).toMatchObject({ shopName: "Creator Codes Demo Canada", currencyCode: "CAD" });
  });

  it("a stored token the shop refuses (app reinstalled) leads to a fresh token exchange, not an error", async () => {
    await prisma.session.create({ data: { id: `offline_${US}`, shop: US, state: "", isOnline: false, accessToken: "shpat_revoked", scope: "read_discounts" } });
    const first = (await run(loader, bearer(await token(US)))) as Response;
    expect(first.status).toBe(401);
    expect(first.headers.get("X-Shopify-Retry-Invalid-Session-Request")).toBe("1");
    expect(await prisma.session.count()).toBe(0);
    // App Bridge retries with a fresh session token: exchanged, and the page loads.
    const data = (await run(loader, bearer(await token(US)))) as { shopName: string };
    expect(data.shopName).toBe("Creator Codes Demo US");
  });

  it("an expired session token is refused with 401 and the retry header", async () => {
    const expired = await token(US, { issuedAt: Math.floor(Date.now() / 1000) - 600, lifetimeSeconds: 60 });
    const response = (await run(loader, bearer(expired))) as Response;
    expect(response.status).toBe(401);
    expect(response.headers.get("X-Shopify-Retry-Invalid-Session-Request")).toBe("1");
  });

  it("a forged session token (signed with another secret) is refused with 401", async () => {
    const forged = await token(US, { secret: "someone-elses-secret" });
    const response = (await run(loader, bearer(forged))) as Response;
    expect(response.status).toBe(401);
    expect(await prisma.session.count()).toBe(0);
  });

  /** The emulator's token for `shop` with claims changed and the header's alg set, signed with the app's secret (HS256/HS512) or not at all. */
  const resigned = async (shop: string, claims: Record<string, unknown>, alg: "HS256" | "HS512" | "none" = "HS256") => {
    const payload = JSON.parse(Buffer.from((await token(shop)).split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    const head = Buffer.from(JSON.stringify({ alg, typ: "JWT" })).toString("base64url");
    const body = Buffer.from(JSON.stringify({ ...payload, ...claims })).toString("base64url");
    const signature =
      alg === "none"
        ? ""
        : createHmac(alg === "HS256" ? "sha256" : "sha512", process.env.SHOPIFY_API_SECRET!)
            .update(`${head}.${body}`)
            .digest("base64url");
    return `${head}.${body}.${signature}`;
  };
  const now = () => Math.floor(Date.now() / 1000);

  it("R35: a re-signed token with Shopify's claims is accepted (the helper below signs as Shopify does)", async () => {
    const data = (await run(loader, bearer(await resigned(US, {})))) as { shopName: string };
    expect(data.shopName).toBe("Creator Codes Demo US");
  });

  it("R35: a session token whose dest is not a shop is refused with 401, never 500, and nothing is stored", async () => {
    for (const dest of ["https://evil.example", "not a url", "https://us-store.myshopify.com.evil.example", "http://us-store.myshopify.com", 42]) {
      const response = (await run(loader, bearer(await resigned(US, { dest })))) as Response;
      expect(response, String(dest)).toBeInstanceOf(Response);
      expect(response.status, String(dest)).toBe(401);
    }
    expect(await prisma.session.count()).toBe(0);
  });

  it("R35: session tokens with another app's aud, a future nbf, alg none or HS512 are refused with 401", async () => {
    const cases = {
      aud: await resigned(US, { aud: "another-apps-client-id" }),
      nbf: await resigned(US, { nbf: now() + 600, iat: now() + 600 }),
      none: await resigned(US, {}, "none"),
      hs512: await resigned(US, {}, "HS512"),
    };
    for (const [name, jwt] of Object.entries(cases)) {
      const response = (await run(loader, bearer(jwt))) as Response;
      expect(response, name).toBeInstanceOf(Response);
      expect(response.status, name).toBe(401);
    }
    expect(await prisma.session.count()).toBe(0);
  });

  it("R35: an exit-iframe to a foreign host is refused with 400, never 500", async () => {
    const host = Buffer.from("admin.shopify.com/store/us-store").toString("base64");
    for (const exitIframe of ["https://evil.example/phish", "//evil.example", "javascript:alert(1)"]) {
      const url = `${process.env.SHOPIFY_APP_URL}/auth/exit-iframe?shop=${US}&host=${host}&exitIframe=${encodeURIComponent(exitIframe)}`;
      const response = (await run(authLoader, new Request(url))) as Response;
      expect(response, exitIframe).toBeInstanceOf(Response);
      expect(response.status, exitIframe).toBe(400);
    }
  });
});
