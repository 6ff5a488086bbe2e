// The creator portal's HTTP side (R31, docs/decisions/090): the headers every /portal response
// carries, the per-IP rate limit, and the loader's answer. The page is public (no Shopify session):
// the secret in the URL is the only credential, so responses are never framed, cached, indexed
// or sent on as a Referer, and every invalid secret gets the same 404 page.
import { data } from "@remix-run/node";
import prisma from "~/db.server";
import { env } from "~/env.server";
import { parsePortalRateLimit, TokenBucketLimiter, type RateLimitOptions } from "~/domain/portal/rate-limit";
import { loadPortalPage, type PortalPage } from "~/services/portal.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's IP as server.mjs sees it (Express's req.ip; TRUST_PROXY decides whether X-Forwarded-For counts). */
    clientIp?: string;
  }
}

/** No framing, no sniffing, no Referer (the URL holds the secret), no indexing, no caching; scripts and styles only from the app. */
export const PORTAL_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex, nofollow",
  "Cache-Control": "no-store",
};

export function isPortalPath(pathname: string): boolean {
  return pathname === "/portal" || pathname.startsWith("/portal/");
}

/** Replaces whatever the document headers say about framing etc. with the portal's. */
export function applyPortalHeaders(headers: Headers): void {
  headers.delete("Link"); // the App Bridge preload Shopify's helper adds for ?shop=
  for (const [name, value] of Object.entries(PORTAL_HEADERS)) headers.set(name, value);
}

let limiter: TokenBucketLimiter | null | undefined;
function portalLimiter(): TokenBucketLimiter | null {
  if (limiter === undefined) {
    const options = parsePortalRateLimit(env().PORTAL_RATE_LIMIT);
    limiter = options ? new TokenBucketLimiter(options) : null;
  }
  return limiter;
}

/** Forgets every client's bucket; with options, limits with them instead of PORTAL_RATE_LIMIT (tests). */
export function resetPortalRateLimit(options?: RateLimitOptions): void {
  limiter = options ? new TokenBucketLimiter(options) : undefined;
}

export type PortalLoaderData = { state: "ok"; page: PortalPage } | { state: "invalid" } | { state: "limited"; retryAfterSeconds: number };

/** The portal page's answer: 429 past the IP's limit, 404 with the invalid-link page, or the page. */
export async function portalLoader(secret: string | undefined, clientIp: string | undefined) {
  const verdict = portalLimiter()?.take(clientIp || "unknown", Date.now()) ?? { allowed: true as const };
  if (!verdict.allowed) {
    return data<PortalLoaderData>(
      { state: "limited", retryAfterSeconds: verdict.retryAfterSeconds },
      { status: 429, headers: { ...PORTAL_HEADERS, "Retry-After": String(verdict.retryAfterSeconds) } },
    );
  }
  const page = await loadPortalPage(prisma, secret);
  if (!page) return data<PortalLoaderData>({ state: "invalid" }, { status: 404, headers: PORTAL_HEADERS });
  return data<PortalLoaderData>({ state: "ok", page }, { headers: PORTAL_HEADERS });
}
