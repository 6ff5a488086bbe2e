import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { MERCHANT_USER_AGENT } from "./browser";

// Against the production server (server.mjs + the build): deep links render, and refusals that
// are not bugs answer 4xx, never 500, without showing internals (R35, issue 12).
const SECRET = "creator-codes-e2e-secret"; // test/e2e/global-setup.ts
const SHOP = "us-store.myshopify.com";

async function sessionToken(): Promise<string> {
  const res = await fetch(`${inject("emulatorUrl")}/_emulator/session-token`, { method: "POST", body: JSON.stringify({ shop: "us-store" }) });
  return ((await res.json()) as { token: string }).token;
}

/** The URL Shopify's admin loads in its iframe for `path` (a deep link or a refresh). */
async function embeddedUrl(path: string, extra: Record<string, string> = {}): Promise<string> {
  const params = new URLSearchParams({
    embedded: "1",
    host: Buffer.from("admin.shopify.com/store/us-store").toString("base64").replace(/=+$/, ""),
    id_token: await sessionToken(),
    locale: "en",
    shop: SHOP,
    timestamp: String(Math.floor(Date.now() / 1000)),
    ...extra,
  });
  const message = [...params.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  params.set("hmac", createHmac("sha256", SECRET).update(message).digest("hex"));
  return `${inject("appUrl")}${path}?${params.toString()}`;
}

const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers: { "User-Agent": MERCHANT_USER_AGENT, ...headers }, redirect: "manual" });

/** No stack, no error class, no file path in what a visitor sees. */
const expectNoInternals = (body: string) => expect(body).not.toMatch(/\bat \S+ \(|Error:|node_modules|\/work\/|\.server\.ts/);

describe("deep links and refusals on the production server (R35)", () => {
  let db: PrismaClient;
  let offerId: string;
  let memberId: string;
  beforeAll(async () => {
    const { createPrismaClient } = await import("~/db.server");
    db = createPrismaClient(inject("databaseUrl"));
    const offer = await db.offer.create({
      data: {
        shop: SHOP,
        name: "Deep link offer",
        payoutType: "FLAT",
        payoutFlatCents: 100,
        groupName: "Deep link",
        discountType: "PERCENTAGE",
        discountPercent: 10,
        startsAt: new Date(),
      },
    });
    const member = await db.member.create({ data: { shop: SHOP, firstName: "Dee", lastName: "Link", email: "dee@creators.example" } });
    offerId = offer.id;
    memberId = member.id;
  });
  afterAll(() => db?.$disconnect());

  it("R30/R35: an offer's and a member's dashboard open by full page load (deep link or refresh)", async () => {
    for (const [path, title] of [
      [`/app/offers/${offerId}/dashboard`, "Deep link offer"],
      [`/app/members/${memberId}/dashboard`, "Dee Link"],
    ] as const) {
      const res = await get(await embeddedUrl(path));
      const body = await res.text();
      expect(res.status, path).toBe(200);
      expect(body).toContain("Performance");
      expect(body).toContain(title);
    }
  });

  it("R35: an action posted from another site is refused with 403, a malformed Origin with 400, never 500", async () => {
    const url = await embeddedUrl("/app/settings/stores");
    const post = (origin: string) =>
      fetch(url, { method: "POST", headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" }, body: "intent=create-code", redirect: "manual" });
    const foreign = await post("https://evil.example");
    expect(foreign.status).toBe(403);
    expectNoInternals(await foreign.text());
    expect((await post("not a url")).status).toBe(400);
  });

  it("R35: an exit-iframe to a foreign host is refused with 400, without internals", async () => {
    const res = await get(await embeddedUrl("/auth/exit-iframe", { exitIframe: "https://evil.example/phish" }));
    expect(res.status).toBe(400);
    expectNoInternals(await res.text());
  });

  it("R35: a session token whose dest is not a shop is refused with 401, never 500", async () => {
    const [header, payload] = (await sessionToken()).split(".") as [string, string];
    for (const dest of ["https://evil.example", "not a url", "https://us-store.myshopify.com.evil.example"]) {
      const claims = { ...(JSON.parse(Buffer.from(payload, "base64url").toString()) as object), dest };
      const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
      const jwt = `${header}.${body}.${createHmac("sha256", SECRET).update(`${header}.${body}`).digest("base64url")}`;
      const res = await get(`${inject("appUrl")}/app`, { Authorization: `Bearer ${jwt}` });
      expect(res.status, dest).toBe(401);
      expectNoInternals(await res.text());
    }
  });

  it("R35: an unknown offer answers 404 with the app's message, not a stack", async () => {
    const res = await get(await embeddedUrl("/app/offers/no-such-offer/dashboard"));
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(body).toContain("Offer not found");
    expectNoInternals(body);
  });
});
