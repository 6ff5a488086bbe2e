import { authenticate } from "~/shopify.server";
import prisma from "~/db.server";
import { acceptWebhook } from "~/services/webhooks.server";

/**
 * The one webhook action: the library verifies the HMAC (401 otherwise) and headers, then the
 * delivery is stored once and handled. Every webhooks.* route is this function.
 */
export async function receiveWebhook({ request }: { request: Request }): Promise<Response> {
  const { shop, topic, webhookId, payload, apiVersion } = await authenticate.webhook(request);
  await acceptWebhook(prisma, { shop, topic: String(topic), webhookId, payload, apiVersion });
  return new Response(null, { status: 200 });
}
