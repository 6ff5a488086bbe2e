import prisma from "~/db.server";
import { env } from "~/env.server";
import { kickWebhookWorker } from "~/jobs/runner.server";
import { enqueueWebhook } from "./inbox.server";
import { storedForm } from "./registry.server";
import type { WebhookTopic } from "./topics";
import { verifyWebhook, type HeaderGetter } from "./verify.server";

/** R32: the largest webhook body taken and the oldest delivery (by X-Shopify-Triggered-At), from the environment. */
export function webhookLimits() {
  const { WEBHOOK_MAX_BODY_BYTES, WEBHOOK_MAX_AGE_HOURS } = env();
  return { maxBodyBytes: WEBHOOK_MAX_BODY_BYTES, maxAgeMs: WEBHOOK_MAX_AGE_HOURS * 3_600_000 };
}

/**
 * A webhook delivery, from whichever server received it (R32): verified (401/400 otherwise),
 * stored durably once per X-Shopify-Webhook-Id, answered 200 right after that commit. The work
 * itself is done by the webhook worker. A signed delivery the app cannot act on is stored as
 * INVALID and acknowledged (docs/decisions/050). Returns the status to answer with. The body
 * arrives already bounded by webhookLimits().maxBodyBytes (413 before this is reached).
 */
export async function acceptRawWebhook(input: { method: string; header: HeaderGetter; rawBody: Buffer | string }): Promise<number> {
  if (input.method !== "POST") return 405;
  const verified = verifyWebhook(input.header, input.rawBody, env().SHOPIFY_API_SECRET, { maxAgeMs: webhookLimits().maxAgeMs });
  if (!verified.ok) {
    // A forged or replayed delivery: worth a line for whoever watches the logs, never the body.
    if (verified.status === 400)
      console.warn(
        `webhook refused (400): ${verified.reason} [topic ${String(input.header("x-shopify-topic")).slice(0, 60)}, shop ${String(input.header("x-shopify-shop-domain")).slice(0, 100)}]`,
      );
    return verified.status;
  }
  const { invalid, payload, ...delivery } = verified.delivery;
  if (invalid) console.warn(`webhook ${delivery.webhookId} (${delivery.topic}, ${delivery.shop}) stored as INVALID: ${invalid}`);
  await enqueueWebhook(
    prisma,
    invalid
      ? { ...delivery, payload: JSON.stringify(payload ?? null), subject: null, status: "INVALID", error: invalid }
      : { ...delivery, ...storedForm(delivery.topic as WebhookTopic, payload) },
  );
  if (!invalid) kickWebhookWorker();
  return 200;
}

export class BodyTooLarge extends Error {}

/**
 * Reads a request body up to `limit` bytes: refused as soon as Content-Length or the bytes read
 * so far pass it, so an endless body is never buffered (R32).
 */
export async function readBodyWithin(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge();
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

/** The webhooks.* routes' action (the dev server, tests; server.mjs answers these paths itself). */
export async function receiveWebhook({ request }: { request: Request }): Promise<Response> {
  let rawBody: Buffer;
  try {
    rawBody = await readBodyWithin(request, webhookLimits().maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLarge) return new Response(null, { status: 413 });
    throw error;
  }
  const status = await acceptRawWebhook({ method: request.method, header: (name) => request.headers.get(name), rawBody });
  return new Response(null, { status });
}
