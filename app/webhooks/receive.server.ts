import { authenticate } from "~/shopify.server";
import prisma from "~/db.server";
import { enqueueWebhook } from "~/services/webhooks.server";
import { kickWebhookWorker } from "~/jobs/runner.server";

/**
 * The one webhook action (R32): the library verifies the HMAC (401 otherwise) and headers, the
 * delivery is stored durably (once per X-Shopify-Webhook-Id), and the answer is 200 right after
 * that commit. The work itself is done by the webhook worker. Every webhooks.* route is this.
 */
export async function receiveWebhook({ request }: { request: Request }): Promise<Response> {
  const { shop, topic, webhookId, payload, apiVersion } = await authenticate.webhook(request);
  await enqueueWebhook(prisma, { shop, topic: String(topic), webhookId, payload, apiVersion });
  kickWebhookWorker();
  return new Response(null, { status: 200 });
}
