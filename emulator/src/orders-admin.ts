// The emulator's admin: Orders (issue 19). A list per store and an order page for the orders its
// checkout created (state.shops[…].orders, the orders/create payloads), and on the order page the
// app's admin UI extensions for the order-details targets, built by scripts/build-extensions.ts
// into extensions/*/dist/<handle>.js: blocks (admin.order-details.block.render) in the page, each
// in its own iframe, and actions (admin.order-details.action.render) in the "More actions" menu,
// opened in a modal. The extension runtime stand-in is ui-extensions-standin.js
// (docs/admin-extensions.md says what it covers).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "smol-toml";
import type { AppConfig } from "./app-config";
import type { ShopState } from "./state";

export const BLOCK_TARGET = "admin.order-details.block.render";
export const ACTION_TARGET = "admin.order-details.action.render";

export interface HostedExtension {
  handle: string;
  name: string;
  targets: string[];
  bundle: string; // path of dist/<handle>.js
  built: boolean;
  locale: Record<string, unknown>;
}

export const DEFAULT_EXTENSIONS_DIR = fileURLToPath(new URL("../../extensions", import.meta.url));

/** The app's UI extensions as shopify.extension.toml declares them (read on each call: a rebuild shows at once). */
export function loadExtensions(dir = DEFAULT_EXTENSIONS_DIR): HostedExtension[] {
  if (!existsSync(dir)) return [];
  const out: HostedExtension[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const root = path.join(dir, entry.name);
    const tomlPath = path.join(root, "shopify.extension.toml");
    if (!entry.isDirectory() || !existsSync(tomlPath)) continue;
    const toml = parse(readFileSync(tomlPath, "utf8")) as { extensions?: { handle: string; name: string; type: string; targeting?: { target: string }[] }[] };
    const localePath = path.join(root, "locales", "en.default.json");
    const locale = existsSync(localePath) ? (JSON.parse(readFileSync(localePath, "utf8")) as Record<string, unknown>) : {};
    for (const e of toml.extensions ?? []) {
      if (e.type !== "ui_extension") continue;
      const bundle = path.join(root, "dist", `${e.handle}.js`);
      // "t:key": the name from the default locale, as Shopify shows it.
      const name = e.name.startsWith("t:") ? String(locale[e.name.slice(2)] ?? e.name) : e.name;
      out.push({ handle: e.handle, name, targets: (e.targeting ?? []).map((t) => t.target), bundle, built: existsSync(bundle), locale });
    }
  }
  return out;
}

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
type Order = Record<string, unknown>;
const orderIdOf = (o: Order) =>
  String(o.admin_graphql_api_id ?? "")
    .split("/")
    .pop() ?? "";
const money = (amount: unknown, currency: unknown) => `${esc(amount)} ${esc(currency)}`;

const STYLE = `*{box-sizing:border-box} body{margin:0;font:14px/20px -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;background:#f1f1f1;color:#303030}
header{height:56px;background:#1a1a1a;color:#e3e3e3;display:flex;align-items:center;gap:16px;padding:0 16px}
header .brand{font-weight:650;color:#fff} header .emu{font-size:12px;background:#8a6116;color:#fff;border-radius:8px;padding:2px 8px} header a{color:#e3e3e3}
main{max-width:1000px;margin:0 auto;padding:20px} h1{font-size:20px;margin:0} .card{background:#fff;border-radius:12px;box-shadow:0 1px 0 #1a1a1a12,0 0 0 1px #e3e3e3;padding:16px;margin-bottom:16px}
table{width:100%;border-collapse:collapse} th,td{text-align:left;padding:8px;border-bottom:1px solid #ebebeb} a{color:#005bd3}
.top{display:flex;align-items:center;gap:12px;margin-bottom:16px} .top .spacer{flex:1}
.cols{display:grid;grid-template-columns:2fr 1fr;gap:16px} iframe.block{width:100%;border:0;height:80px;display:block;margin-bottom:16px;background:transparent}
.menu{position:relative} .menu button{padding:6px 12px;border-radius:8px;border:1px solid #c9c9c9;background:#fff;cursor:pointer;font:inherit}
.menu ul{display:none;position:absolute;right:0;top:36px;background:#fff;list-style:none;margin:0;padding:6px;border-radius:10px;box-shadow:0 4px 16px #0003;min-width:220px;z-index:5} .menu.open ul{display:block}
.menu li button{display:block;width:100%;text-align:left;border:0;background:none} .menu li button:hover{background:#f1f1f1}
dialog{border:0;border-radius:12px;padding:0;width:560px;max-width:95vw;box-shadow:0 8px 32px #0005} dialog iframe{width:100%;height:520px;border:0;display:block}
#toasts{position:fixed;bottom:24px;left:50%;transform:translateX(-50%);display:flex;flex-direction:column;gap:8px;z-index:20} .toast{background:#1a1a1a;color:#fff;padding:10px 16px;border-radius:10px} .toast.error{background:#8e1f0b}
.badge{display:inline-block;border-radius:8px;padding:0 8px;font-size:12px;background:#ebebeb}`;

function frame(shop: ShopState, app: AppConfig, title: string, body: string): string {
  const handle = shop.domain.replace(".myshopify.com", "");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · ${esc(shop.name)} · Shopify admin (emulator)</title><link rel="icon" href="data:,"><style>${STYLE}</style></head>
<body data-shop="${esc(shop.domain)}"><header><span class="brand">Shopify admin</span><span class="emu">emulator</span><a href="/store/${esc(handle)}/orders">Orders</a><a href="/store/${esc(handle)}/apps/${esc(app.handle)}">${esc(app.name)}</a><span style="margin-left:auto">${esc(shop.name)}</span></header>
<main>${body}</main><div id="toasts" aria-live="polite"></div></body></html>`;
}

export function ordersListPage(shop: ShopState, app: AppConfig): string {
  const handle = shop.domain.replace(".myshopify.com", "");
  const orders = Object.values(shop.orders ?? {}).sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
  const rows = orders
    .map((o) => {
      const codes = ((o.discount_codes as { code: string }[]) ?? []).map((d) => d.code).join(", ");
      return `<tr><td><a href="/store/${esc(handle)}/orders/${esc(orderIdOf(o))}">${esc(o.name)}</a></td><td>${esc(String(o.created_at).slice(0, 16).replace("T", " "))}</td><td>${esc(codes) || "—"}</td><td>${money(o.total_price, o.currency)}</td><td><span class="badge">${esc(o.financial_status)}</span></td></tr>`;
    })
    .join("");
  return frame(
    shop,
    app,
    "Orders",
    `<div class="top"><h1>Orders</h1></div><div class="card">${orders.length ? `<table><thead><tr><th>Order</th><th>Date</th><th>Discount codes</th><th>Total</th><th>Payment</th></tr></thead><tbody>${rows}</tbody></table>` : "<p>No orders yet. The emulator's checkout (POST /_emulator/shops/{shop}/orders) creates them.</p>"}</div>`,
  );
}

export function orderPage(shop: ShopState, app: AppConfig, order: Order, extensions: HostedExtension[], installed: boolean): string {
  const handle = shop.domain.replace(".myshopify.com", "");
  const gid = String(order.admin_graphql_api_id);
  const src = (e: HostedExtension, target: string, frameId: string) =>
    esc(`/store/${handle}/extensions/${e.handle}/${target}?selected=${encodeURIComponent(gid)}&frame=${frameId}`);
  const mine = installed ? extensions : [];
  const blocks = mine.filter((e) => e.targets.includes(BLOCK_TARGET));
  const actions = mine.filter((e) => e.targets.includes(ACTION_TARGET));
  const lines = ((order.line_items as { title?: string; quantity?: number; price?: string }[]) ?? [])
    .map((l) => `<tr><td>${esc(l.title)}</td><td>× ${esc(l.quantity)}</td><td>${money(l.price, order.currency)}</td></tr>`)
    .join("");
  const codes = ((order.discount_codes as { code: string; amount?: string }[]) ?? [])
    .map((d) => `<span class="badge">${esc(d.code)}</span> −${money(d.amount, order.currency)}`)
    .join("<br>");
  const blockFrames = blocks
    .map((e, i) =>
      e.built
        ? `<iframe class="block" data-frame="b${i}" data-extension="${esc(e.handle)}" title="${esc(e.name)}" src="${src(e, BLOCK_TARGET, `b${i}`)}"></iframe>`
        : `<div class="card">${esc(e.name)}: not built (run <code>npx tsx scripts/build-extensions.ts</code>)</div>`,
    )
    .join("");
  const menu = actions.length
    ? `<div class="menu" id="more-actions"><button type="button" aria-haspopup="true" aria-expanded="false">More actions</button><ul role="menu">${actions
        .map((e, i) => `<li><button type="button" role="menuitem" data-src="${e.built ? src(e, ACTION_TARGET, `a${i}`) : ""}">${esc(e.name)}</button></li>`)
        .join("")}</ul></div>`
    : "";
  const body = `<div class="top"><a href="/store/${esc(handle)}/orders">Orders</a><h1>${esc(order.name)}</h1><span class="badge">${esc(order.financial_status)}</span><span class="spacer"></span>${menu}</div>
<div class="cols"><div><div class="card"><table><tbody>${lines}</tbody></table></div>
<div class="card"><table><tbody><tr><td>Subtotal</td><td>${money(order.subtotal_price, order.currency)}</td></tr><tr><td>Discount codes</td><td>${codes || "—"}</td></tr><tr><td>Total</td><td>${money(order.total_price, order.currency)}</td></tr></tbody></table></div></div>
<div>${blockFrames}<div class="card"><strong>Order</strong><br>${esc(String(order.created_at).replace("T", " ").slice(0, 16))}<br><code>${esc(gid)}</code></div></div></div>
<dialog id="action-modal" aria-label="App action"><iframe title="App action"></iframe></dialog>
<script>
(function(){
  var modal = document.getElementById("action-modal"), modalFrame = modal.querySelector("iframe");
  var menu = document.getElementById("more-actions");
  if (menu) {
    menu.querySelector("button").addEventListener("click", function(){ var open = menu.classList.toggle("open"); this.setAttribute("aria-expanded", String(open)); });
    menu.querySelectorAll("li button").forEach(function(b){ b.addEventListener("click", function(){
      menu.classList.remove("open"); if (!b.dataset.src) return alert("Not built");
      modalFrame.src = b.dataset.src; modal.showModal();
    }); });
  }
  function toast(p){ var t = document.createElement("div"); t.className = "toast" + (p.isError ? " error" : ""); t.setAttribute("role", "status"); t.textContent = p.message; document.getElementById("toasts").appendChild(t); setTimeout(function(){ t.remove(); }, 5000); }
  window.addEventListener("message", function(event){
    if (event.origin !== location.origin || !event.data || event.data.source !== "ui-extension-standin") return;
    var m = event.data;
    if (m.type === "height") { var f = document.querySelector('iframe[data-frame="' + m.frameId + '"]'); if (f) f.style.height = Math.max(40, m.payload.height) + "px"; }
    else if (m.type === "toast") toast(m.payload);
    else if (m.type === "close") {
      // As Shopify admin does after an action closes: the page shows the changes (blocks reload).
      modal.close(); modalFrame.src = "about:blank";
      document.querySelectorAll("iframe.block").forEach(function(f){ f.src = f.src; });
    }
  });
})();
</script>`;
  return frame(shop, app, String(order.name), body);
}

/** The document an extension target runs in (a block's iframe, an action's modal). */
export function extensionFramePage(opts: { shop: ShopState; app: AppConfig; extension: HostedExtension; target: string; selected: string; frameId: string }): string {
  const handle = opts.shop.domain.replace(".myshopify.com", "");
  const config = {
    target: opts.target,
    selected: [{ id: opts.selected }],
    locale: opts.extension.locale,
    appUrl: opts.app.appUrl.replace(/\/$/, ""),
    tokenUrl: `/store/${handle}/apps/${opts.app.handle}/id-token`,
    appPagePrefix: `/store/${handle}/apps/${opts.app.handle}/`,
    adminPrefix: `/store/${handle}/`,
    frameId: opts.frameId,
  };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(opts.extension.name)}</title><link rel="icon" href="data:,">
<style>html,body{margin:0;background:transparent;font:14px/20px -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif} [data-unsupported]{outline:2px dashed #c70a24}</style>
<script src="/_extensions/ui-extensions-standin.js"></script>
<script>shopifyStandin.install(${JSON.stringify(config).replace(/</g, "\\u003c")});</script>
<script src="/_extensions/${esc(opts.extension.handle)}.js"></script>
</head><body><script>shopifyStandin.run();</script></body></html>`;
}
