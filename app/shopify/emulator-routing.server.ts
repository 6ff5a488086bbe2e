/**
 * Demo and test mode, switched by configuration only: when SHOPIFY_EMULATOR_URL is set, every
 * request the Shopify libraries (and our Admin client) make to https://{shop}.myshopify.com/… is
 * sent to the local emulator instead, with the shop kept in X-Forwarded-Host, as a reverse proxy
 * would. Without it, this is the plain global fetch and the app talks to Shopify unchanged.
 * See docs/decisions/003-emulator-routing.md.
 */
export function createShopifyFetch(emulatorUrl: string | undefined, baseFetch: typeof fetch = fetch): typeof fetch {
  if (!emulatorUrl) return (input, init) => baseFetch(input, init);
  const target = new URL(emulatorUrl);
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (!url.hostname.endsWith(".myshopify.com")) return baseFetch(request);
    const headers = new Headers(request.headers);
    headers.set("X-Forwarded-Host", url.hostname);
    headers.set("X-Forwarded-Proto", "https");
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    return baseFetch(new URL(url.pathname + url.search, target), {
      method: request.method,
      headers,
      body,
      signal: request.signal,
    });
  };
}

let routed: typeof fetch | undefined;

/** The fetch every Shopify request goes through (the libraries' and our client's). */
export const shopifyFetch: typeof fetch = (input, init) => {
  routed ??= createShopifyFetch(process.env.SHOPIFY_EMULATOR_URL || undefined);
  return routed(input, init);
};

/**
 * The library allows only Shopify's admin origins to frame the app (CSP frame-ancestors). In
 * emulator mode the emulator's admin shell is the admin, so its origin is allowed too…
 */
export function allowEmulatorAdminToFrame(headers: Headers, emulatorUrl = process.env.SHOPIFY_EMULATOR_URL): void {
  if (!emulatorUrl) return;
  const csp = headers.get("Content-Security-Policy");
  const origin = new URL(emulatorUrl).origin;
  if (csp)
    headers.set(
      "Content-Security-Policy",
      csp.replace(/frame-ancestors ([^;]*)/, (_m, list: string) => `frame-ancestors ${list} ${origin}`),
    );
  // …and the App Bridge script it preloads is the emulator's stand-in.
  const link = headers.get("Link");
  const standin = process.env.APP_BRIDGE_URL;
  if (link && standin) headers.set("Link", link.replace("https://cdn.shopify.com/shopifycloud/app-bridge.js", standin));
}
