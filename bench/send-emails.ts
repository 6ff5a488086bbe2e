// 1,000 members' emails rendered, stored and sent by the email worker to a real SMTP server (the
// local mailbox, in the emulator's own process as in the demo), on SQLite. Prints messages per
// second from the first claim to the last answer, the app process's RSS growth over the send,
// and checks that the server received each message exactly once.
//   npm run bench -- send-emails [messages=1000] [ratePerShop=0 (no pacing)]
import net from "node:net";
import { spawn } from "node:child_process";
import os from "node:os";
import { closeEmailSenders, DEFAULT_CONNECTIONS, runEmailQueue } from "../app/jobs/email/worker.server";
import { queueEmails } from "../app/services/emails.server";
import { createOffer } from "../app/services/offers.server";
import { newOfferValues, parseOfferForm } from "../app/domain/offers/offer-input";
import { DEFAULT_TEMPLATES } from "../app/domain/email/template";
import { freshDatabase, machine } from "./support";

const MESSAGES = Number(process.argv[2] ?? 1000);
const RATE = Number(process.argv[3] ?? 0);
const SHOP = "us-store.myshopify.com";
const MB = 1024 * 1024;

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });

const [emulatorPort, smtpPort] = [await freePort(), await freePort()];
const child = spawn(process.execPath, ["--import", "tsx", "emulator/main.ts"], {
  env: { ...process.env, EMULATOR_PORT: String(emulatorPort), MAILBOX_SMTP_PORT: String(smtpPort), SHOPIFY_API_SECRET: "bench-secret" },
  stdio: ["ignore", "ignore", "inherit"],
});
const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
const received = async () => ((await (await fetch(`${emulatorUrl}/mailbox/api/messages`)).json()) as { messages: { messageId: string }[] }).messages;
const { db, dispose } = freshDatabase();
try {
  for (let i = 0; ; i++) {
    try {
      await fetch(`${emulatorUrl}/mailbox/api/messages`);
      break;
    } catch {
      if (i > 200) throw new Error("mailbox did not start");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  process.env.EMAIL_DEFAULT_SMTP_URL = `smtp://127.0.0.1:${smtpPort}`;
  process.env.SHOPIFY_API_SECRET ??= "bench-secret";
  await db.shop.create({ data: { domain: SHOP, name: "Bench store", currencyCode: "USD" } });
  const parsed = parseOfferForm({
    ...newOfferValues(new Date("2026-11-01T00:00:00Z")),
    name: "Bench emails",
    groupName: "Bench emails",
    payoutFlatCents: "10",
    discountPercent: "20",
  });
  if (!parsed.ok) throw new Error("offer");
  const created = await createOffer(db, { shop: SHOP, actor: "bench", input: parsed.value });
  if (!created.ok) throw new Error("offer");
  const offerId = created.offer.id;
  await db.member.createMany({ data: Array.from({ length: MESSAGES }, (_, i) => ({ shop: SHOP, firstName: `Creator${i}`, lastName: `Bench`, email: `c${i}@bench.example` })) });
  const members = await db.member.findMany({ where: { shop: SHOP }, select: { id: true } });
  await db.offerMember.createMany({ data: members.map((m) => ({ offerId, memberId: m.id })) });
  const oms = await db.offerMember.findMany({ where: { offerId }, select: { id: true, memberId: true } });
  await db.promoCode.createMany({
    data: oms.map((om, i) => ({
      shop: SHOP,
      offerId,
      offerMemberId: om.id,
      memberId: om.memberId,
      code: `BENCH${i}`,
      codeKey: `BENCH${i}`,
      status: "ACTIVE",
      startsAt: new Date("2026-12-01T00:00:00Z"),
    })),
  });

  const queueStarted = performance.now();
  const queued = await queueEmails(db, { shop: SHOP, actor: "bench", offerId, selection: { all: true }, kind: "NEW_CODE", template: DEFAULT_TEMPLATES.NEW_CODE });
  if (!queued?.ok) throw new Error(`not queued: ${JSON.stringify(queued)}`);
  const queueSeconds = (performance.now() - queueStarted) / 1000;

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const finished = await runEmailQueue({ db, workerId: "bench", ratePerShop: RATE });
  const sendSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  const rssAfter = process.memoryUsage().rss;
  closeEmailSenders();

  const statuses = await db.emailMessage.groupBy({ by: ["status"], _count: { _all: true } });
  const got = await received();
  const distinct = new Set(got.map((m) => m.messageId)).size;
  const figures = {
    bench: "send-emails",
    messages: queued.queued,
    finished,
    statuses: Object.fromEntries(statuses.map((s) => [s.status, s._count._all])),
    receivedBySmtpServer: got.length,
    receivedDistinct: distinct,
    ratePerShop: RATE || "unlimited",
    connections: Number(process.env.EMAIL_CONNECTIONS ?? DEFAULT_CONNECTIONS),
    loadAverage: os.loadavg().map((l) => +l.toFixed(1)),
    queueSeconds: +queueSeconds.toFixed(2),
    sendSeconds: +sendSeconds.toFixed(2),
    messagesPerSecond: Math.round(queued.queued / sendSeconds),
    // CPU the app process spent per message (render was done at queue time): what a free core could sustain.
    appCpuMsPerMessage: +((cpu.user + cpu.system) / 1000 / queued.queued).toFixed(2),
    rssGrowthMB: +((rssAfter - rssBefore) / MB).toFixed(1),
    rssPeakGrowthMB: +((rssPeak - rssBefore) / MB).toFixed(1),
    machine: machine(),
  };
  console.log(JSON.stringify(figures));
} finally {
  await dispose();
  child.kill("SIGTERM");
}
