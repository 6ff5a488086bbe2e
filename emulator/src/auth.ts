// Session tokens (App Bridge ID tokens) and token exchange, as Shopify issues them (FACTS §4):
// HS256 JWTs signed with the app secret, claims iss/dest/aud/sub/exp/nbf/iat/jti/sid, a one-
// minute lifetime; token exchange at /admin/oauth/access_token answering 400
// invalid_subject_token for a bad token.
//
// Expiring offline tokens (shopify.dev "About offline access tokens", changelog 2025-12-10
// "Offline access tokens now support expiry and refresh"; FACTS §4.3):
// - token exchange with `expiring: "1"` answers {access_token, scope, expires_in: 3600,
//   refresh_token, refresh_token_expires_in} (the refresh token lives 90 days);
// - `grant_type: "refresh_token"` at the same endpoint answers a new pair; the used refresh token
//   and the previous access token stop working ("only one expiring offline token can be active
//   per app/shop combination: acquiring a new expiring token will revoke all previous expiring
//   tokens for that shop"); a used, revoked or expired refresh token gets 400 invalid_grant;
// - an expired access token gets 401 from the Admin API, like any unknown token.
// The non-expiring token of an install (no `expiring`) keeps working, as Shopify's do for now.
// Expiry follows the emulator's clock (state.clockOffsetMs), which tests move.
import { randomBytes, randomUUID, createHmac, timingSafeEqual } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import type { AppConfig } from "./app-config";
import { emulatorNow, type EmulatorState, type Install, type ShopState } from "./state";

export const ACCESS_TOKEN_LIFETIME_S = 3600;
export const REFRESH_TOKEN_LIFETIME_S = 90 * 24 * 3600;

export const DEMO_USER_ID = 70_000_001;

export async function signSessionToken(
  app: AppConfig,
  shop: string,
  opts: { lifetimeSeconds?: number; issuedAt?: number; secret?: string; userId?: number } = {},
): Promise<string> {
  const iat = opts.issuedAt ?? Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: app.apiKey,
    sub: String(opts.userId ?? DEMO_USER_ID),
    exp: iat + (opts.lifetimeSeconds ?? 60),
    nbf: iat,
    iat,
    jti: randomUUID(),
    sid: randomUUID(),
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(opts.secret ?? app.apiSecret));
}

export async function verifySessionToken(app: AppConfig, token: string): Promise<{ shop: string; sub: string } | null> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(app.apiSecret), { algorithms: ["HS256"], audience: app.apiKey, clockTolerance: 10 });
    return { shop: new URL(String(payload.dest)).hostname, sub: String(payload.sub) };
  } catch {
    return null;
  }
}

/**
 * Installs the app. The offline token is stable for an install, as Shopify's is: derived from the
 * app, the shop and how many times the app was installed there, so an emulator restart keeps
 * stored sessions valid while a reinstall revokes the old token.
 */
export function install(shop: ShopState, app: AppConfig): string {
  const existing = shop.installs[app.apiKey];
  if (existing) return existing.accessToken;
  const generation = (shop.installGenerations[app.apiKey] = (shop.installGenerations[app.apiKey] ?? 0) + 1);
  const accessToken = `shpat_${createHmac("sha256", app.apiSecret).update(`${shop.domain}:${generation}`).digest("hex").slice(0, 32)}`;
  shop.installs[app.apiKey] = { accessToken, scopes: app.scopes, installedAt: new Date().toISOString() };
  return accessToken;
}

/**
 * Expiring tokens are signed, self-describing strings (shop, install generation, serial, expiry):
 * the emulator can check them after a restart. Real tokens are opaque; apps must not parse them.
 */
interface ExpiringClaims {
  k: "a" | "r";
  s: string;
  g: number;
  n: number;
  e: number;
}

function signExpiring(app: AppConfig, claims: ExpiringClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  const sig = createHmac("sha256", app.apiSecret).update(payload).digest("hex").slice(0, 32);
  return `${claims.k === "a" ? "shpat" : "shprt"}_${payload}.${sig}`;
}

function readExpiring(app: AppConfig, token: string): ExpiringClaims | null {
  const match = /^shp(?:at|rt)_([A-Za-z0-9_-]+)\.([0-9a-f]{32})$/.exec(token);
  if (!match) return null;
  const expected = createHmac("sha256", app.apiSecret).update(match[1]!).digest("hex").slice(0, 32);
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(match[2]!))) return null;
  try {
    return JSON.parse(Buffer.from(match[1]!, "base64url").toString("utf8")) as ExpiringClaims;
  } catch {
    return null;
  }
}

/** Is `claims` the install's one active pair? After a restart (no serial known) it is adopted. */
function isActivePair(shop: ShopState, app: AppConfig, install: Install, claims: ExpiringClaims): boolean {
  if (claims.s !== shop.domain || claims.g !== (shop.installGenerations[app.apiKey] ?? 1)) return false;
  if (install.expiringSerial === undefined) install.expiringSerial = claims.n;
  return claims.n === install.expiringSerial;
}

/** A new expiring pair for an install; every earlier one stops working. */
function issueExpiring(state: EmulatorState, shop: ShopState, app: AppConfig, install: Install) {
  const now = Math.floor(emulatorNow(state) / 1000);
  const n = (install.expiringSerial ?? 0) + 1;
  install.expiringSerial = n;
  const g = shop.installGenerations[app.apiKey] ?? 1;
  return {
    access_token: signExpiring(app, { k: "a", s: shop.domain, g, n, e: now + ACCESS_TOKEN_LIFETIME_S }),
    scope: install.scopes,
    expires_in: ACCESS_TOKEN_LIFETIME_S,
    refresh_token: signExpiring(app, { k: "r", s: shop.domain, g, n, e: now + REFRESH_TOKEN_LIFETIME_S }),
    refresh_token_expires_in: REFRESH_TOKEN_LIFETIME_S,
  };
}

/** Revokes the install's expiring pair (a test's stand-in for a refresh token Shopify no longer honours). */
export function revokeExpiringTokens(install: Install): void {
  install.expiringSerial = (install.expiringSerial ?? 0) + 1;
}

/** The app an Admin API token belongs to, or null (unknown, revoked or expired: 401). */
export function findInstallByToken(state: EmulatorState, shop: ShopState, app: AppConfig, token: string | null): string | null {
  if (!token) return null;
  for (const [apiKey, i] of Object.entries(shop.installs)) if (i.accessToken === token) return apiKey;
  const install = shop.installs[app.apiKey];
  const claims = install ? readExpiring(app, token) : null;
  if (!install || !claims || claims.k !== "a") return null;
  if (claims.e * 1000 <= emulatorNow(state)) return null;
  return isActivePair(shop, app, install, claims) ? app.apiKey : null;
}

export interface TokenExchangeBody {
  client_id?: string;
  client_secret?: string;
  grant_type?: string;
  subject_token?: string;
  subject_token_type?: string;
  requested_token_type?: string;
  expiring?: string | number;
  refresh_token?: string;
}

/** grant_type=refresh_token: a new pair for the refresh token of the active pair, once. */
function refreshAccessToken(state: EmulatorState, app: AppConfig, shop: ShopState | undefined, refreshToken: string | undefined) {
  const invalid = { status: 400, body: { error: "invalid_grant", error_description: "The refresh token is invalid, expired or was already used" } };
  const install = shop?.installs[app.apiKey];
  const claims = refreshToken ? readExpiring(app, refreshToken) : null;
  if (!shop || !install || !claims || claims.k !== "r" || claims.e * 1000 <= emulatorNow(state)) return invalid;
  if (!isActivePair(shop, app, install, claims)) return invalid;
  install.refreshes = (install.refreshes ?? 0) + 1;
  return { status: 200, body: issueExpiring(state, shop, app, install) };
}

export async function tokenExchange(state: EmulatorState, app: AppConfig, shopDomain: string, body: TokenExchangeBody): Promise<{ status: number; body: unknown }> {
  if (body.client_id !== app.apiKey || body.client_secret !== app.apiSecret)
    return { status: 400, body: { error: "invalid_client", error_description: "Client credentials are invalid" } };
  if (body.grant_type === "refresh_token") return refreshAccessToken(state, app, state.shops[shopDomain], body.refresh_token);
  if (body.grant_type !== "urn:ietf:params:oauth:grant-type:token-exchange") return { status: 400, body: { error: "unsupported_grant_type" } };
  const claims = body.subject_token ? await verifySessionToken(app, body.subject_token) : null;
  if (!claims || claims.shop !== shopDomain) return { status: 400, body: { error: "invalid_subject_token", error_description: "Subject token is invalid" } };
  const shop = state.shops[shopDomain];
  const installed = shop?.installs[app.apiKey];
  if (!shop || !installed) return { status: 400, body: { error: "invalid_subject_token", error_description: "The app is not installed on this shop" } };
  if (body.requested_token_type === "urn:shopify:params:oauth:token-type:online-access-token") {
    return {
      status: 200,
      body: {
        access_token: `shpua_${randomBytes(16).toString("hex")}`,
        scope: installed.scopes,
        expires_in: 86399,
        associated_user_scope: installed.scopes,
        associated_user: {
          id: Number(claims.sub),
          first_name: "Demo",
          last_name: "Merchant",
          email: shop.email,
          email_verified: true,
          account_owner: true,
          locale: "en",
          collaborator: false,
        },
      },
    };
  }
  // shopify-api sends `expiring: "1"` (or "0"); Shopify documents expiring=1.
  if (String(body.expiring) === "1") return { status: 200, body: issueExpiring(state, shop, app, installed) };
  return { status: 200, body: { access_token: installed.accessToken, scope: installed.scopes } };
}

/** The hmac Shopify adds to the admin's app URL: hex HMAC-SHA256 of the sorted query string. */
export function signQuery(params: URLSearchParams, secret: string): string {
  const message = [...params.entries()]
    .filter(([k]) => k !== "hmac" && k !== "signature")
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  return createHmac("sha256", secret).update(message).digest("hex");
}
