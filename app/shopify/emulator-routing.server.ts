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
