import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/src/server";
import { CostBucket, ShopifyAuthError, ShopifyHttpError, ShopifyUserErrors } from "~/shopify/client.server";
import { clientFor, control, startTestEmulator, US } from "../support/emulator";

const SHOP_QUERY = `#graphql
  query ClientTestShop { shop { name } }`;
// 250 aliased objects: 250 points requested and spent (nothing refunded), so nine of them
// overdraw a Standard bucket (2000 points, 100/s) unless the client waits.
const EXPENSIVE_QUERY = `query ClientTestExpensive { ${Array.from({ length: 250 }, (_, i) => `s${i}: shop { name }`).join(" ")} }`;
const CREATE = `#graphql
  mutation ClientTestCreate($input: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $input) { codeDiscountNode { id } userErrors { field message code } }
  }`;

const input = (code: string) => ({
  title: code,
  code,
  startsAt: new Date().toISOString(),
  customerGets: { value: { percentage: 0.1 }, items: { all: true } },
});

describe("the Admin API client against the emulator", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(() => emulator.close());
  beforeEach(async () => {
    await control(emulator, "reset", {});
  });

  it("R33: reads throttleStatus and waits before the bucket runs dry, so nothing is throttled", async () => {
    const client = clientFor(emulator, US, { bucket: new CostBucket() });
    for (let i = 0; i < 9; i++) await client.query(EXPENSIVE_QUERY);
    expect(client.stats.throttled).toBe(0);
    expect(client.stats.waitedMs).toBeGreaterThan(0);
    expect(client.bucket.known()).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 });
    expect(client.stats.pointsSpent).toBe(9 * 250);
  });

  it("R33: a THROTTLED answer is retried after the wait the bucket implies", async () => {
    await control(emulator, `shops/${US}/faults`, { throttleNext: 3 });
    const waits: number[] = [];
    const client = clientFor(emulator, US, { bucket: new CostBucket(), sleep: async (ms) => void waits.push(ms) });
    const data = await client.query(SHOP_QUERY);
    expect(data.shop.name).toBe("Creator Codes Demo US");
    expect(client.stats.throttled).toBe(3);
    expect(client.stats.calls).toBe(4);
  });

  it("R33: 5xx answers are retried with backoff, then surface as ShopifyHttpError", async () => {
    await control(emulator, `shops/${US}/faults`, { errorRate: 1 });
    const waits: number[] = [];
    const client = clientFor(emulator, US, { maxRetries: 3, sleep: async (ms) => void waits.push(ms) });
    await expect(client.query(SHOP_QUERY)).rejects.toBeInstanceOf(ShopifyHttpError);
    expect(client.stats.calls).toBe(4);
    expect(waits).toHaveLength(3);
    expect(waits[2]!).toBeGreaterThan(waits[0]!);
  });

  it("R33: a 5xx followed by success returns the data", async () => {
    await control(emulator, `shops/${US}/faults`, { errorRate: 1 });
    const client = clientFor(emulator, US, {
      sleep: async () => void (await control(emulator, `shops/${US}/faults`, { errorRate: 0 })),
    });
    const data = await client.query(SHOP_QUERY);
    expect(data.shop.name).toBe("Creator Codes Demo US");
    expect(client.stats.retries).toBe(1);
  });

  it("R33: a dropped connection is retried", async () => {
    await control(emulator, `shops/${US}/faults`, { dropRate: 1 });
    const client = clientFor(emulator, US, {
      sleep: async () => void (await control(emulator, `shops/${US}/faults`, { dropRate: 0 })),
    });
    const data = await client.query(SHOP_QUERY);
    expect(data.shop.name).toBe("Creator Codes Demo US");
    expect(client.stats.retries).toBe(1);
  });

  it("userErrors come back as values from mutate and as ShopifyUserErrors from mutateOrThrow", async () => {
    const client = clientFor(emulator, US);
    const first = await client.mutate(CREATE, { input: input("SUMMER10") });
    expect(first.userErrors).toEqual([]);
    const again = await client.mutate(CREATE, { input: input("summer10") });
    expect(again.userErrors).toEqual([{ field: ["basicCodeDiscount", "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" }]);
    const error = await client.mutateOrThrow(CREATE, { input: input("Summer10") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyUserErrors);
    expect((error as ShopifyUserErrors).userErrors[0]!.code).toBe("TAKEN");
  });

  it("an unknown or revoked access token is a ShopifyAuthError, not retried", async () => {
    const client = clientFor(emulator, US, { accessToken: "shpat_not-a-real-token" });
    await expect(client.query(SHOP_QUERY)).rejects.toBeInstanceOf(ShopifyAuthError);
    expect(client.stats.calls).toBe(1);
  });
});
