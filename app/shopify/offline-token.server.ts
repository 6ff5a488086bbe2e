// The one way to a shop's offline access token, for background work (sync worker, usage-limit
// deactivations, webhook work) and admin requests alike. Shopify's offline tokens expire after an
// hour and are renewed with a single-use refresh token (docs/decisions/030):
// - a stored token that expires within 5 minutes, or that the shop answered 401 to, is renewed
//   with grant_type=refresh_token and the rotated pair is stored at once;
// - several processes may need a renewal of the same shop at once: one takes a lease row
//   (a conditional update, atomic on SQLite and PostgreSQL) and renews; the others wait for the
//   stored result and reuse it, so a refresh token is never sent twice;
// - a refused refresh token (revoked, expired, reinstalled app) deletes the session and marks the
//   store as needing its merchant to open the app, which makes a new token exchange (Settings ›
//   Stores shows it).
import { randomUUID } from "node:crypto";
import type { PrismaClient, Session } from "@prisma/client";
import { env } from "~/env.server";
import { createAdminClient, MerchantMustOpenAppError, ShopifyHttpError, type AccessTokenSource, type AdminClient, type AdminClientOptions } from "./client.server";
import { shopifyFetch } from "./emulator-routing.server";

/** Renew a token that expires within this (as @shopify/shopify-app-remix does for requests). */
export const RENEW_WITHIN_MS = 5 * 60_000;

export interface OfflineTokenOptions {
  db: PrismaClient;
  apiKey?: string;
  apiSecret?: string;
  fetch?: typeof fetch;
  /** The clock deciding whether a token expires soon (tests move it). */
  now?: () => number;
  /** How long one process may hold a shop's renewal before another may take over. */
  leaseMs?: number;
  pollMs?: number;
  /** How long a refused refresh waits for a concurrent token exchange's session to be stored. */
  exchangeSettleMs?: number;
}

export interface OfflineTokens {
  /** A valid offline access token for the shop: the stored one, renewed first when it expires within 5 minutes. */
  accessToken(shop: string): Promise<string>;
  /** The shop answered 401 to `token`: the newer stored token, or a renewed one; MerchantMustOpenAppError when none can be had. */
  refused(shop: string, token: string): Promise<string>;
  /** The Admin client of a shop whose token renews itself. `initial` skips the first read (a session already loaded). */
  adminFor(
    shop: string,
    options?: Partial<Pick<AdminClientOptions, "onAuthError" | "bucket" | "sleep">> & { initial?: { accessToken?: string; expires?: Date | null } },
  ): AdminClient;
}

type TokenRow = Pick<Session, "accessToken" | "expires" | "refreshToken" | "refreshTokenExpires">;

interface RefreshAnswer {
  access_token: string;
  scope?: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createOfflineTokens(options: OfflineTokenOptions): OfflineTokens {
  const { db } = options;
  const doFetch = options.fetch ?? shopifyFetch;
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 100;
  const exchangeSettleMs = options.exchangeSettleMs ?? 2000;
  const credentials = () => ({ apiKey: options.apiKey ?? env().SHOPIFY_API_KEY, apiSecret: options.apiSecret ?? env().SHOPIFY_API_SECRET });
  // Within this process, one renewal per shop at a time; the lease row coordinates processes.
  const inFlight = new Map<string, Promise<string>>();

  const sessionId = (shop: string) => `offline_${shop}`;
  const load = (shop: string) =>
    db.session.findUnique({ where: { id: sessionId(shop) }, select: { accessToken: true, expires: true, refreshToken: true, refreshTokenExpires: true } });
  const expiresSoon = (row: TokenRow) => row.expires !== null && row.expires.getTime() - RENEW_WITHIN_MS <= now();

  async function obtain(shop: string, refusedToken?: string): Promise<string> {
    const row = await load(shop);
    if (!row) throw await mustOpenApp(shop);
    const refused = refusedToken !== undefined && row.accessToken === refusedToken;
    if (!refused && !expiresSoon(row)) return row.accessToken;
    if (!row.refreshToken) {
      // A non-expiring token the shop refused (uninstalled, reinstalled): only a new exchange helps.
      if (refused) throw await giveUp(shop, { accessToken: row.accessToken }, "Shopify refused the stored access token");
      return row.accessToken;
    }
    let running = inFlight.get(shop);
    if (!running) {
      running = renewCoordinated(shop, row).finally(() => inFlight.delete(shop));
      inFlight.set(shop, running);
    }
    return running;
  }

  /** Takes the shop's lease and renews, or waits for the process that holds it and reuses its token. */
  async function renewCoordinated(shop: string, seen: TokenRow): Promise<string> {
    for (;;) {
      const owner = `${process.pid}:${randomUUID()}`;
      if (await takeLease(shop, owner)) {
        try {
          return await renew(shop, seen);
        } finally {
          await db.offlineTokenState.updateMany({ where: { shop, refreshOwner: owner }, data: { refreshOwner: null, refreshUntil: null } });
        }
      }
      // Another process renews: wait for its stored token (or for its lease to lapse).
      const deadline = Date.now() + leaseMs;
      while (Date.now() < deadline) {
        await sleep(pollMs);
        const row = await load(shop);
        if (!row) throw await mustOpenApp(shop);
        if (row.accessToken !== seen.accessToken) return row.accessToken;
        const lease = await db.offlineTokenState.findUnique({ where: { shop }, select: { refreshUntil: true } });
        if (!lease?.refreshUntil || lease.refreshUntil.getTime() <= Date.now()) break;
      }
      const row = await load(shop);
      if (!row) throw await mustOpenApp(shop);
      if (row.accessToken !== seen.accessToken) return row.accessToken;
    }
  }

  async function takeLease(shop: string, owner: string): Promise<boolean> {
    // No transactions here: each statement commits alone, so processes (or, in tests, several
    // SQLite clients in one process) never wait on each other's open transaction.
    if (!(await db.offlineTokenState.findUnique({ where: { shop }, select: { shop: true } }))) {
      try {
        await db.offlineTokenState.create({ data: { shop } });
      } catch (error) {
        // Two first-ever renewals at once: the other's row exists now, which is all we need.
        if ((error as { code?: string }).code !== "P2002") throw error;
      }
    }
    const at = new Date();
    const taken = await db.offlineTokenState.updateMany({
      where: { shop, OR: [{ refreshUntil: null }, { refreshUntil: { lte: at } }] },
      data: { refreshOwner: owner, refreshUntil: new Date(at.getTime() + leaseMs) },
    });
    return taken.count === 1;
  }

  async function renew(shop: string, seen: TokenRow): Promise<string> {
    // Under the lease: someone may have stored a new pair between our read and the lease.
    const row = await load(shop);
    if (!row) throw await mustOpenApp(shop);
    if (row.accessToken !== seen.accessToken || !row.refreshToken) return row.accessToken;
    if (row.refreshTokenExpires && row.refreshTokenExpires.getTime() <= now()) throw await giveUp(shop, row, "its refresh token expired after 90 days without use");
    const { apiKey, apiSecret } = credentials();
    let response: Response;
    try {
      response = await doFetch(`https://${shop}/admin/oauth/access_token`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ client_id: apiKey, client_secret: apiSecret, refresh_token: row.refreshToken, grant_type: "refresh_token" }),
      });
    } catch (error) {
      throw new ShopifyHttpError(shop, 0, `token refresh failed: ${String(error)}`);
    }
    const text = await response.text();
    if (response.status === 400 || response.status === 401) {
      // invalid_grant: used, revoked or expired. A token exchange (the merchant opening the app,
      // often two loaders of one page at once) revokes the pair we hold as soon as Shopify issues
      // the new one, and its session is stored a moment later: wait for it before giving up.
      const deadline = Date.now() + exchangeSettleMs;
      for (;;) {
        const latest = await load(shop);
        if (latest && latest.refreshToken !== row.refreshToken) return latest.accessToken;
        if (!latest || Date.now() >= deadline) break;
        await sleep(pollMs);
      }
      throw await giveUp(shop, row, `Shopify refused the refresh token (${safeError(text)})`);
    }
    if (!response.ok) throw new ShopifyHttpError(shop, response.status, text);
    const answer = JSON.parse(text) as RefreshAnswer;
    const issuedAt = Date.now();
    const data = {
      accessToken: answer.access_token,
      expires: answer.expires_in ? new Date(issuedAt + answer.expires_in * 1000) : null,
      refreshToken: answer.refresh_token ?? null,
      refreshTokenExpires: answer.refresh_token_expires_in ? new Date(issuedAt + answer.refresh_token_expires_in * 1000) : null,
      ...(answer.scope ? { scope: answer.scope } : {}),
    };
    // Stored at once, and only over the pair it replaces (a token exchange may have stored a newer one).
    const stored = (await db.session.updateMany({ where: { id: sessionId(shop), refreshToken: row.refreshToken }, data })).count === 1;
    await db.offlineTokenState.update({ where: { shop }, data: { refreshedAt: new Date(), ...(stored ? { needsMerchantAt: null, needsMerchantWhy: null } : {}) } });
    if (stored) return answer.access_token;
    // A token exchange stored a newer pair while we renewed: Shopify keeps only the newest.
    const latest = await load(shop);
    if (!latest) throw await mustOpenApp(shop);
    return latest.accessToken;
  }

  /** The session can no longer be renewed: delete it (if it is still this one) and mark the store. */
  async function giveUp(shop: string, row: Pick<TokenRow, "accessToken">, why: string): Promise<MerchantMustOpenAppError> {
    // Only if the stored session is still the refused one (a token exchange may have replaced it).
    const deleted = await db.session.deleteMany({ where: { id: sessionId(shop), accessToken: row.accessToken } });
    if (deleted.count === 1) {
      const mark = { needsMerchantAt: new Date(), needsMerchantWhy: why };
      const marked = await db.offlineTokenState.updateMany({ where: { shop }, data: mark });
      if (marked.count === 0) await db.offlineTokenState.create({ data: { shop, ...mark } }).catch(() => db.offlineTokenState.updateMany({ where: { shop }, data: mark }));
    }
    return new MerchantMustOpenAppError(shop, why);
  }

  async function mustOpenApp(shop: string): Promise<MerchantMustOpenAppError> {
    const mark = await db.offlineTokenState.findUnique({ where: { shop }, select: { needsMerchantWhy: true } });
    return new MerchantMustOpenAppError(shop, mark?.needsMerchantWhy ?? "no offline session is stored");
  }

  const tokens: OfflineTokens = {
    accessToken: (shop) => obtain(shop),
    refused: (shop, token) => obtain(shop, token),
    adminFor(shop, { initial, ...clientOptions } = {}) {
      let cached = initial?.accessToken && !(initial.expires && initial.expires.getTime() - RENEW_WITHIN_MS <= now()) ? initial.accessToken : null;
      // Re-read at most once a minute; a token handed out is valid for 5 minutes or more. Calls
      // made at once share one read.
      let freshUntil = cached ? Date.now() + 60_000 : 0;
      let reading: Promise<string> | null = null;
      const remember = (read: Promise<string>) => {
        reading = read
          .then((token) => {
            cached = token;
            freshUntil = Date.now() + 60_000;
            return token;
          })
          .finally(() => (reading = null));
        return reading;
      };
      const source: AccessTokenSource = {
        current() {
          if (cached && Date.now() < freshUntil) return Promise.resolve(cached);
          return reading ?? remember(obtain(shop));
        },
        refused(token) {
          return remember(obtain(shop, token));
        },
      };
      return createAdminClient({ shop, accessToken: source, fetch: doFetch, ...clientOptions });
    },
  };
  return tokens;
}

function safeError(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: string };
    return body.error ?? `HTTP answer ${text.slice(0, 80)}`;
  } catch {
    return text.slice(0, 80);
  }
}

/** A merchant opened the app (token exchange): the store no longer needs them. */
export async function clearMerchantNeeded(db: PrismaClient, shop: string): Promise<void> {
  await db.offlineTokenState.updateMany({ where: { shop, needsMerchantAt: { not: null } }, data: { needsMerchantAt: null, needsMerchantWhy: null } });
}

const perDatabase = new WeakMap<PrismaClient, OfflineTokens>();
/** The process's offline tokens over a database client (one renewal per shop at a time in it). */
export function offlineTokens(db: PrismaClient): OfflineTokens {
  let tokens = perDatabase.get(db);
  if (!tokens) perDatabase.set(db, (tokens = createOfflineTokens({ db })));
  return tokens;
}
