// A fake `shopify` global and backend for the extension's rendering tests (issue 19): the locale
// file's strings with {{name}} replacements, money and numbers through Intl, and fetch answering
// the app's routes from a table (each call recorded).
import en from "../locales/en.default.json";

type Json = Record<string, unknown>;

export function translate(key: string, options: Record<string, unknown> = {}): string {
  const found = key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Json)[part] : undefined), en);
  if (typeof found !== "string") return key;
  return found.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(options[name] ?? ""));
}

export interface Call {
  url: string;
  method: string;
  body: unknown;
}

export function installFakeShopify(opts: { target: string; orderGid: string; routes: Record<string, (call: Call) => { status?: number; body: unknown }> }) {
  const calls: Call[] = [];
  const closed = { count: 0 };
  const registered = new Map<string, () => unknown>();
  const shopify = {
    extension: { target: opts.target },
    data: { selected: [{ id: opts.orderGid }] },
    i18n: {
      translate,
      formatCurrency: (n: number, o?: { currency?: string }) => new Intl.NumberFormat("en-US", { style: "currency", currency: o?.currency ?? "USD" }).format(n),
      formatNumber: (n: number, o?: Intl.NumberFormatOptions) => new Intl.NumberFormat("en-US", o).format(n),
      formatDate: (d: Date) => d.toISOString().slice(0, 10),
      locale: "en",
    },
    close: () => {
      closed.count++;
    },
    extend: (target: string, fn: () => unknown) => registered.set(target, fn),
  };
  (globalThis as unknown as { shopify: unknown }).shopify = shopify;
  globalThis.fetch = (async (input: string, init?: RequestInit) => {
    const call = { url: String(input), method: init?.method ?? "GET", body: init?.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    const route = Object.entries(opts.routes).find(([prefix]) => `${call.method} ${call.url}`.startsWith(prefix));
    const answer = route ? route[1](call) : { status: 404, body: { error: "no route" } };
    return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200, headers: { "Content-Type": "application/json" } });
  }) as typeof fetch;
  return { shopify, calls, closed };
}

/** Waits until `ready()` holds (Preact runs effects after the next frame), at most 3 s. */
export async function until(ready: () => boolean, what = "the extension to render"): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${document.body.innerHTML}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
