// The one way admin requests are authenticated: the library's authenticate.admin, with the
// refusals that are not bugs answered 4xx rather than 500 (R35, issue 12):
// - a session token whose `dest` is not https://{shop}.myshopify.com: 401 (the library reads the
//   shop from `dest` with new URL(), and would call whatever host it names for a token exchange);
// - the library's refusals of what a request asks (ShopifyError: an exit-iframe to a foreign
//   host, a malformed shop or host parameter, an unsafe redirect): 400.
// Shopify network failures (HttpRequestError, HttpResponseError, HttpMaxRetriesError) and anything
// else stay errors.
import { HttpMaxRetriesError, HttpRequestError, HttpResponseError, ShopifyError } from "@shopify/shopify-api";
import { authenticate } from "~/shopify.server";
import { SHOP_DOMAIN } from "~/domain/stores/shop-domain";

/** The unverified `dest` of the request's session token (Authorization: Bearer, or id_token), if any. */
function sessionTokenDest(request: Request): { token: boolean; dest?: unknown } {
  const bearer = /^Bearer (.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  const token = bearer ?? new URL(request.url).searchParams.get("id_token") ?? undefined;
  if (!token) return { token: false };
  const body = token.split(".")[1];
  try {
    return { token: true, dest: (JSON.parse(Buffer.from(body ?? "", "base64url").toString("utf8")) as { dest?: unknown }).dest };
  } catch {
    return { token: true }; // not a JWT: the library refuses it (401)
  }
}

function isShopDest(dest: unknown): boolean {
  if (typeof dest !== "string") return false;
  try {
    const url = new URL(dest);
    return url.protocol === "https:" && SHOP_DOMAIN.test(url.hostname) && (url.pathname === "/" || url.pathname === "") && !url.search && !url.username;
  } catch {
    return false;
  }
}

export async function authenticateAdmin(request: Request) {
  const { token, dest } = sessionTokenDest(request);
  if (token && dest !== undefined && !isShopDest(dest)) throw new Response("The session token does not name a shop.", { status: 401 });
  try {
    return await authenticate.admin(request);
  } catch (error) {
    if (error instanceof Response) throw error;
    if (error instanceof ShopifyError && !(error instanceof HttpRequestError) && !(error instanceof HttpResponseError) && !(error instanceof HttpMaxRetriesError)) {
      console.warn(`admin request refused (400): ${error.message}`);
      throw new Response("Bad request", { status: 400 });
    }
    throw error;
  }
}
