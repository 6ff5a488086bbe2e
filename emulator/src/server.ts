// The local Shopify: Admin GraphQL per shop (real schema, cost bucket, faults), token exchange,
// admin shell and App Bridge stand-in, webhook delivery, and a control API for tests (/_emulator).
import http from "node:http";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AddressInfo } from "node:net";
import type { AppConfig } from "./app-config";
import { findInstallByToken, install, revokeExpiringTokens, signQuery, signSessionToken, tokenExchange, type TokenExchangeBody } from "./auth";
import { runAdminGraphql } from "./graphql";
import { runBulkCreation } from "./discounts";
import { shellPage } from "./shell";
import { addShop, emulatorNow, noFaults, PLANS, seedState, type EmulatorState, type Faults, type PlanName, type ShopState } from "./state";
import { WebhookDispatcher, type WebhookOptions } from "./webhooks";
import { shopWebhookPayload, stringifyPayload } from "./payloads";
import { merchantEdit, MERCHANT_ACTIONS, type MerchantAction } from "./merchant";
import { cancelOrder, placeOrder, refundOrder, type CheckoutInput } from "./checkout";
import type { Mailbox } from "./mailbox";
import { DEFAULT_EXTENSIONS_DIR, extensionFramePage, loadExtensions, orderPage, ordersListPage } from "./orders-admin";

export interface EmulatorOptions {
  app: AppConfig;
  port?: number;
  host?: string;
  state?: EmulatorState;
  /** Delay before asynchronous work (bulk creations, bulk jobs) completes, in ms. */
  asyncDelayMs?: number;
  /** Install the app on every seeded shop at start (the demo does). */
  installAll?: boolean;
  log?: (line: string) => void;
  /** The local mailbox (SMTP capture) whose messages /mailbox shows (emulator/src/mailbox.ts). */
  mailbox?: Mailbox;
  /** The folder of the app's UI extensions (each with shopify.extension.toml and dist/), shown on order pages (issue 19). */
  extensionsDir?: string;
}

export interface Emulator {
  url: string;
  app: AppConfig;
  state(): EmulatorState;
  setState(state: EmulatorState): void;
  webhooks: WebhookDispatcher;
  /** The offline access token of the app on a shop (after install). */
  accessToken(shop: string): string | undefined;
  settle(): Promise<void>;
  close(): Promise<void>;
}

const standinJs = readFileSync(fileURLToPath(new URL("./app-bridge-standin.js", import.meta.url)), "utf8");
const uiExtensionsStandinJs = readFileSync(fileURLToPath(new URL("./ui-extensions-standin.js", import.meta.url)), "utf8");
const API_PATH = /^\/admin\/api\/([^/]+)\/graphql\.json$/;

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  let state = options.state ?? seedState();
  let app = options.app;
  const asyncDelayMs = options.asyncDelayMs ?? 50;
  const log = options.log ?? (() => undefined);
  const webhooks = new WebhookDispatcher(() => app);
  const asyncTimers = new Set<NodeJS.Timeout>();
  if (options.installAll) for (const shop of Object.values(state.shops)) install(shop, app);

  const later = (work: () => void) => {
    const t = setTimeout(() => {
      asyncTimers.delete(t);
      work();
    }, asyncDelayMs);
    asyncTimers.add(t);
  };

  function shopFromHost(req: http.IncomingMessage): ShopState | undefined {
    const host = String(req.headers["x-forwarded-host"] ?? req.headers.host ?? "").split(":")[0]!;
    return state.shops[host];
  }
  function shopFromHandle(handle: string): ShopState | undefined {
    return state.shops[handle.includes(".") ? handle : `${handle}.myshopify.com`];
  }

  async function adminGraphql(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
    const shop = shopFromHost(req);
    if (!shop) return send(res, 404, { errors: "Not Found" });
    const faults = shop.faults;
    if (faults.latencyMs) await new Promise((r) => setTimeout(r, faults.latencyMs));
    if (faults.dropRate && Math.random() < faults.dropRate) {
      req.socket.destroy();
      return;
    }
    const apiKey = findInstallByToken(state, shop, app, String(req.headers["x-shopify-access-token"] ?? "") || null);
    if (!apiKey) return send(res, 401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    if (faults.errorRate && Math.random() < faults.errorRate) {
      const status = Math.random() < 0.5 ? 500 : 503;
      return send(res, status, status === 503 ? { errors: "Service Unavailable" } : { errors: "An unexpected error occurred" });
    }
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return send(res, 400, { errors: { query: "Required parameter missing or invalid" } });
    }
    const forceThrottle = faults.throttleNext > 0;
    if (forceThrottle) faults.throttleNext--;
    const result = runAdminGraphql(
      state,
      shop,
      apiKey,
      request,
      {
        later,
        runBulkCreation: (s, id) => {
          const creation = s.bulkCreations[id];
          if (creation) runBulkCreation(state, s, creation);
        },
      },
      forceThrottle,
    );
    if (faults.lostResponseRate && Math.random() < faults.lostResponseRate) {
      req.socket.destroy();
      return;
    }
    send(res, result.status, result.body);
  }

  async function control(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string) {
    const parts = url.pathname.split("/").filter(Boolean).slice(1); // after _emulator
    const json = () => (body ? (JSON.parse(body) as Record<string, unknown>) : {});
    const [first, shopHandle, action] = parts;
    if (first === "reset" && req.method === "POST") {
      webhooks.stop();
      state = seedState();
      if (json().installAll !== false) for (const s of Object.values(state.shops)) install(s, app);
      return send(res, 200, { ok: true });
    }
    if (first === "state") {
      if (req.method === "GET") return send(res, 200, state);
      state = json() as unknown as EmulatorState;
      return send(res, 200, { ok: true });
    }
    if (first === "app" && req.method === "POST") {
      app = { ...app, ...(json() as Partial<AppConfig>) };
      return send(res, 200, { ok: true });
    }
    if (first === "clock") {
      // Moves the emulator's clock (token expiry follows it): {advanceSeconds} or {offsetMs}.
      if (req.method === "POST") {
        const b = json() as { advanceSeconds?: number; offsetMs?: number };
        state.clockOffsetMs = b.offsetMs ?? (state.clockOffsetMs ?? 0) + (b.advanceSeconds ?? 0) * 1000;
      }
      return send(res, 200, { now: new Date(emulatorNow(state)).toISOString(), offsetMs: state.clockOffsetMs ?? 0 });
    }
    if (first === "webhooks") {
      if (req.method === "GET") return send(res, 200, webhooks.log);
      if (shopHandle === "options") {
        webhooks.options = { ...webhooks.options, ...(json() as Partial<WebhookOptions>) };
        return send(res, 200, webhooks.options);
      }
      const b = json() as { shop: string; topic: string; payload?: unknown };
      const shop = shopFromHandle(b.shop);
      if (!shop) return send(res, 404, { error: "unknown shop" });
      return send(res, 200, webhooks.trigger(shop.domain, b.topic, b.payload ?? shopWebhookPayload(shop)));
    }
    if (first === "session-token" && req.method === "POST") {
      const b = json() as { shop: string; lifetimeSeconds?: number; issuedAt?: number; secret?: string };
      const shop = shopFromHandle(b.shop);
      if (!shop) return send(res, 404, { error: "unknown shop" });
      return send(res, 200, { token: await signSessionToken(app, shop.domain, b) });
    }
    if (first === "shops" && !shopHandle && req.method === "POST") {
      const b = json() as { handle: string; name?: string; currencyCode?: string; countryCode?: string };
      if (!/^[a-z0-9][a-z0-9-]*$/.test(b.handle ?? "")) return send(res, 400, { error: "handle must be lower-case letters, digits and dashes" });
      const shop = addShop(state, b.handle, b.name ?? b.handle, b.currencyCode ?? "USD", b.countryCode);
      install(shop, app);
      return send(res, 200, { domain: shop.domain, accessToken: shop.installs[app.apiKey]!.accessToken });
    }
    if (first === "shops" && shopHandle) {
      const shop = shopFromHandle(shopHandle);
      if (!shop) return send(res, 404, { error: "unknown shop" });
      if (!action) return send(res, 200, shop);
      if (action === "install" && req.method === "POST") {
        install(shop, app);
        if (url.searchParams.get("redirect")) {
          res.writeHead(303, { Location: `/store/${shop.domain.replace(".myshopify.com", "")}/apps/${app.handle}` });
          return res.end();
        }
        return send(res, 200, { accessToken: shop.installs[app.apiKey]!.accessToken });
      }
      if (action === "uninstall" && req.method === "POST") {
        const had = Boolean(shop.installs[app.apiKey]);
        delete shop.installs[app.apiKey];
        delete shop.buckets[app.apiKey];
        const deliveries = had ? webhooks.trigger(shop.domain, "app/uninstalled", shopWebhookPayload(shop)) : [];
        return send(res, 200, { ok: true, deliveries });
      }
      if (action === "orders" && req.method === "POST") {
        // Order and refund payloads may hold ids above 2^53: printed as bare numbers (payloads.ts).
        const [orderId, orderAction] = parts.slice(3);
        if (orderId) {
          if (orderAction === "cancel") {
            const order = cancelOrder(shop, orderId);
            if (!order) return send(res, 404, { error: "unknown order" });
            return send(res, 200, { order, deliveries: webhooks.trigger(shop.domain, "orders/cancelled", order) }, true);
          }
          if (orderAction === "refund") {
            const b = json() as { amount?: string; amountOnly?: boolean };
            const refund = refundOrder(state, shop, orderId, { amount: String(b.amount ?? "0"), amountOnly: Boolean(b.amountOnly) });
            if (!refund) return send(res, 404, { error: "unknown order" });
            return send(res, 200, { refund, deliveries: webhooks.trigger(shop.domain, "refunds/create", refund) }, true);
          }
          return send(res, 404, { error: "unknown order action" });
        }
        const placed = placeOrder(state, shop, json() as unknown as CheckoutInput);
        if (!placed.ok) return send(res, 422, { error: placed.error });
        return send(res, 200, { order: placed.order, deliveries: webhooks.trigger(shop.domain, "orders/create", placed.order) }, true);
      }
      // The merchant in the store's admin: POST discounts (create), discounts/{id|gid|code}/{update,
      // activate, deactivate, delete, add-code, remove-code, rename-code}; each sends its discounts/* webhook(s).
      if (action === "discounts" && req.method === "POST") {
        const [ref, verb] = parts.slice(3);
        const act = (ref ? verb : "create") as MerchantAction;
        if (!MERCHANT_ACTIONS.includes(act)) return send(res, 404, { error: `unknown discount action; one of ${MERCHANT_ACTIONS.join(", ")}` });
        const result = merchantEdit(state, shop, act, ref ?? null, json());
        if (!result.ok) return send(res, result.status, { error: result.error, userErrors: result.userErrors ?? [] });
        const deliveries = result.events.flatMap((e) => webhooks.trigger(shop.domain, e.topic, e.payload));
        return send(res, 200, { discountId: result.discount ? `gid://shopify/DiscountCodeNode/${result.discount.id}` : null, events: result.events, deliveries });
      }
      if (action === "revoke-tokens" && req.method === "POST") {
        // The app's expiring token pair stops working (its refresh token is refused with
        // invalid_grant), as when Shopify revokes it; the install itself stays.
        const installed = shop.installs[app.apiKey];
        if (!installed) return send(res, 404, { error: "app not installed" });
        revokeExpiringTokens(installed);
        return send(res, 200, { ok: true });
      }
      if (action === "faults" && req.method === "POST") {
        shop.faults = { ...noFaults(), ...(json() as Partial<Faults>) };
        return send(res, 200, shop.faults);
      }
      if (action === "plan" && req.method === "POST") {
        const plan = json().plan as PlanName;
        if (!PLANS[plan]) return send(res, 400, { error: `plan must be one of ${Object.keys(PLANS).join(", ")}` });
        shop.plan = plan;
        shop.buckets = {};
        return send(res, 200, { plan });
      }
    }
    return send(res, 404, { error: "unknown control endpoint" });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      handle(req, res, body).catch((error: unknown) => {
        log(`emulator error: ${String((error as Error)?.stack ?? error)}`);
        if (!res.headersSent) send(res, 500, { errors: "An unexpected error occurred" });
      });
    });
  });

  // Shopify's edge keeps idle connections open far longer than Node's 5 s default. With 5 s, a
  // client that pauses (a worker between batches) reuses a socket the server has just closed, and
  // its POST fails with "other side closed" (fetch never retries a POST): an artefact of the
  // emulator, not of Shopify.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
    const url = new URL(req.url ?? "/", "http://emulator.local");
    const path = url.pathname;
    if (req.method === "POST" && API_PATH.test(path)) return adminGraphql(req, res, body);
    if (req.method === "POST" && path === "/admin/oauth/access_token") {
      const shop = shopFromHost(req);
      if (!shop) return send(res, 404, { errors: "Not Found" });
      let parsed: TokenExchangeBody;
      try {
        parsed = JSON.parse(body) as TokenExchangeBody;
      } catch {
        return send(res, 400, { error: "invalid_request" });
      }
      const result = await tokenExchange(state, app, shop.domain, parsed);
      return send(res, result.status, result.body);
    }
    if (path.startsWith("/_emulator/")) return control(req, res, url, body);
    if (options.mailbox?.handleHttp(req, res, url, body)) return;
    if (path === "/cdn/app-bridge.js" || path === "/shopifycloud/app-bridge.js") {
      res.writeHead(200, { "Content-Type": "application/javascript; charset=utf-8", "Cache-Control": "no-store" });
      return res.end(standinJs);
    }
    if (path === "/" || path === "/admin") {
      const first = Object.keys(state.shops)[0]!.replace(".myshopify.com", "");
      res.writeHead(302, { Location: `/store/${first}/apps/${app.handle}` });
      return res.end();
    }
    if (req.method === "GET" && (path.startsWith("/_extensions/") || /^\/store\/[^/]+\/(orders|extensions)(\/|$)/.test(path))) return ordersAdmin(res, url);
    // The app's pages: /store/{shop}/apps/{handle}[/{path}] embeds {appUrl}/app or {appUrl}/{path}
    // (what an extension's `app:{path}` link opens).
    const shellMatch = /^\/store\/([^/]+)\/apps\/([^/]+)(\/id-token|\/[^?#]*)?\/?$/.exec(path);
    if (shellMatch && req.method === "GET") {
      const shop = shopFromHandle(shellMatch[1]!);
      if (!shop) return send(res, 404, { errors: "Not Found" });
      const installed = Boolean(shop.installs[app.apiKey]);
      const appPath = shellMatch[3] && shellMatch[3] !== "/id-token" ? shellMatch[3].replace(/^\/+|\/+$/g, "") : "";
      if (shellMatch[3] === "/id-token") {
        if (!installed) return send(res, 403, { error: "app not installed" });
        return send(res, 200, { token: await signSessionToken(app, shop.domain) });
      }
      let iframeSrc: string | null = null;
      if (installed) {
        const storeHandle = shop.domain.replace(".myshopify.com", "");
        const params = new URLSearchParams({
          embedded: "1",
          host: Buffer.from(`admin.shopify.com/store/${storeHandle}`).toString("base64").replace(/=+$/, ""),
          id_token: await signSessionToken(app, shop.domain),
          locale: "en",
          session: Buffer.from(String(Math.random())).toString("hex"),
          shop: shop.domain,
          timestamp: String(Math.floor(Date.now() / 1000)),
        });
        params.set("hmac", signQuery(params, app.apiSecret));
        iframeSrc = `${app.appUrl.replace(/\/$/, "")}/${appPath || "app"}?${params.toString()}`;
      }
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      return res.end(shellPage(state, app, shop.domain, iframeSrc));
    }
    send(res, 404, { errors: "Not Found" });
  }

  /** Orders in the emulator's admin and the app's admin UI extensions on the order page (issue 19, orders-admin.ts). */
  function ordersAdmin(res: http.ServerResponse, url: URL) {
    const html = (body: string) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
      res.end(body);
    };
    const extensions = loadExtensions(options.extensionsDir ?? DEFAULT_EXTENSIONS_DIR);
    const path = url.pathname;
    if (path === "/_extensions/ui-extensions-standin.js") {
      res.writeHead(200, { "Content-Type": "application/javascript; charset=utf-8", "Cache-Control": "no-store" });
      return res.end(uiExtensionsStandinJs);
    }
    const bundle = /^\/_extensions\/([a-z0-9-]+)\.js$/.exec(path);
    if (bundle) {
      const extension = extensions.find((e) => e.handle === bundle[1] && e.built);
      if (!extension) return send(res, 404, { errors: "Not Found" });
      res.writeHead(200, { "Content-Type": "application/javascript; charset=utf-8", "Cache-Control": "no-store" });
      return res.end(readFileSync(extension.bundle));
    }
    const [, , handle, section, id, target] = path.split("/");
    const shop = shopFromHandle(handle ?? "");
    if (!shop) return send(res, 404, { errors: "Not Found" });
    const installed = Boolean(shop.installs[app.apiKey]);
    if (section === "orders" && !id) return html(ordersListPage(shop, app));
    if (section === "orders" && id) {
      const order = Object.values(shop.orders ?? {}).find((o) => String(o.admin_graphql_api_id).split("/").pop() === id);
      if (!order) return send(res, 404, { errors: "Not Found" });
      return html(orderPage(shop, app, order, extensions, installed));
    }
    if (section === "extensions" && id && target) {
      const extension = extensions.find((e) => e.handle === id && e.targets.includes(target));
      if (!extension || !installed) return send(res, 404, { errors: "Not Found" });
      const selected = url.searchParams.get("selected") ?? "";
      if (!/^gid:\/\/shopify\/Order\/\d+$/.test(selected)) return send(res, 400, { errors: "selected must be an order GID" });
      return html(extensionFramePage({ shop, app, extension, target, selected, frameId: (url.searchParams.get("frame") ?? "x").replace(/[^a-z0-9]/gi, "") }));
    }
    return send(res, 404, { errors: "Not Found" });
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    get app() {
      return app;
    },
    state: () => state,
    setState: (s) => (state = s),
    webhooks,
    accessToken: (shop) => state.shops[shop]?.installs[app.apiKey]?.accessToken,
    settle: () => webhooks.settle(),
    close: async () => {
      webhooks.stop();
      for (const t of asyncTimers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: http.ServerResponse, status: number, body: unknown, payload = false) {
  const text = payload ? stringifyPayload(body) : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}
