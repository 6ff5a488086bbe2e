import type { AdminMutations, AdminQueries } from "@shopify/admin-api-client";
import { API_VERSION } from "./api-version";

/**
 * The one Admin GraphQL client. Every call the app makes to a shop goes through here, so that
 * every call respects the shop's cost bucket (R33): it reads `extensions.cost.throttleStatus`,
 * waits before the bucket runs dry, retries THROTTLED and 429 (never run by Shopify) and, for
 * queries, 5xx and dropped connections with backoff, and turns failures into the typed errors
 * below. A mutation whose answer is lost may have been applied, so it is not repeated here. One bucket tracker per shop, shared by every client.
 * See docs/decisions/004-admin-api-client.md.
 */

type Operations = AdminQueries & AdminMutations;
export type DataOf<D extends string> = D extends keyof Operations ? Operations[D]["return"] : Record<string, unknown>;
export type VariablesOf<D extends string> = D extends keyof Operations ? Operations[D]["variables"] : Record<string, unknown>;

export interface UserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

export class ShopifyApiError extends Error {
  constructor(
    message: string,
    readonly shop: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
/** The shop refused our token (uninstalled, revoked): no retry helps. */
export class ShopifyAuthError extends ShopifyApiError {
  constructor(
    shop: string,
    readonly status: number,
  ) {
    super(`Shopify refused the access token for ${shop} (HTTP ${status})`, shop);
  }
}
/**
 * The shop's offline token can no longer be renewed (its refresh token was refused, or the store
 * has no session): nothing works there until a merchant of that store opens the app, which makes
 * a new token exchange (docs/decisions/030).
 */
export class MerchantMustOpenAppError extends ShopifyAuthError {
  constructor(
    shop: string,
    readonly reason: string,
  ) {
    super(shop, 401);
    this.message = `The app's access to ${shop} has lapsed (${reason}): a merchant of ${shop} must open the app once.`;
  }
}
/** A non-retryable HTTP failure, or a retryable one after every retry. */
export class ShopifyHttpError extends ShopifyApiError {
  constructor(
    shop: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`Shopify answered HTTP ${status} for ${shop}: ${body.slice(0, 300)}`, shop);
  }
}
/** Top-level GraphQL errors (invalid document, access denied, cost above 1000, …). */
export class ShopifyGraphqlError extends ShopifyApiError {
  constructor(
    shop: string,
    readonly errors: { message: string; extensions?: { code?: string } }[],
  ) {
    super(`GraphQL errors from ${shop}: ${errors.map((e) => e.message).join("; ")}`, shop);
  }
  get codes(): string[] {
    return this.errors.map((e) => e.extensions?.code ?? "").filter(Boolean);
  }
}
/** Still THROTTLED after every retry. */
export class ShopifyThrottledError extends ShopifyApiError {}
/** A mutation answered with userErrors (the value the UI can show). */
export class ShopifyUserErrors extends ShopifyApiError {
  constructor(
    shop: string,
    readonly userErrors: UserError[],
  ) {
    super(`Shopify refused the change in ${shop}: ${userErrors.map((e) => e.message).join("; ")}`, shop);
  }
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** What the client has learned of one shop's bucket, extrapolated with the restore rate. */
export class CostBucket {
  private status: ThrottleStatus | undefined;
  private observedAt = 0;
  private reserved = 0;
  constructor(private readonly now: () => number = Date.now) {}

  observe(status: ThrottleStatus) {
    this.status = status;
    this.observedAt = this.now();
  }

  known(): ThrottleStatus | undefined {
    return this.status;
  }

  available(): number {
    if (!this.status) return Infinity;
    const elapsed = (this.now() - this.observedAt) / 1000;
    const restored = this.status.currentlyAvailable + elapsed * this.status.restoreRate;
    return Math.min(this.status.maximumAvailable, restored) - this.reserved;
  }

  /** Milliseconds to wait before a query of this cost can run without being throttled. */
  waitFor(cost: number): number {
    if (!this.status) return 0;
    const need = Math.min(cost, this.status.maximumAvailable) - this.available();
    return need <= 0 ? 0 : Math.ceil((need / this.status.restoreRate) * 1000);
  }

  reserve(cost: number) {
    this.reserved += cost;
  }
  release(cost: number) {
    this.reserved = Math.max(0, this.reserved - cost);
  }
}

export interface ClientStats {
  calls: number;
  pointsRequested: number;
  pointsSpent: number;
  throttled: number;
  retries: number;
  waitedMs: number;
}

/** Where a client gets its access token when the token can expire (app/shopify/offline-token.server.ts). */
export interface AccessTokenSource {
  /** The token to use now (renewed first when it expires within minutes). */
  current(): Promise<string>;
  /** The shop answered 401 to `token`: the token to retry with, or MerchantMustOpenAppError. */
  refused(token: string): Promise<string>;
}

export interface AdminClientOptions {
  shop: string;
  /** A fixed token, or a source that renews an expiring offline token (401 → one retry with the renewed token). */
  accessToken: string | AccessTokenSource;
  fetch: typeof fetch;
  apiVersion?: string;
  /** Retries for 5xx, 429 and network failures (THROTTLED has its own, larger budget). */
  maxRetries?: number;
  maxThrottleRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  bucket?: CostBucket;
  /** Cost assumed for a document never seen before (then its last requested cost is used). */
  defaultCost?: number;
  /** Called when the shop refuses the token (401/403), before ShopifyAuthError is thrown. */
  onAuthError?: () => Promise<void>;
}

export interface AdminClient {
  readonly shop: string;
  readonly stats: ClientStats;
  readonly bucket: CostBucket;
  query<D extends string>(document: D, variables?: VariablesOf<D>): Promise<DataOf<D>>;
  /** Runs a mutation; `userErrors` gathers every payload's userErrors. */
  mutate<D extends string>(document: D, variables?: VariablesOf<D>): Promise<{ data: DataOf<D>; userErrors: UserError[] }>;
  /** Runs a mutation and throws ShopifyUserErrors when Shopify refused it. */
  mutateOrThrow<D extends string>(document: D, variables?: VariablesOf<D>): Promise<DataOf<D>>;
}

const buckets = new Map<string, CostBucket>();
/** The process-wide bucket tracker of a shop: every client of that shop shares it. */
export function bucketForShop(shop: string): CostBucket {
  let bucket = buckets.get(shop);
  if (!bucket) buckets.set(shop, (bucket = new CostBucket()));
  return bucket;
}

const costOfDocument = new Map<string, number>();
/**
 * Tells the client what a document will cost before it is first sent (a document the app builds,
 * like a batched lookup): it then waits for the bucket to hold that much instead of guessing.
 */
export function expectCost(document: string, cost: number) {
  if (!costOfDocument.has(document)) costOfDocument.set(document, cost);
}
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface GraphqlResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { cost?: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: ThrottleStatus } };
}

export function createAdminClient(options: AdminClientOptions): AdminClient {
  const { shop } = options;
  const source: AccessTokenSource | null = typeof options.accessToken === "string" ? null : options.accessToken;
  const fixedToken = typeof options.accessToken === "string" ? options.accessToken : "";
  const apiVersion = options.apiVersion ?? API_VERSION;
  const maxRetries = options.maxRetries ?? 5;
  const maxThrottleRetries = options.maxThrottleRetries ?? 20;
  const sleep = options.sleep ?? defaultSleep;
  const bucket = options.bucket ?? bucketForShop(shop);
  const defaultCost = options.defaultCost ?? 50;
  const url = `https://${shop}/admin/api/${apiVersion}/graphql.json`;
  const stats: ClientStats = { calls: 0, pointsRequested: 0, pointsSpent: 0, throttled: 0, retries: 0, waitedMs: 0 };

  const pause = async (ms: number) => {
    if (ms <= 0) return;
    stats.waitedMs += ms;
    await sleep(ms);
  };

  async function send(document: string, variables: unknown): Promise<Record<string, unknown>> {
    const isMutation = /^\s*(#graphql\s*)?mutation\b/.test(document);
    let failures = 0;
    let throttles = 0;
    let accessToken = source ? await source.current() : fixedToken;
    let renewed = false;
    for (;;) {
      const estimate = costOfDocument.get(document) ?? defaultCost;
      // Check and reserve with no await between them, so concurrent calls queue on the bucket
      // instead of all waking at once into a THROTTLED answer.
      for (let wait = bucket.waitFor(estimate); wait > 0; wait = bucket.waitFor(estimate)) await pause(wait);
      bucket.reserve(estimate);
      let response: Response;
      let text: string;
      try {
        stats.calls++;
        response = await options.fetch(url, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            Accept: "application/json",
            "X-Shopify-Access-Token": accessToken,
          },
          body: JSON.stringify({ query: document, variables: variables ?? {} }),
        });
        text = await response.text();
      } catch (error) {
        // A dropped connection: retry with backoff, like a 5xx. A mutation may have been applied
        // already: it is not repeated here; the caller retries it idempotently.
        bucket.release(estimate);
        if (isMutation || ++failures > maxRetries) throw new ShopifyHttpError(shop, 0, String(error));
        stats.retries++;
        await pause(backoff(failures));
        continue;
      }
      bucket.release(estimate);

      // 401: an expiring token that lapsed (or was replaced by another process's refresh) is
      // renewed once and the call retried; Shopify ran nothing, so a mutation is safe to repeat.
      if (response.status === 401 && source && !renewed) {
        renewed = true;
        try {
          accessToken = await source.refused(accessToken);
          continue;
        } catch (error) {
          await options.onAuthError?.();
          throw error;
        }
      }
      if (response.status === 401 || response.status === 403) {
        await options.onAuthError?.();
        throw new ShopifyAuthError(shop, response.status);
      }
      if (response.status === 429 || response.status >= 500) {
        if ((isMutation && response.status !== 429) || ++failures > maxRetries) throw new ShopifyHttpError(shop, response.status, text);
        stats.retries++;
        const retryAfter = Number(response.headers.get("Retry-After"));
        await pause(response.status === 429 && retryAfter > 0 ? retryAfter * 1000 : backoff(failures));
        continue;
      }
      if (!response.ok) throw new ShopifyHttpError(shop, response.status, text);

      let body: GraphqlResponse;
      try {
        body = JSON.parse(text) as GraphqlResponse;
      } catch {
        throw new ShopifyHttpError(shop, response.status, text);
      }
      const cost = body.extensions?.cost;
      if (cost) {
        bucket.observe(cost.throttleStatus);
        costOfDocument.set(document, cost.requestedQueryCost);
        stats.pointsRequested += cost.requestedQueryCost;
        stats.pointsSpent += cost.actualQueryCost ?? 0;
      }
      if (body.errors?.length) {
        if (body.errors.some((e) => e.extensions?.code === "THROTTLED")) {
          stats.throttled++;
          if (++throttles > maxThrottleRetries) throw new ShopifyThrottledError(`Still throttled by ${shop} after ${throttles - 1} retries`, shop);
          // The bucket now says how long until the request fits; fall through to wait for it.
          if (!cost) await pause(backoff(throttles));
          continue;
        }
        throw new ShopifyGraphqlError(shop, body.errors);
      }
      return body.data ?? {};
    }
  }

  const client: AdminClient = {
    shop,
    stats,
    bucket,
    async query(document, variables) {
      return (await send(document, variables)) as never;
    },
    async mutate(document, variables) {
      const data = await send(document, variables);
      return { data: data as never, userErrors: collectUserErrors(data) };
    },
    async mutateOrThrow(document, variables) {
      const { data, userErrors } = await client.mutate(document, variables);
      if (userErrors.length) throw new ShopifyUserErrors(shop, userErrors);
      return data;
    },
  };
  return client;
}

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s, … capped at 16 s. */
function backoff(attempt: number): number {
  const base = Math.min(16_000, 500 * 2 ** (attempt - 1));
  return Math.round(base / 2 + Math.random() * (base / 2));
}

function collectUserErrors(data: Record<string, unknown>): UserError[] {
  const errors: UserError[] = [];
  for (const payload of Object.values(data)) {
    if (payload && typeof payload === "object" && "userErrors" in payload) {
      const list = (payload as { userErrors?: UserError[] }).userErrors;
      if (Array.isArray(list)) errors.push(...list);
    }
  }
  return errors;
}
