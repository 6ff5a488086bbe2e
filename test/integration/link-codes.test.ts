import { createHash } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { connectStore, createLinkCode } from "~/services/stores.server";
import { LOCKOUT_FAILURES, MAX_FAILURES_PER_WINDOW } from "~/domain/stores/link-attempts";
import { resetDatabase } from "../support/db";

// Link codes can be guessed only slowly (R1a, issue 12).
const US = "us-store.myshopify.com";
const CA = "ca-store.myshopify.com";
const UK = "uk-store.myshopify.com";
const ADMIN = "user:70000001";

describe("link codes under guessing (R1a)", () => {
  beforeEach(async () => {
    await resetDatabase(prisma);
    for (const domain of [US, CA, UK]) await prisma.shop.create({ data: { domain } });
  });
  afterAll(() => prisma.$disconnect());

  const guess = (i: number) => `CCL-AAAA-BBBB-${String(i).padStart(4, "2").replace(/[01]/g, "Z")}`;

  it(`R1a: after ${MAX_FAILURES_PER_WINDOW} wrong codes in 15 minutes a shop is refused, even with the right code; each failure is audited`, async () => {
    const { code } = await createLinkCode(prisma, { shop: CA, actor: "user:1" });
    for (let i = 0; i < MAX_FAILURES_PER_WINDOW; i++) {
      // Several admins of the same shop: the shop's limit holds whoever types.
      expect(await connectStore(prisma, { shop: US, actor: `user:${100 + i}`, code: guess(i) })).toMatchObject({ ok: false, error: expect.stringMatching(/not valid/) });
    }
    const refused = await connectStore(prisma, { shop: US, actor: "user:999", code });
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/Too many wrong link codes/) });
    expect(await prisma.storeLink.count()).toBe(0);
    expect(await prisma.auditEntry.count({ where: { shop: US, action: "store.link_code_failed" } })).toBe(MAX_FAILURES_PER_WINDOW);
    expect(await prisma.auditEntry.count({ where: { shop: US, action: "store.link_code_refused" } })).toBe(1);
    // Once the 15 minutes are over, the right code connects.
    expect(await connectStore(prisma, { shop: US, actor: "user:999", code, now: new Date(Date.now() + 16 * 60_000) })).toMatchObject({ ok: true });
  });

  it(`R1a: one client is limited across shops: ${MAX_FAILURES_PER_WINDOW} wrong codes in 15 minutes, then refused in any store`, async () => {
    for (let i = 0; i < MAX_FAILURES_PER_WINDOW; i++) await connectStore(prisma, { shop: i % 2 ? US : UK, actor: ADMIN, code: guess(i) });
    const { code } = await createLinkCode(prisma, { shop: CA, actor: "user:1" });
    expect(await connectStore(prisma, { shop: US, actor: ADMIN, code })).toMatchObject({ ok: false, error: expect.stringMatching(/Too many/) });
    // Another admin of US is not that client (US itself has 5 failures, under the limit).
    expect(await connectStore(prisma, { shop: US, actor: "user:2", code })).toMatchObject({ ok: true });
  });

  it(`R1a: ${LOCKOUT_FAILURES} wrong codes within a day lock the shop out for a day, however slowly they come`, async () => {
    const start = Date.now() - 23 * 3_600_000;
    for (let i = 0; i < LOCKOUT_FAILURES; i++) {
      const result = await connectStore(prisma, { shop: US, actor: `user:${i}`, code: guess(i), now: new Date(start + i * 40 * 60_000) });
      expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/not valid/) });
    }
    const { code } = await createLinkCode(prisma, { shop: CA, actor: "user:1" });
    expect(await connectStore(prisma, { shop: US, actor: "user:new", code })).toMatchObject({ ok: false, error: expect.stringMatching(/locked for this store/) });
    expect(await prisma.storeLink.count()).toBe(0);
  });

  it("R1a: the stored code is an HMAC keyed with the app's secret, not a plain hash of the code", async () => {
    const { code } = await createLinkCode(prisma, { shop: CA, actor: "user:1" });
    const stored = await prisma.linkCode.findFirstOrThrow({ where: { shop: CA } });
    expect(stored.codeHash).not.toContain(code);
    expect(stored.codeHash).not.toBe(createHash("sha256").update(code).digest("hex"));
    expect(await connectStore(prisma, { shop: US, actor: ADMIN, code })).toMatchObject({ ok: true });
  });
});
