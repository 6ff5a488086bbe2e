// R18: members' emails end to end against a real SMTP server (the local mailbox, smtp-server):
// compose → stored messages → the email worker → what the server received.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { memberPortalLink } from "~/services/portal.server";
import { startMailbox, type Mailbox } from "../../emulator/src/mailbox";
import { closeEmailSenders, runEmailQueue } from "~/jobs/email/worker.server";
import { listMessages, loadCompose, queueEmails } from "~/services/emails.server";
import { getEmailSettings, saveEmailSettings } from "~/services/email-settings.server";
import { DEFAULT_TEMPLATES } from "~/domain/email/template";
import { resetDatabase } from "../support/db";
import { US } from "../support/emulator";
import { ACTOR, makeOffer } from "../support/factories";

interface Person {
  first: string;
  last: string;
  email: string;
  code: string;
}

async function offerWithMembers(people: Person[]) {
  await prisma.shop.upsert({ where: { domain: US }, create: { domain: US, name: "US Store", currencyCode: "USD" }, update: {} });
  const { offer } = await makeOffer(prisma, US, { name: "Winter drop" });
  const members = [];
  for (const p of people) {
    const member = await prisma.member.create({ data: { shop: US, firstName: p.first, lastName: p.last, email: p.email } });
    const om = await prisma.offerMember.create({ data: { offerId: offer.id, memberId: member.id } });
    await prisma.promoCode.create({
      data: {
        shop: US,
        offerId: offer.id,
        offerMemberId: om.id,
        memberId: member.id,
        code: p.code,
        codeKey: p.code.toUpperCase(),
        status: "ACTIVE",
        startsAt: new Date("2026-12-01T00:00:00Z"),
        endsAt: new Date("2026-12-31T00:00:00Z"),
      },
    });
    members.push(member);
  }
  return { offer, members };
}

const people: Person[] = [
  { first: "Maria", last: "Lopez", email: "maria@creators.example", code: "MARIA20" },
  { first: "Ben", last: "Okafor", email: "ben@creators.example", code: "BEN20" },
  { first: "Chloe", last: "Nguyen", email: "chloe@creators.example", code: "CHLOE20" },
];

const worker = () => runEmailQueue({ db: prisma, workerId: "test", ratePerShop: 0 });

describe("R18: emailing members their codes through SMTP", () => {
  let mailbox: Mailbox;
  beforeAll(async () => {
    mailbox = await startMailbox();
    process.env.EMAIL_DEFAULT_SMTP_URL = mailbox.smtpUrl;
  });
  afterAll(async () => {
    closeEmailSenders();
    await mailbox.close();
    delete process.env.EMAIL_DEFAULT_SMTP_URL;
    await prisma.$disconnect();
  });
  beforeEach(async () => {
    await resetDatabase(prisma);
    mailbox.clear();
    mailbox.refuse([]);
    process.env.EMAIL_DEFAULT_SMTP_URL = mailbox.smtpUrl;
  });

  it("R18: compose for 3 members → 3 messages with each member's own values arrive at the SMTP server", async () => {
    const { offer, members } = await offerWithMembers(people);
    const result = await queueEmails(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: offer.id,
      selection: { memberIds: members.map((m) => m.id) },
      kind: "NEW_CODE",
      template: DEFAULT_TEMPLATES.NEW_CODE,
    });
    expect(result).toMatchObject({ ok: true, queued: 3, skipped: [] });
    expect(await worker()).toBe(3);
    const received = mailbox.messages();
    expect(received).toHaveLength(3);
    for (const p of people) {
      const mail = received.find((m) => m.envelopeTo[0] === p.email)!;
      expect(mail.subject).toBe(`Your code for Winter drop: ${p.code}`);
      expect(mail.text).toContain(`Hi ${p.first},`);
      expect(mail.text).toContain(`Your personal promo code for Winter drop is ${p.code}. It gives your audience 20% off and works from Dec 1, 2026 to Dec 31, 2026.`);
      expect(mail.text).toContain("- US Store: 20% off");
      expect(mail.html).toContain(`<strong>${p.code}</strong>`);
      expect(mail.from).toBe(`"Creator program" <creators@${US}>`);
      // Nobody's code reached anybody else.
      for (const other of people.filter((o) => o !== p)) expect(mail.text).not.toContain(other.code);
    }
    const list = await listMessages(prisma, US, { offerId: offer.id });
    expect(list.counts).toMatchObject({ SENT: 3, QUEUED: 0, FAILED: 0 });
    expect(new Set(list.messages.map((m) => m.status))).toEqual(new Set(["SENT"]));
    expect((await listMessages(prisma, US, { memberId: members[1]!.id })).messages.map((m) => m.to)).toEqual(["ben@creators.example"]);
  });

  it("R18: a member without an email address is skipped and reported; the others are sent", async () => {
    const { offer, members } = await offerWithMembers([...people.slice(0, 2), { first: "Dana", last: "Noemail", email: "", code: "DANA20" }]);
    const compose = await loadCompose(prisma, US, offer.id, { all: true });
    expect(compose?.recipients.map((r) => r.name)).toEqual(["Maria Lopez", "Ben Okafor"]);
    expect(compose?.skipped).toEqual([{ memberId: members[2]!.id, name: "Dana Noemail", reason: "No email address" }]);
    const result = await queueEmails(prisma, { shop: US, actor: ACTOR, offerId: offer.id, selection: { all: true }, kind: "NEW_CODE", template: DEFAULT_TEMPLATES.NEW_CODE });
    expect(result).toMatchObject({ ok: true, queued: 2, skipped: [{ name: "Dana Noemail", reason: "No email address" }] });
    await worker();
    expect(
      mailbox
        .messages()
        .map((m) => m.envelopeTo[0])
        .sort(),
    ).toEqual(["ben@creators.example", "maria@creators.example"]);
    expect(await prisma.emailMessage.count({ where: { memberId: members[2]!.id } })).toBe(0);
  });

  it("R18: the SMTP server refusing one recipient → that message FAILED with the server's error, the others SENT", async () => {
    const { offer, members } = await offerWithMembers(people);
    mailbox.refuse(["ben@creators.example"]);
    await queueEmails(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: offer.id,
      selection: { memberIds: members.map((m) => m.id) },
      kind: "NEW_CODE",
      template: DEFAULT_TEMPLATES.NEW_CODE,
    });
    await worker();
    const rows = await prisma.emailMessage.findMany({ orderBy: { toEmail: "asc" } });
    expect(rows.map((r) => [r.toEmail, r.status])).toEqual([
      ["ben@creators.example", "FAILED"],
      ["chloe@creators.example", "SENT"],
      ["maria@creators.example", "SENT"],
    ]);
    expect(rows[0]!.error).toBe("RCPT TO: 550 5.1.1 <ben@creators.example>: Recipient address rejected: mailbox unavailable");
    expect(rows[0]!.attempts).toBe(1);
    expect(
      mailbox
        .messages()
        .map((m) => m.envelopeTo[0])
        .sort(),
    ).toEqual(["chloe@creators.example", "maria@creators.example"]);
    // Failed for good: another pass sends nothing again.
    expect(await worker()).toBe(0);
  });

  it("R18: an SMTP server that cannot be reached leaves the message queued for a later attempt, with the error", async () => {
    const { offer, members } = await offerWithMembers(people.slice(0, 1));
    const closed = await startMailbox();
    const url = closed.smtpUrl;
    await closed.close();
    process.env.EMAIL_DEFAULT_SMTP_URL = url;
    await queueEmails(prisma, { shop: US, actor: ACTOR, offerId: offer.id, selection: { memberIds: [members[0]!.id] }, kind: "NEW_CODE", template: DEFAULT_TEMPLATES.NEW_CODE });
    await worker();
    const row = await prisma.emailMessage.findFirstOrThrow();
    expect(row.status).toBe("QUEUED");
    expect(row.attempts).toBe(1);
    expect(row.error).toMatch(/ECONNREFUSED/);
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(row.updatedAt.getTime());
    // Not due yet: the next pass leaves it alone.
    expect(await worker()).toBe(0);
  });

  it("R22/R38: a job's compose is for the members whose codes the job touched, and its messages carry the job", async () => {
    const { offer, members } = await offerWithMembers(people);
    const job = await prisma.job.create({ data: { shop: US, kind: "DEACTIVATE_CODES", offerId: offer.id, actor: ACTOR, status: "DONE" } });
    const codes = await prisma.promoCode.findMany({ where: { memberId: { in: [members[0]!.id, members[2]!.id] } } });
    for (const c of codes)
      for (const store of [US, "ca-store.myshopify.com"])
        await prisma.syncOperation.create({ data: { jobId: job.id, shop: US, store, offerId: offer.id, promoCodeId: c.id, action: "DEACTIVATE_CODE", status: "SUCCEEDED" } });
    const compose = await loadCompose(prisma, US, offer.id, { jobId: job.id });
    expect(compose?.recipients.map((r) => r.name).sort()).toEqual(["Chloe Nguyen", "Maria Lopez"]);
    const result = await queueEmails(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: offer.id,
      selection: { jobId: job.id },
      kind: "DEACTIVATED",
      template: DEFAULT_TEMPLATES.DEACTIVATED,
    });
    expect(result).toMatchObject({ ok: true, queued: 2 });
    expect(await prisma.emailMessage.findMany({ select: { jobId: true, kind: true } })).toEqual([
      { jobId: job.id, kind: "DEACTIVATED" },
      { jobId: job.id, kind: "DEACTIVATED" },
    ]);
    // Another offer's job chooses nobody.
    const { offer: other } = await makeOffer(prisma, US, { name: "Other" });
    expect((await loadCompose(prisma, US, other.id, { jobId: job.id }))?.recipients).toEqual([]);
  });

  it("R18: an XSS-looking member name arrives escaped in the HTML part", async () => {
    const { offer, members } = await offerWithMembers([
      { first: `<script>alert("pwned")</script>`, last: `<img src=x onerror=alert(1)>`, email: "evil@creators.example", code: "EVIL20" },
    ]);
    await queueEmails(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: offer.id,
      selection: { memberIds: [members[0]!.id] },
      kind: "NEW_CODE",
      template: { subject: "Hi {FIRST_NAME}", body: "Hello {FIRST_NAME} {LAST_NAME}, your code is {CODE}." },
    });
    await worker();
    const [mail] = mailbox.messages();
    expect(mail!.html).toContain("Hello &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;, your code is <strong>EVIL20</strong>.");
    expect(mail!.html).not.toMatch(/<script|<img/i);
    expect(mail!.text).toContain(`Hello <script>alert("pwned")</script>`);
  });

  it("R18/R31: {PORTAL_LINK} gives each recipient their own live portal link, issued when they have none", async () => {
    const { offer, members } = await offerWithMembers(people.slice(0, 2));
    const result = await queueEmails(prisma, {
      shop: US,
      actor: ACTOR,
      offerId: offer.id,
      selection: { memberIds: members.map((m) => m.id) },
      kind: "NEW_CODE",
      template: { subject: "Hi", body: "Your portal: {PORTAL_LINK}" },
    });
    expect(result).toMatchObject({ ok: true });
    const messages = await prisma.emailMessage.findMany({ orderBy: { toEmail: "asc" } });
    expect(messages).toHaveLength(2);
    for (const m of messages) {
      const live = await memberPortalLink(prisma, US, m.memberId!);
      expect(live?.url).toMatch(/\/portal\//);
      expect(m.textBody).toContain(live!.url);
    }
    expect(new Set(messages.map((m) => m.textBody)).size).toBe(2);
  });

  it("R18: a template with unknown tokens, or no SMTP settings stores nothing", async () => {
    const { offer, members } = await offerWithMembers(people.slice(0, 1));
    const send = (template: { subject: string; body: string }) =>
      queueEmails(prisma, { shop: US, actor: ACTOR, offerId: offer.id, selection: { memberIds: [members[0]!.id] }, kind: "NEW_CODE", template });
    expect(await send({ subject: "Hi {NAME}", body: "{CODE} {PAYOUT}" })).toEqual({
      ok: false,
      errors: { subject: expect.stringMatching(/^Unknown token \{NAME\}\./), body: expect.stringMatching(/^Unknown token \{PAYOUT\}\./) },
    });
    delete process.env.EMAIL_DEFAULT_SMTP_URL;
    expect((await getEmailSettings(prisma, US)).configured).toBe(false);
    expect(await send(DEFAULT_TEMPLATES.NEW_CODE)).toEqual({ ok: false, errors: { form: expect.stringContaining("Settings › Email") } });
    expect(await prisma.emailMessage.count()).toBe(0);
  });

  it("R18: a shop's own SMTP URL is stored sealed, shown masked, and used for its messages", async () => {
    const { offer, members } = await offerWithMembers(people.slice(0, 1));
    delete process.env.EMAIL_DEFAULT_SMTP_URL;
    const own = `smtp://brand-user:Sup3r-Secret@127.0.0.1:${mailbox.port}`;
    expect(
      await saveEmailSettings(prisma, {
        shop: US,
        actor: ACTOR,
        fields: { senderName: "Acme Creators", senderEmail: "team@acme.example", replyTo: "help@acme.example", smtpUrl: own },
      }),
    ).toEqual({ ok: true });
    const row = await prisma.emailSettings.findUniqueOrThrow({ where: { shop: US } });
    expect(JSON.stringify(row)).not.toContain("Sup3r-Secret");
    const view = await getEmailSettings(prisma, US);
    expect(view).toMatchObject({ configured: true, source: "SHOP", smtpUrlHint: `smtp://brand-user:••••••••@127.0.0.1:${mailbox.port}` });
    expect(JSON.stringify(view)).not.toContain("Sup3r-Secret");
    expect(JSON.stringify(await prisma.auditEntry.findMany())).not.toContain("Sup3r-Secret");
    // A blank URL keeps the stored one.
    await saveEmailSettings(prisma, {
      shop: US,
      actor: ACTOR,
      fields: { senderName: "Acme Creators", senderEmail: "team@acme.example", replyTo: "help@acme.example", smtpUrl: "" },
    });
    await queueEmails(prisma, { shop: US, actor: ACTOR, offerId: offer.id, selection: { memberIds: [members[0]!.id] }, kind: "NEW_CODE", template: DEFAULT_TEMPLATES.NEW_CODE });
    await worker();
    const [mail] = mailbox.messages();
    expect(mail).toMatchObject({ from: `"Acme Creators" <team@acme.example>`, replyTo: "help@acme.example", envelopeFrom: "team@acme.example" });
    expect(await saveEmailSettings(prisma, { shop: US, actor: ACTOR, fields: { smtpUrl: "http://x" } })).toEqual({
      ok: false,
      errors: { smtpUrl: "The URL must start with smtp:// or smtps://." },
    });
  });

  it("R18: a worker killed between handing a message over and the server's answer never causes it to be sent twice; the rest are sent after the restart", async () => {
    const five = [
      ...people,
      { first: "Dev", last: "Patel", email: "dev@creators.example", code: "DEV20" },
      { first: "Eli", last: "Cohen", email: "eli@creators.example", code: "ELI20" },
    ];
    const { offer, members } = await offerWithMembers(five);
    let arrived!: () => void;
    const second = new Promise<void>((r) => (arrived = r));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const holding = await startMailbox({
      beforeAnswer: async (mail) => {
        if (mail.id !== 2) return;
        arrived();
        await held; // the answer to the 2nd message never reaches the killed worker
      },
    });
    process.env.EMAIL_DEFAULT_SMTP_URL = holding.smtpUrl;
    try {
      await queueEmails(prisma, {
        shop: US,
        actor: ACTOR,
        offerId: offer.id,
        selection: { memberIds: members.map((m) => m.id) },
        kind: "NEW_CODE",
        template: DEFAULT_TEMPLATES.NEW_CODE,
      });
      const child = spawn(process.execPath, ["--import", "tsx", "app/jobs/worker-main.ts", "email"], {
        env: { ...process.env, EMAIL_LEASE_MS: "1500", EMAIL_CONNECTIONS: "1", EMAIL_RATE_PER_SHOP: "0", SYNC_IDLE_MS: "100" },
        stdio: ["ignore", "ignore", "pipe"],
      });
      child.stderr?.on("data", () => undefined);
      const exited = new Promise((r) => child.once("exit", r));
      await second;
      expect(await prisma.emailMessage.count({ where: { status: "SENDING" } })).toBe(1);
      child.kill("SIGKILL");
      await exited;
      release();
      // After the dead worker's lease (1.5 s) runs out, a new worker takes over.
      await new Promise((r) => setTimeout(r, 1700));
      await runEmailQueue({ db: prisma, workerId: "restarted", ratePerShop: 0, leaseMs: 1500 });
      const rows = await prisma.emailMessage.findMany();
      const received = holding.messages().map((m) => m.envelopeTo[0]);
      for (const row of rows) expect(received.filter((to) => to === row.toEmail)).toHaveLength(1);
      const unknown = rows.filter((r) => r.status === "UNKNOWN");
      expect(unknown).toHaveLength(1);
      expect(unknown[0]!.error).toMatch(/not sent again automatically/);
      expect(rows.filter((r) => r.status === "SENT")).toHaveLength(4);
      expect(rows.every((r) => r.attempts === 1)).toBe(true);
    } finally {
      release();
      closeEmailSenders();
      await holding.close();
    }
  });
});
