/**
 * The answer to a request whose stored token the shop refused, as @shopify/shopify-app-remix
 * gives it: a fetch gets 401 with X-Shopify-Retry-Invalid-Session-Request (App Bridge retries
 * with a fresh session token, which is exchanged anew); a document goes through the bounce page.
 */
export function invalidSessionResponse(request: Request): Response {
  if (request.headers.get("Authorization")?.startsWith("Bearer ")) {
    return new Response(undefined, { status: 401, statusText: "Unauthorized", headers: { "X-Shopify-Retry-Invalid-Session-Request": "1" } });
  }
  const url = new URL(request.url);
  url.searchParams.delete("id_token");
  const bounce = new URLSearchParams(url.searchParams);
  bounce.set("shopify-reload", url.toString());
  return new Response(undefined, { status: 302, headers: { Location: `/auth/session-token?${bounce.toString()}` } });
}
