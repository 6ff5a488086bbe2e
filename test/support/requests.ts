import { createHmac, randomUUID } from "node:crypto";

/**
 * A webhook request as Shopify sends it, signed with `secret` (the app's, unless testing forgery).
 * `body` sends those exact bytes (signed) instead of JSON.stringify(payload); `headers` overrides
 * or (with null) removes headers.
 */
export function webhookRequest(
  topic: string,
  shop: string,
  payload: unknown,
  opts: { secret?: string; webhookId?: string; tamper?: boolean; triggeredAt?: Date; body?: string; raw?: boolean; headers?: Record<string, string | null> } = {},
) {
  // raw: the payload is the body's text as is (ids above 2^53 written as bare numbers, as Shopify does).
  const body = opts.body ?? (opts.raw ? String(payload) : JSON.stringify(payload));
  const hmac = createHmac("sha256", opts.secret ?? process.env.SHOPIFY_API_SECRET!)
    .update(body)
    .digest("base64");
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Hmac-Sha256": hmac,
    "X-Shopify-Shop-Domain": shop,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": opts.webhookId ?? randomUUID(),
    "X-Shopify-Triggered-At": (opts.triggeredAt ?? new Date()).toISOString(),
  };
  for (const [name, value] of Object.entries(opts.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  return new Request(`${process.env.SHOPIFY_APP_URL}/webhooks/${topic}`, {
    method: "POST",
    headers,
    body: opts.tamper ? body.replace(/}$/, ',"tampered":true}') : body,
  });
}

/** Runs a Remix loader/action; a thrown Response (the library's 401, redirects) is returned. */
export async function run(
  fn: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown,
  request: Request,
): Promise<Response | unknown> {
  try {
    return await fn({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
