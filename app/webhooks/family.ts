// What a topic family module provides the webhook worker (app/webhooks/registry.server.ts puts
// them together): per topic, the payload's shape, where it names its shop, what of it is stored
// and the handler; per family, optional work shared by a batch's deliveries (one lookup for all
// the batch's orders) and follow-ups after it.
import type { PrismaClient } from "@prisma/client";
import type { z } from "zod";
import type { WebhookTopic } from "./topics";

/** A claimed delivery, as a handler sees it. */
export interface Delivery {
  webhookId: string;
  shop: string;
  topic: WebhookTopic;
  receivedAt: Date;
  attempts: number;
}

/** A stored delivery found by its subject (an order's GraphQL id). */
export interface LoggedDelivery {
  shop: string;
  topic: string;
  subject: string;
  payload: unknown;
  receivedAt: Date;
}

/** What the queue lets a handler read of it: earlier deliveries about the same subjects. */
export interface DeliveryLog {
  about(query: { shops: string[]; subjects: string[]; topics: WebhookTopic[] }): Promise<LoggedDelivery[]>;
}

export interface HandlerContext {
  db: PrismaClient;
  /** The worker's clock for this batch. */
  now: Date;
  log: DeliveryLog;
}

/** Thrown by a handler that will not act on a valid delivery: it is marked REFUSED and reported, not retried. */
export class DeliveryRefused extends Error {}

export interface TopicDefinition<S extends z.ZodTypeAny, B> {
  /** What the handler reads must be there with the right type; Shopify's own examples fit. */
  schema: S;
  /** The shop the payload names, held to X-Shopify-Shop-Domain (docs/decisions/050); absent when it names none. */
  shopOf?: (payload: z.output<S>) => string;
  /** What is stored of the payload (R32: no more than the handler uses); the whole payload when absent. */
  trim?: (payload: z.output<S>) => unknown;
  /** The subject earlier deliveries are found by (DeliveryLog.about), stored beside the payload. */
  subjectOf?: (payload: z.output<S>) => string | null;
  handle: (ctx: HandlerContext, delivery: Delivery, payload: z.output<S>, batch: B) => Promise<void>;
}

export interface WebhookFamily<B, K extends WebhookTopic> {
  /** Before a batch's deliveries of the family are handled: what they share. */
  begin: (ctx: HandlerContext, items: { delivery: Delivery; payload: unknown }[]) => Promise<B>;
  /** After them: follow-ups once per batch. Should this throw, the batch is handled again (handlers are idempotent). */
  end: (ctx: HandlerContext, batch: B) => Promise<void>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each topic its own schema
  topics: Record<K, TopicDefinition<any, B>>;
}

/** One topic's definition, its payload type inferred from its schema. */
export const topic = <S extends z.ZodTypeAny, B = undefined>(definition: TopicDefinition<S, B>): TopicDefinition<S, B> => definition;

/** A family without shared batch work. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each topic its own schema
export function family<T extends Partial<Record<WebhookTopic, TopicDefinition<any, undefined>>>>(topics: T): WebhookFamily<undefined, keyof T & WebhookTopic> & { topics: T } {
  return { begin: async () => undefined, end: async () => undefined, topics } as WebhookFamily<undefined, keyof T & WebhookTopic> & { topics: T };
}
