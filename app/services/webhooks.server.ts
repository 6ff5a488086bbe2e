// Webhook deliveries (R32), in two halves (docs/decisions/008):
// - ingest, inside the request: the delivery is stored once by X-Shopify-Webhook-Id (a retry or a
//   duplicate is recognised and dropped), batched with whatever else arrived in the same instant
//   into one insert, and the request answers 200 as soon as that commit is done;
// - processing, by a worker: deliveries are claimed in arrival order, handled, and marked DONE;
//   a failure is retried with backoff and ends FAILED after MAX_ATTEMPTS. Handlers are
//   idempotent, so a worker that dies mid-batch loses nothing and counts nothing twice.
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient, type WebhookDelivery } from "@prisma/client";
import { markUninstalled, updateGrantedScopes } from "./shops.server";
import { redactCustomer, redactShop, reportCustomerData } from "./privacy.server";
import { finishOrderBatch, orderIdOfDelivery, prepareOrderBatch, recordCancellation, recordOrder, recordOrderUpdate, recordRefund, slimOrderPayload, type OrderBatch } from "./conversions.server";
import { IN_CHUNK } from "./chunks.server";
import { recordAudit } from "./audit.server";
import { checkPayload, isWebhookTopic, topicPayloads, type WebhookTopic } from "~/webhooks/topics.server";
import { handleDiscountWebhook } from "~/webhooks/discounts.server";

/**
 * A stored delivery's status: PENDING (to be handled, or retried), DONE, FAILED (after the last
 * retry), INVALID (signed, but not a payload of its topic: never handled, never retried) and
 * REFUSED (a valid payload the app will not act on, e.g. shop/redact for an installed shop;
 * reported in the audit log).
 */
export type WebhookStatus = "PENDING" | "DONE" | "FAILED" | "INVALID" | "REFUSED";

export interface WebhookDeliveryInput {
  webhookId: string;
  shop: string;
  topic: string; // as the library gives it: ORDERS_CREATE, APP_UNINSTALLED, … (any signed topic is stored)
  apiVersion: string;
  payload: unknown;
  /** PENDING unless the delivery is already known to be INVALID (with `error` saying why). */
  status?: Extract<WebhookStatus, "PENDING" | "INVALID">;
  error?: string;
}

/** Thrown by a handler that will not act on a valid delivery: it is marked REFUSED and reported, not retried. */
export class DeliveryRefused extends Error {}

type Handler = (db: PrismaClient, delivery: WebhookDelivery, payload: unknown, batch: OrderBatch, now: Date) => Promise<void>;

// One handler per topic of the closed list: a topic added to WEBHOOK_TOPICS without a handler does not compile.
const handlers: Record<WebhookTopic, Handler> = {
  APP_UNINSTALLED: (db, d) => markUninstalled(db, d.shop, d.receivedAt),
  APP_SCOPES_UPDATE: (db, d, p) => updateGrantedScopes(db, d.shop, topicPayloads.APP_SCOPES_UPDATE.parse(p).current),
  CUSTOMERS_DATA_REQUEST: (db, d, p) => reportCustomerData(db, d.shop, p),
  CUSTOMERS_REDACT: (db, d, p) => redactCustomer(db, d.shop, p),
  SHOP_REDACT: async (db, d, _p, _batch, now) => {
    const result = await redactShop(db, d.shop, now);
    if (!result.honoured) throw new DeliveryRefused(result.reason);
  },
  ORDERS_CREATE: async (db, d, p, batch) => void (await recordOrder(db, d.shop, p, batch)),
  ORDERS_UPDATED: (db, d, p, batch) => recordOrderUpdate(db, d.shop, p, batch),
  ORDERS_CANCELLED: (db, d, p, batch) => recordCancellation(db, d.shop, p, batch),
  REFUNDS_CREATE: (db, d, p) => recordRefund(db, d.shop, p),
  // Drift (R37): the app's discounts changed in a store's admin (app/webhooks/discounts.server.ts).
  DISCOUNTS_CREATE: (db, d, p) => handleDiscountWebhook(db, "DISCOUNTS_CREATE", d, p),
  DISCOUNTS_UPDATE: (db, d, p) => handleDiscountWebhook(db, "DISCOUNTS_UPDATE", d, p),
  DISCOUNTS_DELETE: (db, d, p) => handleDiscountWebhook(db, "DISCOUNTS_DELETE", d, p),
  DISCOUNTS_REDEEMCODE_ADDED: (db, d, p) => handleDiscountWebhook(db, "DISCOUNTS_REDEEMCODE_ADDED", d, p),
  DISCOUNTS_REDEEMCODE_REMOVED: (db, d, p) => handleDiscountWebhook(db, "DISCOUNTS_REDEEMCODE_REMOVED", d, p),
};

/** Order payloads are cut down to what conversions use before they are stored: no addresses, emails or names. */
function storedPayload(topic: string, payload: unknown): string {
  return JSON.stringify(topic.startsWith("ORDERS_") ? slimOrderPayload(payload) : (payload ?? null));
}

// ---------------------------------------------------------------------------------------------
// Ingest

/** Rows per insert (10 parameters each). */
const INSERT_ROWS = 100;

/**
 * Stores deliveries, each once. Returns, per input, true when it was new and false when that
 * webhook id was already stored (or appears earlier in the same batch). One INSERT … ON
 * CONFLICT DO NOTHING RETURNING per 100 rows, in SQL both SQLite and PostgreSQL take: on the
 * acknowledgement path a raw statement costs a tenth of Prisma's create (decision 008).
 */
export async function storeDeliveries(db: PrismaClient, deliveries: WebhookDeliveryInput[]): Promise<boolean[]> {
  const fresh: boolean[] = new Array(deliveries.length).fill(false);
  const seen = new Set<string>();
  const firsts = deliveries.map((d, i) => ({ d, i })).filter(({ d }) => !seen.has(d.webhookId) && seen.add(d.webhookId));
  for (let start = 0; start < firsts.length; start += INSERT_ROWS) {
    const slice = firsts.slice(start, start + INSERT_ROWS);
    const now = new Date();
    const values = slice.map(
      ({ d }) =>
        Prisma.sql`(${d.webhookId}, ${d.shop}, ${d.topic}, ${d.apiVersion}, ${storedPayload(d.topic, d.payload)}, ${d.status === "INVALID" ? null : orderIdOfDelivery(d.topic, d.payload)}, ${now}, ${now}, ${d.status ?? "PENDING"}, ${d.error ?? null})`,
    );
    const inserted = await db.$queryRaw<{ webhookId: string }[]>`
      INSERT INTO "WebhookDelivery" ("webhookId", "shop", "topic", "apiVersion", "payload", "orderId", "receivedAt", "nextAttemptAt", "status", "error")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("webhookId") DO NOTHING
      RETURNING "webhookId"`;
    const ids = new Set(inserted.map((r) => r.webhookId));
    for (const { d, i } of slice) fresh[i] = ids.has(d.webhookId);
  }
  return fresh;
}

interface Waiting {
  delivery: WebhookDeliveryInput;
  resolve: (fresh: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: deliveries that arrive while a write is under way go into the next write, so a
 * burst costs one insert per batch rather than one per request, and every request still answers
 * only after its own delivery is committed.
 */
class Inbox {
  private waiting: Waiting[] = [];
  private writing = false;
  constructor(private readonly db: PrismaClient) {}

  add(delivery: WebhookDeliveryInput): Promise<boolean> {
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
        const fresh = await storeDeliveries(this.db, batch.map((w) => w.delivery));
        batch.forEach((w, i) => w.resolve(fresh[i]!));
      } catch (error) {
        batch.forEach((w) => w.reject(error));
      }
    }
    this.writing = false;
  }
}

const inboxes = new WeakMap<PrismaClient, Inbox>();

/** Stores one verified delivery durably (batched with concurrent ones). False when already stored. */
export function enqueueWebhook(db: PrismaClient, delivery: WebhookDeliveryInput): Promise<boolean> {
  let inbox = inboxes.get(db);
  if (!inbox) inboxes.set(db, (inbox = new Inbox(db)));
  return inbox.add(delivery);
}

// ---------------------------------------------------------------------------------------------
// Processing

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

export interface WebhookWorkerOptions {
  workerId: string;
  batchSize?: number;
  leaseMs?: number;
  now?: () => Date;
}

/**
 * One pass: claims up to batchSize due deliveries (a lease, so a worker that dies releases them)
 * and handles them in arrival order. Returns how many were claimed.
 */
export async function processWebhookQueue(db: PrismaClient, opts: WebhookWorkerOptions): Promise<number> {
  const now = opts.now?.() ?? new Date();
  const due = { status: "PENDING" satisfies WebhookStatus, nextAttemptAt: { lte: now }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] } satisfies Prisma.WebhookDeliveryWhereInput;
  const candidates = await db.webhookDelivery.findMany({ where: due, orderBy: { nextAttemptAt: "asc" }, take: Math.min(opts.batchSize ?? 100, IN_CHUNK), select: { webhookId: true } });
  if (!candidates.length) return 0;
  const token = `${opts.workerId}:${randomUUID()}`;
  // Conditional on still being claimable, by primary key: `status` as notIn, so SQLite does not
  // choose the status index and walk every pending row (a backlog of 100,000 made this 27 ms).
  await db.webhookDelivery.updateMany({
    where: { webhookId: { in: candidates.map((c) => c.webhookId) }, status: { notIn: ["DONE", "FAILED", "INVALID", "REFUSED"] satisfies WebhookStatus[] }, nextAttemptAt: due.nextAttemptAt, OR: due.OR },
    data: { claimToken: token, leaseUntil: new Date(now.getTime() + (opts.leaseMs ?? WEBHOOK_LEASE_MS)) },
  });
  // By primary key (the candidates) and token: what this worker won of them.
  const claimed = await db.webhookDelivery.findMany({ where: { webhookId: { in: candidates.map((c) => c.webhookId) }, claimToken: token }, orderBy: [{ nextAttemptAt: "asc" }, { receivedAt: "asc" }] });
  const payloads = claimed.map((d) => {
    try {
      return JSON.parse(d.payload) as unknown;
    } catch {
      return null;
    }
  });
  // Rows stored before payloads were checked on arrival, or by another version: checked again,
  // so that junk is marked INVALID rather than retried for hours (docs/decisions/050).
  const invalid = claimed.map((d, i) => {
    if (!isWebhookTopic(d.topic)) return `topic ${d.topic} is not one the app takes`;
    const checked = checkPayload(d.topic, d.shop, payloads[i]);
    return checked.ok ? null : checked.message;
  });
  // The batch's orders share one lookup of their codes; follow-ups run once after the loop.
  const batch = await prepareOrderBatch(db, claimed.flatMap((d, i) => (d.topic.startsWith("ORDERS_") && !invalid[i] ? [{ store: d.shop, payload: payloads[i] }] : [])));
  const done: string[] = [];
  const settle = (delivery: WebhookDelivery, status: Extract<WebhookStatus, "INVALID" | "REFUSED">, error: string) =>
    db.webhookDelivery.updateMany({
      where: { webhookId: delivery.webhookId, claimToken: token },
      data: { status, error, processedAt: new Date(), attempts: { increment: 1 }, claimToken: null, leaseUntil: null },
    });
  for (const [i, delivery] of claimed.entries()) {
    // A turn of the event loop between deliveries: in the app process, requests (webhook
    // acknowledgements above all) are answered in between rather than after the whole batch.
    await new Promise((resolve) => setImmediate(resolve));
    const reason = invalid[i];
    if (reason || !isWebhookTopic(delivery.topic)) {
      console.warn(`webhook ${delivery.webhookId} (${delivery.topic}, ${delivery.shop}) is INVALID: ${reason}`);
      await settle(delivery, "INVALID", reason ?? "unknown topic");
      continue;
    }
    try {
      await handlers[delivery.topic](db, delivery, payloads[i], batch, now);
      done.push(delivery.webhookId);
    } catch (error) {
      if (error instanceof DeliveryRefused) {
        // Reported: the log, and the audit log of the shop the delivery claims to be for.
        console.warn(`webhook ${delivery.webhookId} (${delivery.topic}, ${delivery.shop}) REFUSED: ${error.message}`);
        await settle(delivery, "REFUSED", error.message);
        await recordAudit(db, { shop: delivery.shop, actor: "shopify", action: "webhook.refused", subject: `webhook:${delivery.webhookId}`, details: { topic: delivery.topic, reason: error.message } });
        continue;
      }
      const attempts = delivery.attempts + 1;
      const failed = attempts >= MAX_ATTEMPTS;
      const message = String(error instanceof Error ? error.message : error).slice(0, 2000);
      if (failed) console.error(`webhook ${delivery.webhookId} (${delivery.topic}, ${delivery.shop}) failed for good: ${message.slice(0, 300)}`);
      await db.webhookDelivery.updateMany({
        where: { webhookId: delivery.webhookId, claimToken: token },
        data: {
          attempts,
          error: message,
          status: (failed ? "FAILED" : "PENDING") satisfies WebhookStatus,
          nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)),
          claimToken: null,
          leaseUntil: null,
        },
      });
    }
  }
  // Should this throw, nothing is marked done: the leases run out and the batch is handled again
  // (every step is idempotent).
  await finishOrderBatch(db, batch);
  if (done.length) {
    await db.webhookDelivery.updateMany({
      where: { webhookId: { in: done }, claimToken: token },
      data: { status: "DONE" satisfies WebhookStatus, processedAt: new Date(), error: null, attempts: { increment: 1 }, claimToken: null, leaseUntil: null },
    });
  }
  return claimed.length;
}

/** Drains every due delivery (tests, scripts). */
export async function drainWebhookQueue(db: PrismaClient, opts: WebhookWorkerOptions = { workerId: "drain" }): Promise<number> {
  let total = 0;
  for (let n; (n = await processWebhookQueue(db, opts)) > 0; ) total += n;
  return total;
}
