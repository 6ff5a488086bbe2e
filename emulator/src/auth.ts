// Session tokens (App Bridge ID tokens) and token exchange, as Shopify issues them (FACTS §4):
// HS256 JWTs signed with the app secret, claims iss/dest/aud/sub/exp/nbf/iat/jti/sid, a one-
// minute lifetime; token exchange at /admin/oauth/access_token answering 400
// invalid_subject_token for a bad token.
import { randomBytes, randomUUID, createHmac } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import type { AppConfig } from "./app-config";
import type { EmulatorState, ShopState } from "./state";

export const DEMO_USER_ID = 70_000_001;

export async function signSessionToken(app: AppConfig, shop: string, opts: { lifetimeSeconds?: number; issuedAt?: number; secret?: string; userId?: number } = {}): Promise<string> {
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

export function findInstallByToken(shop: ShopState, token: string | null): string | null {
  if (!token) return null;
  for (const [apiKey, i] of Object.entries(shop.installs)) if (i.accessToken === token) return apiKey;
  return null;
}

export interface TokenExchangeBody {
  client_id?: string;
  client_secret?: string;
  grant_type?: string;
  subject_token?: string;
  subject_token_type?: string;
  requested_token_type?: string;
  expiring?: string;
}

export async function tokenExchange(state: EmulatorState, app: AppConfig, shopDomain: string, body: TokenExchangeBody): Promise<{ status: number; body: unknown }> {
  if (body.client_id !== app.apiKey || body.client_secret !== app.apiSecret)
    return { status: 400, body: { error: "invalid_client", error_description: "Client credentials are invalid" } };
  if (body.grant_type !== "urn:ietf:params:oauth:grant-type:token-exchange")
    return { status: 400, body: { error: "unsupported_grant_type" } };
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
        associated_user: { id: Number(claims.sub), first_name: "Demo", last_name: "Merchant", email: shop.email, email_verified: true, account_owner: true, locale: "en", collaborator: false },
      },
    };
  }
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
