// Webhook delivery as Shopify does it (FACTS §3): JSON body signed with base64 HMAC-SHA256 of the
// raw body keyed by the app secret, X-Shopify-* headers, 5 s timeout, retries with backoff on
// failure (Shopify: 8 times over 4 hours; here a configurable, shorter schedule), and optional
// duplicate deliveries (Shopify warns they happen).
import { createHmac, randomUUID } from "node:crypto";
import type { AppConfig } from "./app-config";
import { stringifyPayload } from "./payloads";

export interface DeliveryRecord {
  webhookId: string;
  eventId: string;
  topic: string;
  shop: string;
  url: string;
  attempts: number;
  lastStatus: number | null;
  delivered: boolean;
  duplicate: boolean;
  triggeredAt: string;
}

export interface WebhookOptions {
  retryDelaysMs: number[];
  timeoutMs: number;
  /** Probability (0–1) that a delivery is sent twice. */
  duplicateRate: number;
}

export const defaultWebhookOptions = (): WebhookOptions => ({ retryDelaysMs: [1000, 5000, 30000, 60000, 120000, 300000, 600000, 1200000], timeoutMs: 5000, duplicateRate: 0 });

export function signBody(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export class WebhookDispatcher {
  readonly log: DeliveryRecord[] = [];
  options = defaultWebhookOptions();
  private pending = new Set<Promise<void>>();
  private timers = new Set<NodeJS.Timeout>();

  constructor(private readonly app: () => AppConfig) {}

  /** Sends `topic` for `shop` to every subscription of the app; resolves when first attempts end. */
  trigger(shop: string, topic: string, payload: unknown): DeliveryRecord[] {
    const app = this.app();
    const records: DeliveryRecord[] = [];
    const eventId = randomUUID();
    for (const sub of app.subscriptions.filter((s) => s.topic === topic)) {
      const copies = Math.random() < this.options.duplicateRate ? 2 : 1;
      const webhookId = randomUUID();
      for (let i = 0; i < copies; i++) {
        const record: DeliveryRecord = {
          webhookId,
          eventId,
          topic,
          shop,
          url: new URL(sub.uri, app.appUrl).toString(),
          attempts: 0,
          lastStatus: null,
          delivered: false,
          duplicate: i > 0,
          triggeredAt: new Date().toISOString(),
        };
        this.log.push(record);
        records.push(record);
        this.track(this.attempt(record, stringifyPayload(payload)));
      }
    }
    return records;
  }

  private track(p: Promise<void>) {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private async attempt(record: DeliveryRecord, body: string): Promise<void> {
    const app = this.app();
    record.attempts++;
    try {
      const response = await fetch(record.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Topic": record.topic,
          "X-Shopify-Hmac-Sha256": signBody(body, app.apiSecret),
          "X-Shopify-Shop-Domain": record.shop,
          "X-Shopify-API-Version": app.webhookApiVersion,
          "X-Shopify-Webhook-Id": record.webhookId,
          "X-Shopify-Event-Id": record.eventId,
          "X-Shopify-Triggered-At": record.triggeredAt,
        },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      record.lastStatus = response.status;
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) {
        record.delivered = true;
        return;
      }
    } catch {
      record.lastStatus = null;
    }
    const delay = this.options.retryDelaysMs[record.attempts - 1];
    if (delay === undefined) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.track(this.attempt(record, body));
    }, delay);
    timer.unref?.();
    this.timers.add(timer);
  }

  /** Resolves once no delivery attempt is in flight (scheduled retries excepted). */
  async settle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  stop() {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
