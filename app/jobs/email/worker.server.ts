// The email worker (R18): sends stored messages, durable like the sync worker (docs/decisions/007,
// 010). A pass claims due QUEUED messages under a claim token and a short lease renewed while it
// works, and sends each shop's messages over a few SMTP connections, paced per shop. At most once
// per message: a message is marked SENDING (fenced by the claim) right before it is handed to the
// SMTP server; a message still SENDING after its lease ran out belonged to a worker that died
// between hand-over and answer, and becomes UNKNOWN, never sent again automatically.
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@prisma/client";
import { UNKNOWN_REASON, verdictOf } from "~/domain/email/delivery";
import { pacer, type Pacer } from "~/domain/email/pacing";
import { groupBy } from "~/services/chunks.server";
import { emailTransportFor, type EmailTransport } from "~/services/email-settings.server";
import { SmtpSender, type SendResult } from "./smtp.server";
import { env } from "~/env.server";

export const EMAIL_LEASE_MS = 10_000;

export interface EmailWorkerDeps {
  db: PrismaClient;
  workerId?: string;
  leaseMs?: number;
  batchSize?: number;
  /** Messages per second per shop (R18: rate-limited per shop); 0 = no limit. */
  ratePerShop?: number;
  /** Open SMTP connections per shop. */
  connections?: number;
}

export const defaultRatePerShop = () => env().EMAIL_RATE_PER_SHOP;

// Per process: one sender per SMTP URL (its open connections) and one pacer per shop.
const senders = new Map<string, SmtpSender>();
const pacers = new Map<string, { rate: number; pacer: Pacer }>();

function senderFor(url: string, connections: number): SmtpSender {
  let sender = senders.get(url);
  if (!sender) senders.set(url, (sender = new SmtpSender(url, connections)));
  return sender;
}

function pacerFor(shop: string, rate: number): Pacer {
  let entry = pacers.get(shop);
  if (!entry || entry.rate !== rate) pacers.set(shop, (entry = { rate, pacer: pacer(rate) }));
  return entry.pacer;
}

/** Closes the open SMTP connections (tests, benches, a stopping worker process). */
export function closeEmailSenders(): void {
  for (const sender of senders.values()) sender.close();
  senders.clear();
}

const claimable = (now: Date) => ({ status: "QUEUED", nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] });

/** SENDING past its lease: its worker died between hand-over and answer (or never got to hand it over: we cannot tell). */
export async function markAbandoned(db: PrismaClient, now = new Date()): Promise<number> {
  const { count } = await db.emailMessage.updateMany({
    where: { status: "SENDING", leaseUntil: { lte: now } },
    data: { status: "UNKNOWN", error: UNKNOWN_REASON, leaseUntil: null },
  });
  return count;
}

/** Sends due messages until none is left. Returns how many were finished (either way). */
export async function runEmailQueue(deps: EmailWorkerDeps): Promise<number> {
  const { db } = deps;
  const leaseMs = deps.leaseMs ?? EMAIL_LEASE_MS;
  let finished = 0;
  for (;;) {
    await markAbandoned(db);
    const now = new Date();
    const candidates = await db.emailMessage.findMany({ where: claimable(now), orderBy: { createdAt: "asc" }, take: deps.batchSize ?? 200, select: { id: true } });
    if (candidates.length === 0) return finished;
    const token = `${deps.workerId ?? "email"}:${randomUUID()}`;
    await db.emailMessage.updateMany({
      where: { id: { in: candidates.map((c) => c.id) }, ...claimable(now) },
      data: { leaseOwner: token, leaseUntil: new Date(Date.now() + leaseMs) },
    });
    const claimed = await db.emailMessage.findMany({ where: { leaseOwner: token, status: "QUEUED" }, orderBy: { createdAt: "asc" } });
    if (claimed.length === 0) continue;
    // Renew while alive: a third of the lease. A message SENDING keeps its lease only while this
    // worker lives; once it dies, the lease runs out and the message becomes UNKNOWN.
    const renew = setInterval(
      () =>
        void db.emailMessage
          .updateMany({ where: { leaseOwner: token, status: { in: ["QUEUED", "SENDING"] } }, data: { leaseUntil: new Date(Date.now() + leaseMs) } })
          .catch((e) => console.error("email worker: lease renewal failed", e)),
      Math.max(250, Math.floor(leaseMs / 3)),
    );
    renew.unref();
    try {
      await Promise.all([...groupBy(claimed, (m) => m.shop)].map(([shop, messages]) => sendShop(deps, token, shop, messages)));
    } finally {
      clearInterval(renew);
    }
    finished += claimed.length;
  }
}

type Message = Awaited<ReturnType<PrismaClient["emailMessage"]["findMany"]>>[number];

/**
 * Group commit: writes asked for while one is being committed go into the next one together
 * (one transaction, one fsync on SQLite). Each caller resumes once its own write is committed.
 */
function groupCommit<T, R>(flush: (items: T[]) => Promise<R[]>, lingerMs = 0): (item: T) => Promise<R> {
  let pending: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let flushing = false;
  const run = async () => {
    flushing = true;
    if (lingerMs) await new Promise((r) => setTimeout(r, lingerMs));
    while (pending.length) {
      const batch = pending;
      pending = [];
      try {
        const results = await flush(batch.map((p) => p.item));
        batch.forEach((p, i) => p.resolve(results[i]!));
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    flushing = false;
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (!flushing) void run();
    });
}

async function sendShop(deps: EmailWorkerDeps, token: string, shop: string, messages: Message[]) {
  const { db } = deps;
  let transport: EmailTransport | null;
  try {
    transport = await emailTransportFor(db, shop);
  } catch (error) {
    transport = null;
    console.error("email worker: settings unreadable", error);
  }
  if (!transport) {
    await db.emailMessage.updateMany({
      where: { id: { in: messages.map((m) => m.id) }, leaseOwner: token, status: "QUEUED" },
      data: { status: "FAILED", error: "Email is not set up for this store (Settings › Email): nothing was sent.", leaseOwner: `${token}:done`, leaseUntil: null },
    });
    return;
  }
  const connections = Math.max(1, deps.connections ?? env().EMAIL_CONNECTIONS);
  const sender = senderFor(transport.smtpUrl, connections);
  const pace = pacerFor(shop, deps.ratePerShop ?? defaultRatePerShop());
  // Fenced: only the claim's holder moves a QUEUED message to SENDING, once, just before handing
  // it over: the next few (one per open connection) are marked together, so a crash leaves at
  // most that many UNKNOWN that had not been handed over yet.
  const queue = [...messages];
  let ready: Message[] = [];
  let marking: Promise<void> | null = null;
  const markNext = async () => {
    const next = queue.splice(0, connections);
    if (!next.length) return;
    const ids = next.map((m) => m.id);
    const { count } = await db.emailMessage.updateMany({
      where: { id: { in: ids }, leaseOwner: token, status: "QUEUED" },
      data: { status: "SENDING", attempts: { increment: 1 } },
    });
    const marked =
      count === ids.length
        ? null
        : new Set((await db.emailMessage.findMany({ where: { id: { in: ids }, leaseOwner: token, status: "SENDING" }, select: { id: true } })).map((m) => m.id));
    ready.push(...next.filter((m) => !marked || marked.has(m.id)));
  };
  const take = async (): Promise<Message | undefined> => {
    for (;;) {
      const m = ready.shift();
      if (m) return m;
      if (!queue.length && !marking) return undefined;
      marking ??= markNext().finally(() => (marking = null));
      await marking;
    }
  };
  // Answers are written together, at most ~10 ms after they came (a crash in between leaves
  // those messages UNKNOWN, never sent twice).
  const record = groupCommit(async (outcomes: Outcome[]) => {
    await recordOutcomes(db, token, outcomes);
    return outcomes.map(() => undefined);
  }, 10);
  try {
    await Promise.all(
      Array.from({ length: Math.min(connections, queue.length) }, async () => {
        for (let m = await take(); m; m = await take()) {
          const wait = pace.book(Date.now());
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          await record(await sendOne(token, transport, sender, m));
        }
      }),
    );
  } finally {
    ready = [];
  }
}

export const DEFAULT_CONNECTIONS = 8;

interface Outcome {
  id: string;
  data: Prisma.EmailMessageUpdateManyMutationInput;
  /** Accepted by the server: its reply and the message's Message-ID. */
  sent?: { response: string; messageId: string };
}

/**
 * Writes a batch of answers in one transaction, fenced by the claim. The many SENT answers are
 * two statements whatever their number (the status for all, then each one's server reply in one
 * CASE); other outcomes are written one by one.
 */
async function recordOutcomes(db: PrismaClient, token: string, outcomes: Outcome[]) {
  const fence = { leaseOwner: token, status: { in: ["SENDING", "UNKNOWN"] } };
  const sent = outcomes.filter((o): o is Outcome & { sent: NonNullable<Outcome["sent"]> } => Boolean(o.sent));
  const done = `${token}:done`;
  const writes: Prisma.PrismaPromise<unknown>[] = outcomes.filter((o) => !o.sent).map((o) => db.emailMessage.updateMany({ where: { id: o.id, ...fence }, data: o.data }));
  if (sent.length) {
    const ids = sent.map((o) => o.id);
    writes.push(
      db.emailMessage.updateMany({ where: { id: { in: ids }, ...fence }, data: { status: "SENT", sentAt: new Date(), error: null, leaseOwner: done, leaseUntil: null } }),
    );
    writes.push(
      db.$executeRaw`UPDATE "EmailMessage" SET "smtpResponse" = CASE "id" ${Prisma.join(
        sent.map((o) => Prisma.sql`WHEN ${o.id} THEN ${o.sent.response}`),
        " ",
      )} END, "smtpMessageId" = CASE "id" ${Prisma.join(
        sent.map((o) => Prisma.sql`WHEN ${o.id} THEN ${o.sent.messageId}`),
        " ",
      )} END WHERE "id" IN (${Prisma.join(ids)}) AND "leaseOwner" = ${done}`,
    );
  }
  await db.$transaction(writes);
}

/** Hands one message (already SENDING) to the SMTP server; what to record of the answer. */
async function sendOne(token: string, transport: EmailTransport, sender: SmtpSender, m: Message): Promise<Outcome> {
  let result: SendResult;
  try {
    result = await sender.send({
      id: m.id,
      from: transport.from,
      replyTo: transport.replyTo,
      to: { name: m.toName, address: m.toEmail },
      subject: m.subject,
      text: m.textBody,
      html: m.htmlBody,
    });
  } catch (error) {
    result = { ok: false, failure: { message: (error as Error).message }, handedOver: true };
  }
  // Written while this claim holds the message (SENDING, or UNKNOWN if a sweep judged it
  // abandoned meanwhile: the real answer then replaces the guess).
  if (result.ok) return { id: m.id, data: {}, sent: { response: result.response.slice(0, 500), messageId: result.messageId } };
  const verdict = verdictOf(result.failure, m.attempts + 1, result.handedOver);
  if (verdict.status === "RETRY")
    return { id: m.id, data: { status: "QUEUED", error: verdict.error, nextAttemptAt: new Date(Date.now() + verdict.delayMs), leaseOwner: null, leaseUntil: null } };
  return {
    id: m.id,
    data: { status: verdict.status, error: verdict.error, smtpResponse: result.failure.response?.slice(0, 500) ?? null, leaseOwner: `${token}:done`, leaseUntil: null },
  };
}
