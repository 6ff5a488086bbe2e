// R18/R35: the email pages' loaders and actions as App Bridge calls them (session token): who the
// compose is for from its URL, refusals as 4xx that store nothing, the SMTP secret never sent
// back to the page.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import { resetDatabase } from "../support/db";
import { CA, control, startTestEmulator, US } from "../support/emulator";
import { makeOffer } from "../support/factories";
import { adminPost, runRoute } from "../support/admin-requests";
import * as compose from "~/routes/app.offers.$id.email";
import * as settings from "~/routes/app.settings.email";

type Fn = Parameters<typeof runRoute>[0];

describe("R18/R35: the email routes", () => {
  let emulator: Emulator;
  let token: string;
  beforeAll(async () => {
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    vi.spyOn(console, "info").mockImplementation(() => undefined);
    emulator = await startTestEmulator();
    process.env.SHOPIFY_EMULATOR_URL = emulator.url;
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    delete process.env.EMAIL_DEFAULT_SMTP_URL;
    await emulator?.close();
    await prisma.$disconnect();
  });
  beforeEach(async () => {
    await resetDatabase(prisma);
    await control(emulator, "reset", {});
    process.env.EMAIL_DEFAULT_SMTP_URL = "smtp://127.0.0.1:2";
    token = ((await control(emulator, "session-token", { shop: US, lifetimeSeconds: 3600 })) as { token: string }).token;
  });

  const get = (path: string) => new Request(`${process.env.SHOPIFY_APP_URL}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const post = (path: string, fields: Record<string, string>) => adminPost(path, token, new URLSearchParams(fields));

  async function offerWith(names: string[]) {
    const { offer } = await makeOffer(prisma, US);
    const ids: string[] = [];
    for (const name of names) {
      const member = await prisma.member.create({ data: { shop: US, firstName: name, email: `${name.toLowerCase()}@creators.example` } });
      const om = await prisma.offerMember.create({ data: { offerId: offer.id, memberId: member.id } });
      await prisma.promoCode.create({
        data: {
          shop: US,
          offerId: offer.id,
          offerMemberId: om.id,
          memberId: member.id,
          code: `${name}10`,
          codeKey: `${name}10`.toUpperCase(),
          status: "ACTIVE",
          startsAt: offer.startsAt,
        },
      });
      ids.push(member.id);
    }
    return { offer, ids };
  }

  it("R18: ?members= chooses members of the offer; another shop's member and malformed ids are left out and counted", async () => {
    const { offer, ids } = await offerWith(["Anna", "Ben", "Chloe"]);
    const other = await prisma.member.create({ data: { shop: CA, firstName: "Dev", email: "dev@creators.example" } });
    const out = await runRoute(compose.loader as Fn, get(`/app/offers/${offer.id}/email?members=${ids[0]},${ids[2]},${other.id},..%2Fx&kind=reactivated`), { id: offer.id });
    expect(out.status).toBe(200);
    const body = out.body as Awaited<ReturnType<typeof compose.loader>>;
    expect(body.recipients.map((r) => r.name)).toEqual(["Anna", "Chloe"]);
    expect(body.notInOffer).toBe(2);
    expect(body.kind).toBe("REACTIVATED");
    const all = (await runRoute(compose.loader as Fn, get(`/app/offers/${offer.id}/email`), { id: offer.id })).body as typeof body;
    expect(all.recipients).toHaveLength(3);
  });

  it("R35: another shop's offer is a 404, for the page and the send", async () => {
    const { offer } = await makeOffer(prisma, CA, { name: "Canada only" });
    expect((await runRoute(compose.loader as Fn, get(`/app/offers/${offer.id}/email`), { id: offer.id })).status).toBe(404);
    expect(
      (await runRoute(compose.action as Fn, post(`/app/offers/${offer.id}/email`, { intent: "send", kind: "NEW_CODE", subject: "Hi", body: "{CODE}" }), { id: offer.id })).status,
    ).toBe(404);
    expect(await prisma.emailMessage.count()).toBe(0);
  });

  it("R35: an unknown intent is a 400; a bad kind or unknown tokens are a 422 naming them; nothing is stored", async () => {
    const { offer, ids } = await offerWith(["Anna"]);
    const path = `/app/offers/${offer.id}/email?members=${ids[0]}`;
    expect((await runRoute(compose.action as Fn, post(path, { intent: "delete-everything" }), { id: offer.id })).status).toBe(400);
    const badKind = await runRoute(compose.action as Fn, post(path, { intent: "send", kind: "SPAM", subject: "Hi", body: "x" }), { id: offer.id });
    expect(badKind).toMatchObject({ status: 422, body: { errors: { form: "Choose what the email is about." } } });
    const unknown = await runRoute(compose.action as Fn, post(path, { intent: "send", kind: "NEW_CODE", subject: "Hi {NAME}", body: "{CODE}" }), { id: offer.id });
    expect(unknown.status).toBe(422);
    expect((unknown.body as { errors: { subject: string } }).errors.subject).toMatch(/^Unknown token \{NAME\}\./);
    expect(await prisma.emailMessage.count()).toBe(0);
  });

  it("R18: a send stores one message per chosen member and redirects to that send's statuses", async () => {
    const { offer, ids } = await offerWith(["Anna", "Ben"]);
    const out = await runRoute(
      compose.action as Fn,
      post(`/app/offers/${offer.id}/email?members=${ids[1]}`, { intent: "send", kind: "NEW_CODE", subject: "Hi {FIRST_NAME}", body: "Your code: {CODE}" }),
      { id: offer.id },
    );
    expect(out.status).toBe(302);
    const location = (out.body as Response).headers.get("Location")!;
    expect(location).toMatch(new RegExp(`^/app/offers/${offer.id}/emails\\?batch=[0-9a-f-]{36}&queued=1&skipped=0$`));
    const rows = await prisma.emailMessage.findMany();
    expect(rows.map((r) => [r.toEmail, r.subject, r.textBody, r.status])).toEqual([["ben@creators.example", "Hi Ben", "Your code: Ben10\n", "QUEUED"]]);
  });

  it("R18/R35: Settings › Email refuses a bad URL or address with 422, saves a good one, and never sends the password back", async () => {
    expect((await runRoute(settings.action as Fn, post("/app/settings/email", { intent: "nope" }))).status).toBe(400);
    const bad = await runRoute(settings.action as Fn, post("/app/settings/email", { intent: "save", senderEmail: "not-an-address", smtpUrl: "ftp://x" }));
    expect(bad).toMatchObject({
      status: 422,
      body: { errors: { senderEmail: "Enter a valid sender address, like name@example.com.", smtpUrl: "The URL must start with smtp:// or smtps://." } },
    });
    expect(await prisma.emailSettings.count()).toBe(0);
    const saved = await runRoute(
      settings.action as Fn,
      post("/app/settings/email", {
        intent: "save",
        senderName: "Acme",
        senderEmail: "team@acme.example",
        replyTo: "",
        smtpUrl: "smtps://apikey:VERY-SECRET-123@smtp.acme.example:465",
      }),
    );
    expect(saved).toMatchObject({ status: 200, body: { intent: "save", ok: true } });
    const page = await runRoute(settings.loader as Fn, get("/app/settings/email"));
    expect(JSON.stringify(page.body)).not.toContain("VERY-SECRET-123");
    expect((page.body as Awaited<ReturnType<typeof settings.loader>>).settings).toMatchObject({
      source: "SHOP",
      smtpUrlHint: "smtps://apikey:••••••••@smtp.acme.example:465",
      configured: true,
    });
    const test = await runRoute(settings.action as Fn, post("/app/settings/email", { intent: "test", to: "nobody" }));
    expect(test).toMatchObject({ status: 422, body: { intent: "test", ok: false, error: "Enter a valid address, like you@example.com." } });
  });

  it("R18: with no SMTP connection anywhere, the page says so and a send is refused", async () => {
    delete process.env.EMAIL_DEFAULT_SMTP_URL;
    const { offer, ids } = await offerWith(["Anna"]);
    const page = (await runRoute(compose.loader as Fn, get(`/app/offers/${offer.id}/email?members=${ids[0]}`), { id: offer.id })).body as Awaited<
      ReturnType<typeof compose.loader>
    >;
    expect(page.configured).toBe(false);
    const out = await runRoute(compose.action as Fn, post(`/app/offers/${offer.id}/email?members=${ids[0]}`, { intent: "send", kind: "NEW_CODE", subject: "Hi", body: "{CODE}" }), {
      id: offer.id,
    });
    expect(out).toMatchObject({ status: 422, body: { errors: { form: expect.stringContaining("Settings › Email") } } });
  });
});
