import prisma from "~/db.server";
import { env } from "~/env.server";
import { enqueueWebhook } from "~/services/webhooks.server";
import { kickWebhookWorker } from "~/jobs/runner.server";
import { verifyWebhook, type HeaderGetter } from "./verify.server";

/**
 * A webhook delivery, from whichever server received it (R32): verified (400/401 otherwise),
 * stored durably once per X-Shopify-Webhook-Id, answered 200 right after that commit. The work
 * itself is done by the webhook worker. Returns the status to answer with.
 */
export async function acceptRawWebhook(input: { method: string; header: HeaderGetter; rawBody: Buffer | string }): Promise<number> {
  if (input.method !== "POST") return 405;
  const verified = verifyWebhook(input.header, input.rawBody, env().SHOPIFY_API_SECRET);
  if (!verified.ok) return verified.status;
  await enqueueWebhook(prisma, verified.delivery);
  kickWebhookWorker();
  return 200;
}

/** The webhooks.* routes' action (the dev server, tests; server.mjs answers these paths itself). */
export async function receiveWebhook({ request }: { request: Request }): Promise<Response> {
  const status = await acceptRawWebhook({ method: request.method, header: (name) => request.headers.get(name), rawBody: await request.text() });
  return new Response(null, { status });
}
