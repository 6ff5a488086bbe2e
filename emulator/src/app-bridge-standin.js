// The emulator's stand-in for App Bridge (https://cdn.shopify.com/shopifycloud/app-bridge.js),
// loaded by the embedded app inside the emulator's admin shell. Like the real script it defines
// window.shopify (idToken, toast, loading, saveBar, modal, config), adds
// "Authorization: Bearer <id token>" to the app's own fetches (retrying once on 401 with
// X-Shopify-Retry-Invalid-Session-Request), reloads the /auth/session-token bounce page with a
// fresh id_token, and renders ui-nav-menu / ui-title-bar / ui-save-bar in the shell.
(function () {
  if (window.shopify && window.shopify.__standin) return;
  var script = document.currentScript;
  var shellOrigin = new URL(script ? script.src : location.href).origin;
  var apiKey = (script && script.getAttribute("data-api-key")) || (document.querySelector('meta[name="shopify-api-key"]') || {}).content || "";
  var params = new URLSearchParams(location.search);
  var seq = 0;
  var pending = new Map();
  function call(type, payload) {
    return new Promise(function (resolve) {
      var id = ++seq;
      pending.set(id, resolve);
      window.parent.postMessage({ source: "app-bridge-standin", id: id, type: type, payload: payload || {} }, shellOrigin);
    });
  }
  function send(type, payload) {
    window.parent.postMessage({ source: "app-bridge-standin", type: type, payload: payload || {} }, shellOrigin);
  }
  var handlers = {};
  window.addEventListener("message", function (event) {
    if (event.origin !== shellOrigin || !event.data || event.data.source !== "admin-shell") return;
    var data = event.data;
    if (data.type === "reply" && pending.has(data.id)) {
      pending.get(data.id)(data.result);
      pending.delete(data.id);
    } else if (handlers[data.type]) handlers[data.type](data.payload || {});
  });

  var cached = null;
  function idToken() {
    if (cached && cached.expires > Date.now()) return Promise.resolve(cached.token);
    return call("idToken").then(function (r) {
      cached = { token: r.token, expires: Date.now() + 45000 };
      return r.token;
    });
  }

  var saveBars = {};
  var shopify = {
    __standin: true,
    config: { apiKey: apiKey, shop: params.get("shop") || undefined, host: params.get("host") || undefined, locale: params.get("locale") || "en" },
    environment: { embedded: true, mobile: false, pos: false },
    origin: shellOrigin,
    idToken: idToken,
    toast: {
      show: function (message, opts) {
        var id = "toast-" + ++seq;
        send("toast", { id: id, message: String(message), isError: !!(opts && opts.isError), duration: (opts && opts.duration) || 5000 });
        return id;
      },
      hide: function (id) { send("toastHide", { id: id }); },
    },
    loading: function (on) { send("loading", { on: on !== false }); },
    saveBar: {
      show: function (id) { var el = document.getElementById(id); if (el && el.show) return el.show(); return Promise.resolve(); },
      hide: function (id) { var el = document.getElementById(id); if (el && el.hide) return el.hide(); return Promise.resolve(); },
      toggle: function (id) { var el = document.getElementById(id); if (el && el.toggle) return el.toggle(); return Promise.resolve(); },
      leaveConfirmation: function () { return Promise.resolve(); },
    },
    modal: {
      show: function (id) { var el = document.getElementById(id); if (el && el.show) return el.show(); return Promise.resolve(); },
      hide: function (id) { var el = document.getElementById(id); if (el && el.hide) return el.hide(); return Promise.resolve(); },
      toggle: function (id) { var el = document.getElementById(id); if (el && el.toggle) return el.toggle(); return Promise.resolve(); },
    },
    user: function () { return Promise.resolve({ accountAccess: "Account owner" }); },
  };
  window.shopify = shopify;

  // Authenticated fetch to the app's own origin, as real App Bridge does.
  var originalFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var request = new Request(input, init);
    if (new URL(request.url, location.href).origin !== location.origin || request.headers.has("Authorization")) return originalFetch(request);
    var retry = request.clone();
    function withToken(req, token) {
      var headers = new Headers(req.headers);
      headers.set("Authorization", "Bearer " + token);
      return new Request(req, { headers: headers });
    }
    return idToken().then(function (token) {
      return originalFetch(withToken(request, token)).then(function (response) {
        if (response.status === 401 && response.headers.get("X-Shopify-Retry-Invalid-Session-Request") === "1") {
          cached = null;
          return idToken().then(function (fresh) { return originalFetch(withToken(retry, fresh)); });
        }
        return response;
      });
    });
  };

  // The bounce page: reload the requested URL with a fresh id_token.
  var reload = params.get("shopify-reload");
  if (reload) {
    idToken().then(function (token) {
      var url = new URL(reload, location.href);
      url.searchParams.set("id_token", token);
      location.replace(url.toString());
    });
  }

  function define(name, impl) {
    if (!customElements.get(name)) customElements.define(name, impl);
  }

  // <ui-nav-menu>: links shown in the shell's sidebar; a click there dispatches shopify:navigate.
  define("ui-nav-menu", class extends HTMLElement {
    connectedCallback() {
      this.style.display = "none";
      var self = this;
      var publish = function () {
        var items = Array.prototype.map.call(self.querySelectorAll("a"), function (a, i) {
          return { index: i, label: a.textContent, href: a.getAttribute("href"), home: a.getAttribute("rel") === "home" };
        });
        send("navMenu", { items: items });
      };
      this._observer = new MutationObserver(publish);
      this._observer.observe(this, { childList: true, subtree: true, characterData: true, attributes: true });
      publish();
      handlers.navigate = function (payload) {
        var a = self.querySelectorAll("a")[payload.index];
        if (a) a.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true }));
      };
    }
    disconnectedCallback() { if (this._observer) this._observer.disconnect(); }
  });

  // <ui-title-bar title="…">: the page title (and primary/secondary buttons) in the shell.
  define("ui-title-bar", class extends HTMLElement {
    static get observedAttributes() { return ["title"]; }
    // Children (breadcrumb, buttons, their disabled state) change with the page: published again.
    connectedCallback() {
      this.style.display = "none";
      var self = this;
      this._observer = new MutationObserver(function () { self.publish(); });
      this._observer.observe(this, { childList: true, subtree: true, characterData: true, attributes: true });
      this.publish();
    }
    attributeChangedCallback() { this.publish(); }
    disconnectedCallback() { if (this._observer) this._observer.disconnect(); send("titleBar", { title: null }); }
    publish() {
      // As in real App Bridge: variant="breadcrumb" is the link back to the parent page, shown
      // before the title; the other buttons are the page's actions (variant="primary" first).
      var all = Array.prototype.slice.call(this.querySelectorAll("button, a"));
      var crumb = null;
      var buttons = [];
      all.forEach(function (b, i) {
        var item = { index: i, label: b.textContent, primary: b.getAttribute("variant") === "primary", disabled: b.hasAttribute("disabled") };
        if (b.getAttribute("variant") === "breadcrumb") crumb = item;
        else buttons.push(item);
      });
      send("titleBar", { title: this.getAttribute("title"), breadcrumb: crumb, buttons: buttons });
      var self = this;
      handlers.titleBarAction = function (p) { var b = self.querySelectorAll("button, a")[p.index]; if (b) b.click(); };
    }
  });

  // <ui-save-bar id=…>: the shell shows "Unsaved changes" with its Save / Discard buttons.
  define("ui-save-bar", class extends HTMLElement {
    connectedCallback() { this.style.display = "none"; saveBars[this.id] = this; }
    disconnectedCallback() { if (this.showing) this.hide(); delete saveBars[this.id]; }
    get showing() { return !!this._showing; }
    show() {
      this._showing = true;
      var self = this;
      var buttons = Array.prototype.map.call(this.querySelectorAll("button"), function (b, i) {
        return { index: i, label: b.textContent || (b.getAttribute("variant") === "primary" ? "Save" : "Discard"), primary: b.getAttribute("variant") === "primary", loading: b.hasAttribute("loading"), disabled: b.hasAttribute("disabled") };
      });
      send("saveBar", { id: this.id, open: true, buttons: buttons });
      handlers.saveBarAction = function (p) { var b = self.querySelectorAll("button")[p.index]; if (b) b.click(); };
      this.dispatchEvent(new Event("show"));
      return Promise.resolve();
    }
    hide() {
      this._showing = false;
      send("saveBar", { id: this.id, open: false });
      this.dispatchEvent(new Event("hide"));
      return Promise.resolve();
    }
    toggle() { return this.showing ? this.hide() : this.show(); }
  });

  // <ui-modal id=…>: rendered over the app as a dialog (real App Bridge renders it in the admin).
  define("ui-modal", class extends HTMLElement {
    connectedCallback() { if (!this._open) this.style.display = "none"; }
    get open() { return !!this._open; }
    show() {
      this._open = true;
      this.setAttribute("role", "dialog");
      this.setAttribute("aria-modal", "true");
      this.style.cssText = "display:block;position:fixed;inset:10% 20% auto 20%;z-index:1000;background:#fff;border-radius:12px;box-shadow:0 0 0 100vmax rgba(0,0,0,.45);padding:16px;max-height:80%;overflow:auto;";
      this.dispatchEvent(new Event("show"));
      return Promise.resolve();
    }
    hide() { this._open = false; this.style.display = "none"; this.dispatchEvent(new Event("hide")); return Promise.resolve(); }
    toggle() { return this._open ? this.hide() : this.show(); }
  });
})();
