// Remix refuses an action whose Origin names another host than Host / X-Forwarded-Host (its CSRF
// check, @remix-run/server-runtime throwIfPotentialCSRFAttack), but by throwing, which answers
// 500, and an Origin that is not a URL makes it throw a TypeError (500 as well). server.mjs runs
// the same check first and answers 403 (another site) or 400 (no such origin), so a refusal that
// is not a bug is never a 500 (R35, issue 12).

export type HeaderGetter = (name: string) => string | null | undefined;

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Issue 19: the admin UI extensions' API. Resource routes (Remix checks only document and
 * single-fetch actions), called from Shopify admin's extension sandbox, another origin by design,
 * answered with CORS and authenticated by a Bearer session token, never a cookie: a cross-site
 * request has no ambient credential to ride on (docs/decisions/120).
 */
export const EXTENSION_API_PREFIX = "/api/extensions/";

/** The status to refuse the request with, or null to let it through (to Remix). Same rule as Remix's. */
export function crossSiteRefusal(method: string, header: HeaderGetter, path = ""): 400 | 403 | null {
  if (!UNSAFE.has(method.toUpperCase())) return null;
  if (path.startsWith(EXTENSION_API_PREFIX)) return null;
  const origin = header("origin");
  if (!origin) return null;
  let originHost: string;
  if (origin === "null") originHost = "null";
  else {
    try {
      originHost = new URL(origin).host;
    } catch {
      return 400;
    }
  }
  const forwarded = header("x-forwarded-host")?.split(",")[0]?.trim();
  const host = forwarded || header("host");
  return host && originHost === host ? null : 403;
}
