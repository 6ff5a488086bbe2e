// Issue 23 (R42, R1a, R35) at the route level: the read-only offer page answers only in a store the
// offer syncs into; "Synced into this store" lists nothing elsewhere; a revocation or a dismissal
// aimed at another store's link or notice changes nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/src/server";
import { CA, control, startTestEmulator, UK, US } from "../support/emulator";
import { resetDatabase } from "../support/db";
import { run } from "../support/requests";
import { makeOffer } from "../support/factories";
import { linkStores } from "../support/stores";

type Fn = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;

describe("the regional view's routes (R42)", () => {
  let emulator: Emulator;
  let prisma: typeof import("~/db.server").default;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    process.env.SHOPIFY_EMULATOR_URL = emulator.url;
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
  const request = async (shop: string, path: string, fields?: Record<string, string>) => {
    const { token } = (await control(emulator, "session-token", { shop })) as { token: string };
    const headers = { Authorization: `Bearer ${token}` };
    return new Request(`${process.env.SHOPIFY_APP_URL}${path}`, fields ? { method: "POST", headers, body: new URLSearchParams(fields) } : { headers });
  };

  it("R42/R35: the read-only offer page and the synced list answer in the store the offer syncs into, 404 and nothing elsewhere; another store's link or notice cannot be revoked or dismissed", async () => {
    const link = await linkStores(prisma, US, CA, "Canada");
    await linkStores(prisma, US, UK, "United Kingdom");
    const { offer } = await makeOffer(prisma, US, { name: "Secret launch" });
    await prisma.offer.update({ where: { id: offer.id }, data: { syncEnabled: true, syncStores: { create: { store: CA } } } });
    const page = (await import("~/routes/app.synced.$id")).loader as Fn;
    const list = (await import("~/routes/app.synced._index")).loader as Fn;
    const stores = await import("~/routes/app.synced.stores");
    const path = `/app/synced/${offer.id}`;

    const own = (await run((args) => page({ ...args, params: { id: offer.id } }), await request(CA, path))) as { offer: { name: string } };
    expect(own.offer.name).toBe("Secret launch");
    for (const shop of [US, UK]) {
      const other = await run((args) => page({ ...args, params: { id: offer.id } }), await request(shop, path));
      expect(other, shop).toBeInstanceOf(Response);
      expect((other as Response).status, shop).toBe(404);
      expect(await (other as Response).text()).not.toMatch(/secret/i);
    }
    expect(((await run(list, await request(CA, "/app/synced"))) as { groups: { offers: unknown[] }[] }).groups.flatMap((g) => g.offers)).toHaveLength(1);
    expect(((await run(list, await request(UK, "/app/synced"))) as { groups: { offers: unknown[] }[] }).groups.flatMap((g) => g.offers)).toHaveLength(0);

    // UK cannot revoke the US→CA link, nor US (the primary) through this route.
    for (const shop of [UK, US]) {
      const refused = await run(stores.action as Fn, await request(shop, "/app/synced/stores", { intent: "revoke", linkId: link.id, choice: "DEACTIVATE" }));
      expect(JSON.stringify(refused)).toMatch(/does not sync into yours/);
    }
    expect(await prisma.storeLink.findUniqueOrThrow({ where: { id: link.id } })).toMatchObject({ status: "CONNECTED" });
    const bad = await run(stores.action as Fn, await request(CA, "/app/synced/stores", { intent: "revoke", linkId: link.id, choice: "DELETE" }));
    expect(JSON.stringify(bad)).toMatch(/kept or deactivated/);

    // CA revokes (keep); the notice is US's to dismiss, not UK's or CA's.
    await run(stores.action as Fn, await request(CA, "/app/synced/stores", { intent: "revoke", linkId: link.id, choice: "KEEP" }));
    const notice = await prisma.storeRevocation.findFirstOrThrow({ where: { linkId: link.id } });
    expect(notice).toMatchObject({ choice: "KEEP", connectedShop: CA, primaryShop: US });
    expect(notice.actor).toMatch(/^user:\d+$/); // the admin of ca-store who did it, from the session token
    for (const shop of [UK, CA]) await run(stores.action as Fn, await request(shop, "/app/synced/stores", { intent: "dismiss", revocationId: notice.id }));
    expect(await prisma.storeRevocation.findUniqueOrThrow({ where: { id: notice.id } })).toMatchObject({ primarySeenAt: null });
    const told = (await run(stores.loader as Fn, await request(US, "/app/synced/stores"))) as { told: { id: string }[]; incoming: unknown[] };
    expect(told.told.map((t) => t.id)).toEqual([notice.id]);
    expect(told.incoming).toEqual([]);
  }, 120_000); // about twenty authenticated requests, each shop's first one a token exchange
});
