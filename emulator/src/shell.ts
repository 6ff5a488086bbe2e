// The emulator's admin shell: what Shopify admin is to an embedded app. A store switcher, the
// app's nav menu, its title bar, the contextual save bar, toasts, and the app in an iframe at
// {appUrl}/app?embedded=1&shop=…&host=…&id_token=…&hmac=… (the real admin's parameters).
import type { AppConfig } from "./app-config";
import type { EmulatorState } from "./state";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function shellPage(state: EmulatorState, app: AppConfig, shopDomain: string, iframeSrc: string | null): string {
  const shop = state.shops[shopDomain]!;
  const storeHandle = shopDomain.replace(".myshopify.com", "");
  const options = Object.values(state.shops)
    .map((s) => {
      const h = s.domain.replace(".myshopify.com", "");
      return `<option value="${esc(h)}"${s.domain === shopDomain ? " selected" : ""}>${esc(s.name)} (${esc(h)})</option>`;
    })
    .join("");
  const main = iframeSrc
    ? `<iframe id="app-frame" name="app-iframe" title="${esc(app.name)}" src="${esc(iframeSrc)}"></iframe>`
    : `<div class="not-installed"><h2>${esc(app.name)} is not installed on ${esc(shop.name)}</h2>
       <form method="post" action="/_emulator/shops/${esc(shopDomain)}/install?redirect=1"><button type="submit">Install app</button></form></div>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(app.name)} · ${esc(shop.name)} · Shopify admin (emulator)</title>
<link rel="icon" href="data:,">
<style>
  *{box-sizing:border-box} body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;background:#f1f1f1;color:#303030}
  header{height:56px;background:#1a1a1a;color:#e3e3e3;display:flex;align-items:center;gap:16px;padding:0 16px}
  header .brand{font-weight:650;color:#fff} header .emu{font-size:12px;background:#8a6116;color:#fff;border-radius:8px;padding:2px 8px}
  header label{margin-left:auto;font-size:13px} header select{margin-left:8px;padding:6px;border-radius:8px}
  .layout{display:flex;height:calc(100vh - 56px)} nav{width:240px;padding:12px 8px;background:#ebebeb;overflow:auto}
  nav .app{font-weight:650;padding:8px 12px} nav a{display:block;padding:6px 12px 6px 24px;border-radius:8px;color:#303030;text-decoration:none;font-size:13px;cursor:pointer}
  nav a:hover,nav a.active{background:#fff}
  main{flex:1;display:flex;flex-direction:column;min-width:0}
  #title-bar{min-height:48px;display:flex;align-items:center;gap:8px;padding:0 20px;font-weight:650;font-size:15px}
  #title-bar .spacer{flex:1} #title-bar button.crumb{border:0;background:none;padding:0;color:#005bd3;font:inherit;cursor:pointer} #title-bar button,#save-bar button{padding:6px 12px;border-radius:8px;border:1px solid #ccc;background:#fff;cursor:pointer}
  #save-bar{display:none;position:fixed;top:0;left:0;right:0;height:56px;background:#303030;color:#fff;align-items:center;gap:8px;padding:0 16px;z-index:10}
  #save-bar .msg{flex:1;font-weight:600} #save-bar button.primary,#title-bar button.primary{background:#303030;color:#fff;border-color:#303030} #save-bar button.primary{background:#fff;color:#303030}
  iframe{flex:1;width:100%;border:0;background:#f1f1f1}
  #toasts{position:fixed;bottom:24px;left:50%;transform:translateX(-50%);display:flex;flex-direction:column;gap:8px;z-index:20}
  .toast{background:#1a1a1a;color:#fff;padding:10px 16px;border-radius:10px;font-size:14px} .toast.error{background:#8e1f0b}
  #loading{position:fixed;top:56px;left:0;height:3px;background:#2c6ecb;width:0;transition:width .4s}
  .not-installed{margin:48px auto;text-align:center}
</style></head>
<body data-shop="${esc(shopDomain)}">
<header><span class="brand">Shopify admin</span><span class="emu">emulator</span>
  <label>Store <select id="store-switcher" aria-label="Store">${options}</select></label></header>
<div id="loading"></div>
<div id="save-bar" role="region" aria-label="Unsaved changes"><span class="msg">Unsaved changes</span><span id="save-bar-buttons"></span></div>
<div class="layout"><nav aria-label="Admin navigation"><div class="app">${esc(app.name)}</div><div id="app-nav"></div></nav>
<main><div id="title-bar"><span id="title-breadcrumb"></span><span id="title-text"></span><span class="spacer"></span><span id="title-buttons"></span></div>${main}</main></div>
<div id="toasts" aria-live="polite"></div>
<script>
(function(){
  var appOrigin = ${JSON.stringify(new URL(app.appUrl).origin)};
  var store = ${JSON.stringify(storeHandle)};
  var frame = document.getElementById("app-frame");
  document.getElementById("store-switcher").addEventListener("change", function(e){ location.href = "/store/" + e.target.value + "/apps/${esc(app.handle)}"; });
  function post(type, extra){ if (frame) frame.contentWindow.postMessage(Object.assign({ source: "admin-shell", type: type }, extra), appOrigin); }
  function buttons(container, list, action){
    container.innerHTML = "";
    (list || []).forEach(function(b){ var el = document.createElement("button"); el.textContent = b.label; if (b.primary) el.className = "primary"; if (b.disabled) el.disabled = true;
      el.addEventListener("click", function(){ post(action, { payload: { index: b.index } }); }); container.appendChild(el); });
  }
  window.addEventListener("message", function(event){
    if (event.origin !== appOrigin || !event.data || event.data.source !== "app-bridge-standin") return;
    var m = event.data, p = m.payload || {};
    if (m.type === "idToken") {
      fetch("/store/" + store + "/apps/${esc(app.handle)}/id-token").then(function(r){ return r.json(); }).then(function(r){ post("reply", { id: m.id, result: r }); });
    } else if (m.type === "toast") {
      var t = document.createElement("div"); t.className = "toast" + (p.isError ? " error" : ""); t.setAttribute("role", "status"); t.textContent = p.message;
      document.getElementById("toasts").appendChild(t); setTimeout(function(){ t.remove(); }, p.duration || 5000);
    } else if (m.type === "loading") {
      document.getElementById("loading").style.width = p.on ? "70%" : "0";
    } else if (m.type === "navMenu") {
      var nav = document.getElementById("app-nav"); nav.innerHTML = "";
      (p.items || []).filter(function(i){ return !i.home; }).forEach(function(i){ var a = document.createElement("a"); a.textContent = i.label; a.dataset.href = i.href;
        a.addEventListener("click", function(){ post("navigate", { payload: { index: i.index } }); }); nav.appendChild(a); });
    } else if (m.type === "titleBar") {
      document.getElementById("title-text").textContent = p.title || ""; buttons(document.getElementById("title-buttons"), p.buttons, "titleBarAction");
      var crumb = document.getElementById("title-breadcrumb"); crumb.innerHTML = "";
      if (p.breadcrumb) { var c = document.createElement("button"); c.className = "crumb"; c.textContent = p.breadcrumb.label; c.addEventListener("click", function(){ post("titleBarAction", { payload: { index: p.breadcrumb.index } }); });
        crumb.appendChild(c); crumb.appendChild(document.createTextNode(" › ")); }
    } else if (m.type === "saveBar") {
      document.getElementById("save-bar").style.display = p.open ? "flex" : "none"; buttons(document.getElementById("save-bar-buttons"), p.buttons, "saveBarAction");
    }
  });
})();
</script></body></html>`;
}
