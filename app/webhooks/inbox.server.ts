// The webhook inbox (R32, docs/decisions/008): deliveries stored once by X-Shopify-Webhook-Id,
// claimed under a lease, settled (DONE, retried with backoff, FAILED, INVALID, REFUSED). It knows
// nothing of topics: what is stored of a payload and the subject it is filed under come from the
// topic registry (registry.server.ts), and the worker (app/jobs/webhook-worker.server.ts) puts
// the two together.
//
// Ingest, inside the request: a delivery is stored once (a retry or a duplicate is recognised and
// dropped), batched with whatever else arrived in the same instant into one insert, and the
// request answers 200 as soon as that commit is done.
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@prisma/client";
import { inJsonList, insertRows, postgres, type ColumnType } from "~/services/bulk-rows.server";
import { chunk, IN_CHUNK } from "~/services/chunks.server";
import type { LoggedDelivery } from "./family";

/**
 * A stored delivery's status: PENDING (to be handled, or retried), DONE, FAILED (after the last
 * retry), INVALID (signed, but not a payload of its topic: never handled, never retried) and
 * REFUSED (a valid payload the app will not act on, e.g. shop/redact for an installed shop;
 * reported in the audit log).
 */
export type WebhookStatus = "PENDING" | "DONE" | "FAILED" | "INVALID" | "REFUSED";

export interface StoredDeliveryInput {
  webhookId: string;
  shop: string;
  topic: string; // as the library gives it: ORDERS_CREATE, APP_UNINSTALLED, … (any signed topic is stored)
  apiVersion: string;
  /** The payload as stored (JSON), already cut down to what its handler uses. */
  payload: string;
  /** What earlier deliveries are found by (an order's GraphQL id), or null. */
  subject: string | null;
  /** PENDING unless the delivery is already known to be INVALID (with `error` saying why). */
  status?: Extract<WebhookStatus, "PENDING" | "INVALID">;
  error?: string;
}

const DELIVERY_COLUMNS = {
  webhookId: "text",
  shop: "text",
  topic: "text",
  apiVersion: "text",
  payload: "text",
  orderId: "text",
  receivedAt: "timestamp",
  nextAttemptAt: "timestamp",
  status: "text",
  error: "text",
} satisfies Record<string, ColumnType>;

/**
 * Stores deliveries, each once. Returns, per input, true when it was new and false when that
 * webhook id was already stored (or appears earlier in the same batch). One INSERT … ON
 * CONFLICT DO NOTHING RETURNING for them all, its rows one JSON parameter
 * (app/services/bulk-rows.server.ts): on the acknowledgement path a raw statement costs a
 * tenth of Prisma's create (decision 008), and one parameter a fraction of a thousand.
 */
export async function storeDeliveries(db: PrismaClient, deliveries: StoredDeliveryInput[]): Promise<boolean[]> {
  const seen = new Set<string>();
  const firsts = deliveries.filter((d) => !seen.has(d.webhookId) && seen.add(d.webhookId));
  const now = new Date();
  const written = new Set(
    await insertRows(
      db,
      "WebhookDelivery",
      DELIVERY_COLUMNS,
      firsts.map((d) => [d.webhookId, d.shop, d.topic, d.apiVersion, d.payload, d.subject, now, now, d.status ?? "PENDING", d.error ?? null]),
      { conflict: ["webhookId"], returning: "webhookId" },
    ),
  );
  // An id twice in the input: only its first is new.
  return deliveries.map((d) => written.delete(d.webhookId));
}

interface Waiting {
  delivery: StoredDeliveryInput;
  resolve: (fresh: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: deliveries that arrive while a write is under way go into the next write, so a
 * burst costs one insert per batch rather than one per request, and every request still answers
 * only after its own delivery is committed.
 */
class GroupCommit {
  private waiting: Waiting[] = [];
  private writing = false;
  constructor(private readonly db: PrismaClient) {}

  add(delivery: StoredDeliveryInput): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ delivery, resolve, reject });
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => void this.write());
      }
    });
  }

  private async write() {
    while (this.waiting.length) {
      const batch = this.waiting.splice(0, 240);
      try {
        const fresh = await storeDeliveries(
          this.db,
          batch.map((w) => w.delivery),
        );
        batch.forEach((w, i) => w.resolve(fresh[i]!));
      } catch (error) {
        batch.forEach((w) => w.reject(error));
      }
    }
    this.writing = false;
  }
}

const commits = new WeakMap<PrismaClient, GroupCommit>();

/** Stores one delivery durably (batched with concurrent ones). False when already stored. */
export function enqueueWebhook(db: PrismaClient, delivery: StoredDeliveryInput): Promise<boolean> {
  let commit = commits.get(db);
  if (!commit) commits.set(db, (commit = new GroupCommit(db)));
  return commit.add(delivery);
}

// ---------------------------------------------------------------------------------------------
// Claims and settlement

export const MAX_ATTEMPTS = 10;
/** 1 s, 5 s, 30 s, 2 min, 10 min, 30 min, then hourly: about five hours in all. */
export function retryDelayMs(attempts: number): number {
  const steps = [1_000, 5_000, 30_000, 120_000, 600_000, 1_800_000];
  return steps[attempts - 1] ?? 3_600_000;
}

/**
 * A batch of deliveries takes well under a second: a short lease lets a restarted instance (or
 * another) pick up what a dead worker claimed within seconds (R34), and handling is idempotent.
 */
export const WEBHOOK_LEASE_MS = 10_000;

export interface ClaimedDelivery {
  webhookId: string;
  shop: string;
  topic: string;
  payload: string;
  receivedAt: Date;
  attempts: number;
}

export interface Claim {
  token: string;
  deliveries: ClaimedDelivery[];
}

/**
 * Claims up to `limit` due deliveries for this worker (a lease, so a worker that dies releases
 * them), in arrival order: one statement, with the few parameters it needs (on PostgreSQL rows
 * another worker is claiming are skipped, not waited for).
 */
export async function claimDeliveries(db: PrismaClient, opts: { workerId: string; limit: number; leaseMs: number; now: Date }): Promise<Claim> {
  const { now } = opts;
  const token = `${opts.workerId}:${randomUUID()}`;
  const rows = await db.$queryRaw<(Omit<ClaimedDelivery, "receivedAt"> & { receivedAt: Date | string; nextAttemptAt: Date | string })[]>`
    UPDATE "WebhookDelivery" SET "claimToken" = ${token}, "leaseUntil" = ${new Date(now.getTime() + opts.leaseMs)}
    WHERE "webhookId" IN (
      SELECT "webhookId" FROM "WebhookDelivery"
      WHERE "status" = ${"PENDING" satisfies WebhookStatus} AND "nextAttemptAt" <= ${now} AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now})
      ORDER BY "nextAttemptAt" LIMIT ${Math.min(opts.limit, IN_CHUNK)}
      ${Prisma.raw(postgres() ? "FOR UPDATE SKIP LOCKED" : "")}
    )
    RETURNING "webhookId", "shop", "topic", "payload", "receivedAt", "nextAttemptAt", "attempts"`;
  const time = (v: Date | string) => (v instanceof Date ? v : new Date(v)).getTime();
  rows.sort((a, b) => time(a.nextAttemptAt) - time(b.nextAttemptAt) || time(a.receivedAt) - time(b.receivedAt));
  return {
    token,
    deliveries: rows.map((r) => ({
      webhookId: r.webhookId,
      shop: r.shop,
      topic: r.topic,
      payload: r.payload,
      receivedAt: new Date(time(r.receivedAt)),
      attempts: Number(r.attempts),
    })),
  };
}

/** Handled: DONE, in one write for the batch. */
export async function markDone(db: PrismaClient, token: string, webhookIds: string[]): Promise<void> {
  if (!webhookIds.length) return;
  await db.$executeRaw`
    UPDATE "WebhookDelivery" SET "status" = ${"DONE" satisfies WebhookStatus}, "processedAt" = ${new Date()}, "error" = NULL, "attempts" = "attempts" + 1, "claimToken" = NULL, "leaseUntil" = NULL
    WHERE ${inJsonList("webhookId", webhookIds)} AND "claimToken" = ${token}`;
}

/** Not to be handled, ever: INVALID (not its topic's payload) or REFUSED (a valid payload the app will not act on). */
export async function markUnhandled(db: PrismaClient, token: string, webhookId: string, status: Extract<WebhookStatus, "INVALID" | "REFUSED">, error: string): Promise<void> {
  await db.webhookDelivery.updateMany({
    where: { webhookId, claimToken: token },
    data: { status, error, processedAt: new Date(), attempts: { increment: 1 }, claimToken: null, leaseUntil: null },
  });
}

/** A failed attempt: retried after retryDelayMs, FAILED after MAX_ATTEMPTS. Returns whether it failed for good. */
export async function markFailedAttempt(db: PrismaClient, token: string, delivery: ClaimedDelivery, message: string): Promise<boolean> {
  const attempts = delivery.attempts + 1;
  const failed = attempts >= MAX_ATTEMPTS;
  await db.webhookDelivery.updateMany({
    where: { webhookId: delivery.webhookId, claimToken: token },
    data: {
      attempts,
      error: message.slice(0, 2000),
      status: (failed ? "FAILED" : "PENDING") satisfies WebhookStatus,
      nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)),
      claimToken: null,
      leaseUntil: null,
    },
  });
  return failed;
}

/**
 * Stored deliveries of these topics about these subjects in these shops, oldest first (a
 * refund handled before its order's conversion existed). Payloads blanked by customers/redact
 * are left out.
 */
export async function deliveriesAbout(db: PrismaClient, query: { shops: string[]; subjects: string[]; topics: string[] }): Promise<LoggedDelivery[]> {
  const found: LoggedDelivery[] = [];
  for (const part of chunk([...new Set(query.subjects)])) {
    const rows = await db.webhookDelivery.findMany({
      where: { shop: { in: [...new Set(query.shops)] }, orderId: { in: part }, topic: { in: query.topics } },
      orderBy: { receivedAt: "asc" },
      select: { shop: true, topic: true, orderId: true, payload: true, receivedAt: true },
    });
    for (const r of rows) {
      const payload = JSON.parse(r.payload) as { redacted?: boolean } | null;
      if (payload?.redacted) continue;
      found.push({ shop: r.shop, topic: r.topic, subject: r.orderId!, payload, receivedAt: r.receivedAt });
    }
  }
  return found.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
}
