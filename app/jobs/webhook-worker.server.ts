// The webhook worker (R32, docs/decisions/008): claims due deliveries from the inbox
// (app/webhooks/inbox.server.ts), checks each against its topic and hands it to its family's
// handler through the topic registry (app/webhooks/registry.server.ts), in arrival order; then
// settles them. A failure is retried with backoff and ends FAILED after MAX_ATTEMPTS. Handlers
// are idempotent, so a worker that dies mid-batch loses nothing and counts nothing twice.
// Started like the sync worker: in the app process (runner.server.ts) or as a process of its own
// (worker-main.ts).
import type { PrismaClient } from "@prisma/client";
import { recordAudit } from "~/services/audit.server";
import { DeliveryRefused, type Delivery, type HandlerContext } from "~/webhooks/family";
import { claimDeliveries, deliveriesAbout, type ClaimedDelivery, markDone, markFailedAttempt, markUnhandled, WEBHOOK_LEASE_MS } from "~/webhooks/inbox.server";
import { checkPayload, definitionOf, familyOf } from "~/webhooks/registry.server";
import { isWebhookTopic } from "~/webhooks/topics";

export interface WebhookWorkerOptions {
  workerId: string;
  batchSize?: number;
  leaseMs?: number;
  now?: () => Date;
  /**
   * Between deliveries, a turn of the event loop (the default): in the app process, requests
   * (webhook acknowledgements above all) are answered in between rather than after the batch.
   * A worker process of its own has nothing else to serve.
   */
  yieldBetween?: boolean;
}

type Item = { row: ClaimedDelivery; invalid: string } | { row: ClaimedDelivery; invalid?: undefined; delivery: Delivery; payload: unknown };

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** One pass: claims up to batchSize due deliveries and handles them. Returns how many were claimed. */
export async function processWebhookQueue(db: PrismaClient, opts: WebhookWorkerOptions): Promise<number> {
  const now = opts.now?.() ?? new Date();
  const { token, deliveries: claimed } = await claimDeliveries(db, { workerId: opts.workerId, limit: opts.batchSize ?? 100, leaseMs: opts.leaseMs ?? WEBHOOK_LEASE_MS, now });
  if (!claimed.length) return 0;
  const ctx: HandlerContext = { db, now, log: { about: (query) => deliveriesAbout(db, query) } };
  // Checked again (rows stored before payloads were checked on arrival, or by another version),
  // so that junk is marked INVALID rather than retried for hours (docs/decisions/050).
  const items = claimed.map((row): Item => {
    let raw: unknown = null;
    try {
      raw = JSON.parse(row.payload) as unknown;
    } catch {
      return { row, invalid: "payload is not JSON" };
    }
    if (!isWebhookTopic(row.topic)) return { row, invalid: `topic ${row.topic} is not one the app takes` };
    const checked = checkPayload(row.topic, row.shop, raw);
    if (!checked.ok) return { row, invalid: checked.message };
    return { row, delivery: { webhookId: row.webhookId, shop: row.shop, topic: row.topic, receivedAt: row.receivedAt, attempts: row.attempts }, payload: checked.payload };
  });
  // What each family's deliveries in the batch share (the orders' one lookup of their codes).
  const batches = new Map<unknown, unknown>();
  for (const item of items) {
    if (item.invalid !== undefined) continue;
    const family = familyOf.get(item.delivery.topic)!;
    if (batches.has(family)) continue;
    const members = items.flatMap((i) => (i.invalid === undefined && familyOf.get(i.delivery.topic) === family ? [{ delivery: i.delivery, payload: i.payload }] : []));
    batches.set(family, await family.begin(ctx, members));
  }
  const done: string[] = [];
  for (const item of items) {
    if (opts.yieldBetween !== false) await turn();
    const { row } = item;
    if (item.invalid !== undefined) {
      console.warn(`webhook ${row.webhookId} (${row.topic}, ${row.shop}) is INVALID: ${item.invalid}`);
      await markUnhandled(db, token, row.webhookId, "INVALID", item.invalid);
      continue;
    }
    const { delivery } = item;
    try {
      await definitionOf(delivery.topic).handle(ctx, delivery, item.payload, batches.get(familyOf.get(delivery.topic)));
      done.push(delivery.webhookId);
    } catch (error) {
      if (error instanceof DeliveryRefused) {
        // Reported: the log, and the audit log of the shop the delivery claims to be for.
        console.warn(`webhook ${row.webhookId} (${row.topic}, ${row.shop}) REFUSED: ${error.message}`);
        await markUnhandled(db, token, row.webhookId, "REFUSED", error.message);
        await recordAudit(db, {
          shop: row.shop,
          actor: "shopify",
          action: "webhook.refused",
          subject: `webhook:${row.webhookId}`,
          details: { topic: row.topic, reason: error.message },
        });
        continue;
      }
      const message = String(error instanceof Error ? error.message : error);
      if (await markFailedAttempt(db, token, row, message)) console.error(`webhook ${row.webhookId} (${row.topic}, ${row.shop}) failed for good: ${message.slice(0, 300)}`);
    }
  }
  // Should this throw, nothing is marked done: the leases run out and the batch is handled again
  // (every step is idempotent).
  for (const [family, batch] of batches) await (family as { end: (c: HandlerContext, b: unknown) => Promise<void> }).end(ctx, batch);
  await markDone(db, token, done);
  return claimed.length;
}

/** Drains every due delivery (tests, scripts). */
export async function drainWebhookQueue(db: PrismaClient, opts: WebhookWorkerOptions = { workerId: "drain" }): Promise<number> {
  let total = 0;
  for (let n; (n = await processWebhookQueue(db, opts)) > 0;) total += n;
  return total;
}
