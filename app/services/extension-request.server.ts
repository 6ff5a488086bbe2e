// Requests from the app's admin UI extensions (issue 19). Shopify admin adds
// `Authorization: Bearer <session token>` to an extension's fetch() to the app's URL; the request
// comes from another origin (the extension's sandbox), so it is answered with CORS headers — the
// library's `cors` helper (authenticate.admin) — and a preflight (OPTIONS) with 204, which
// authenticate.admin answers itself. Only Bearer requests are taken: an extension route has no
// document to bounce to, so a request without a token is refused with 401, with CORS headers so
// that the extension can read the refusal.
import prisma from "~/db.server";
import { authenticateAdmin } from "~/shopify/authenticate-admin.server";

const CORS = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "Authorization, Content-Type" };

/** Adds CORS headers to a refusal thrown before the library's own (which already has them). */
function withCors(response: Response): Response {
  if (!response.headers.has("Access-Control-Allow-Origin")) for (const [k, v] of Object.entries(CORS)) response.headers.set(k, v);
  return response;
}

export async function requireExtensionAdmin(request: Request) {
  if (request.method !== "OPTIONS" && !/^Bearer \S+$/i.test(request.headers.get("authorization") ?? "")) {
    throw withCors(new Response("A session token is required (Authorization: Bearer).", { status: 401 }));
  }
  try {
    const { session, sessionToken, cors } = await authenticateAdmin(request);
    return { shop: session.shop, actor: sessionToken?.sub ? `user:${sessionToken.sub}` : "app", db: prisma, cors };
  } catch (thrown) {
    if (thrown instanceof Response) throw withCors(thrown);
    throw thrown;
  }
}

/** A JSON answer with the library's CORS headers. */
export function corsJson(cors: (r: Response) => Response, body: unknown, status = 200): Response {
  return cors(new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } }));
}
