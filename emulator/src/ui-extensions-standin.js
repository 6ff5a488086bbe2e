// The emulator's stand-in for Shopify admin's UI extension runtime (issue 19; docs/admin-extensions.md).
// Shopify runs an admin UI extension's bundle in a sandbox, gives it a `shopify` global for its
// target and renders the Polaris web components (s-*) it creates. Here the bundle runs in an
// iframe of the emulator's order page, with:
// - `shopify`: extension.target, data.selected [{id: order GID}], i18n (translate from the
//   extension's locales/en.default.json with {{name}} replacements, formatCurrency/Number/Date
//   with Intl, en), auth.idToken(), close() (actions), toast.show/hide, navigation.navigate,
//   extend(target, fn) (what the CLI's entry calls); query() is not emulated (rejects).
// - fetch(): a relative URL is resolved against the app's URL; a request to the app's origin gets
//   `Authorization: Bearer <session token>` (a fresh token signed by the emulator), as the admin
//   does. The request is cross-origin: the app must answer CORS and its preflight.
// - a minimal set of Polaris web components (below, `ELEMENTS`); any other s-* element is shown
//   with a dashed red outline and a console warning, so a gap in the stand-in is visible.
(function () {
  "use strict";
  var registry = new Map();
  var config = null;

  function post(type, payload) {
    window.parent.postMessage({ source: "ui-extension-standin", type: type, frameId: config.frameId, payload: payload || {} }, window.location.origin);
  }

  function translate(key, options) {
    var node = key.split(".").reduce(function (n, part) {
      return n && typeof n === "object" ? n[part] : undefined;
    }, config.locale);
    if (typeof node !== "string") return key;
    var opts = options || {};
    return node.replace(/\{\{\s*(\w+)\s*\}\}/g, function (_, name) {
      return opts[name] === undefined ? "" : String(opts[name]);
    });
  }

  function idToken() {
    return window
      .fetchNative(config.tokenUrl)
      .then(function (r) {
        return r.json();
      })
      .then(function (r) {
        return r.token || null;
      });
  }

  function navigate(href) {
    var url = String(href);
    if (url.indexOf("app:") === 0) window.top.location.href = config.appPagePrefix + url.slice(4).replace(/^\/+/, "");
    else if (url.indexOf("shopify:admin/") === 0) window.top.location.href = config.adminPrefix + url.slice("shopify:admin/".length);
    else window.open(url, "_blank", "noopener");
  }

  window.fetchNative = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var raw = typeof input === "string" || input instanceof URL ? String(input) : input.url;
    var url = new URL(raw, config.appUrl + "/");
    if (url.origin !== new URL(config.appUrl).origin) return window.fetchNative(input, init);
    return idToken().then(function (token) {
      var headers = new Headers((init && init.headers) || (typeof input === "object" && !(input instanceof URL) ? input.headers : undefined));
      if (token) headers.set("Authorization", "Bearer " + token);
      return window.fetchNative(url.toString(), Object.assign({}, init || {}, { headers: headers, mode: "cors" }));
    });
  };

  window.shopifyStandin = {
    install: function (c) {
      config = c;
      window.shopify = {
        extension: { target: c.target },
        data: { selected: c.selected },
        i18n: {
          locale: "en",
          translate: translate,
          formatCurrency: function (n, o) {
            return new Intl.NumberFormat("en-US", Object.assign({ style: "currency", currency: "USD" }, o || {})).format(n);
          },
          formatNumber: function (n, o) {
            return new Intl.NumberFormat("en-US", o || {}).format(n);
          },
          formatDate: function (d, o) {
            return new Intl.DateTimeFormat("en-US", o || {}).format(d);
          },
        },
        auth: { idToken: idToken },
        close: function () {
          post("close");
        },
        toast: {
          show: function (message, o) {
            post("toast", { message: message, isError: Boolean(o && o.isError) });
          },
          hide: function () {},
        },
        navigation: { navigate: navigate },
        query: function () {
          return Promise.reject(new Error("shopify.query (direct Admin API access) is not emulated"));
        },
        extend: function (target, fn) {
          registry.set(target, fn);
        },
      };
    },
    run: function () {
      var fn = registry.get(config.target);
      if (!fn) {
        document.body.textContent = "This extension does not render " + config.target + ".";
        return;
      }
      Promise.resolve(fn()).catch(function (e) {
        console.error(e);
        document.body.textContent = "Extension error: " + e;
      });
      var report = function () {
        post("height", { height: document.documentElement.scrollHeight });
      };
      new ResizeObserver(report).observe(document.body);
      new MutationObserver(function () {
        document.querySelectorAll("*").forEach(function (el) {
          var tag = el.tagName.toLowerCase();
          if (tag.indexOf("s-") === 0 && !customElements.get(tag) && !el.hasAttribute("data-unsupported")) {
            el.setAttribute("data-unsupported", "");
            console.warn("<" + tag + "> is not in the emulator's stand-in set (docs/admin-extensions.md)");
          }
        });
      }).observe(document.body, { childList: true, subtree: true });
    },
  };

  // ---- Polaris web components: a minimal stand-in set ----
  var TONES = {
    success: "#cdfee1;color:#0c5132",
    critical: "#fee9e8;color:#8e1f0b",
    warning: "#fff1e3;color:#5e4200",
    info: "#eaf4ff;color:#00527c",
    caution: "#fff8db;color:#4f4700",
    neutral: "#ebebeb;color:#303030",
    auto: "#ebebeb;color:#303030",
  };
  var GAPS = {
    none: "0",
    "small-500": "2px",
    "small-400": "2px",
    "small-300": "4px",
    "small-200": "6px",
    "small-100": "8px",
    small: "8px",
    base: "12px",
    "large-100": "16px",
    large: "16px",
    "large-200": "20px",
  };

  function define(tag, render, opts) {
    var options = opts || {};
    var Base = class extends HTMLElement {
      static get observedAttributes() {
        return options.attributes || [];
      }
      constructor() {
        super();
        this.attachShadow({ mode: "open" });
        if (options.setup) options.setup(this);
      }
      connectedCallback() {
        this.update();
      }
      attributeChangedCallback() {
        this.update();
      }
      update() {
        render(this, this.shadowRoot);
      }
    };
    (options.properties || []).forEach(function (name) {
      Object.defineProperty(Base.prototype, name, {
        get: function () {
          return this["_" + name] !== undefined ? this["_" + name] : this.getAttribute(name) === null ? "" : this.getAttribute(name);
        },
        set: function (v) {
          this["_" + name] = v;
          if (this.isConnected) this.update();
        },
      });
    });
    customElements.define(tag, Base);
  }
  var esc = function (s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return "&#" + c.charCodeAt(0) + ";";
    });
  };
  var once = function (root, html) {
    if (root.__html !== html) {
      root.innerHTML = html;
      root.__html = html;
    }
  };

  define(
    "s-admin-block",
    function (el, root) {
      once(
        root,
        '<style>:host{display:block;background:#fff;border-radius:12px;box-shadow:0 1px 0 #1a1a1a12,0 0 0 1px #e3e3e3;padding:16px;font:14px/20px -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;color:#303030}h2{font-size:14px;font-weight:650;margin:0 0 12px}</style><h2 part="heading">' +
          esc(el.getAttribute("heading")) +
          "</h2><slot></slot>",
      );
    },
    { attributes: ["heading"] },
  );

  define(
    "s-admin-action",
    function (el, root) {
      var loading = el.hasAttribute("loading") && el.getAttribute("loading") !== "false";
      once(
        root,
        '<style>:host{display:flex;flex-direction:column;min-height:100vh;font:14px/20px -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;color:#303030}header{padding:16px;border-bottom:1px solid #e3e3e3}h2{font-size:14px;font-weight:650;margin:0}.body{flex:1;padding:16px}footer{display:flex;justify-content:flex-end;gap:8px;padding:12px 16px;border-top:1px solid #e3e3e3;background:#f7f7f7}</style>' +
          '<header><h2 part="heading">' +
          esc(el.getAttribute("heading")) +
          "</h2></header><div class=body>" +
          (loading ? "<p role=status>Loading…</p>" : "") +
          '<slot></slot></div><footer><slot name="secondary-actions"></slot><slot name="primary-action"></slot></footer>',
      );
    },
    { attributes: ["heading", "loading"] },
  );

  define(
    "s-stack",
    function (el, root) {
      var inline = el.getAttribute("direction") === "inline";
      once(
        root,
        "<style>:host{display:flex;flex-direction:" +
          (inline ? "row;flex-wrap:wrap;align-items:center" : "column") +
          ";gap:" +
          (GAPS[el.getAttribute("gap") || "none"] || "0") +
          "}</style><slot></slot>",
      );
    },
    { attributes: ["direction", "gap"] },
  );

  ["s-box", "s-section"].forEach(function (tag) {
    define(
      tag,
      function (el, root) {
        once(
          root,
          "<style>:host{display:block}</style>" +
            (el.getAttribute("heading") ? "<h3 style='font-size:13px;margin:0 0 8px'>" + esc(el.getAttribute("heading")) + "</h3>" : "") +
            "<slot></slot>",
        );
      },
      { attributes: ["heading"] },
    );
  });

  define(
    "s-text",
    function (el, root) {
      var type = el.getAttribute("type");
      var tone = el.getAttribute("tone");
      once(
        root,
        "<style>:host{display:inline}span{" +
          (type === "strong" ? "font-weight:650;" : "") +
          (tone === "critical" ? "color:#8e1f0b;" : tone === "neutral" || tone === "subdued" ? "color:#616161;" : "") +
          "}</style><span><slot></slot></span>",
      );
    },
    { attributes: ["type", "tone"] },
  );
  define("s-paragraph", function (el, root) {
    once(root, "<style>:host{display:block;margin:0}</style><slot></slot>");
  });
  define("s-heading", function (el, root) {
    once(root, "<style>:host{display:block;font-weight:650}</style><slot></slot>");
  });
  define("s-divider", function (el, root) {
    once(root, "<style>:host{display:block;border-top:1px solid #e3e3e3;margin:4px 0}</style>");
  });

  define(
    "s-badge",
    function (el, root) {
      var tone = TONES[el.getAttribute("tone") || "neutral"] || TONES.neutral;
      once(
        root,
        "<style>:host{display:inline-block}span{display:inline-block;border-radius:8px;padding:0 8px;font-size:12px;font-weight:550;background:" +
          tone +
          "}</style><span part=badge><slot></slot></span>",
      );
    },
    { attributes: ["tone"] },
  );

  define(
    "s-banner",
    function (el, root) {
      var tone = TONES[el.getAttribute("tone") || "info"] || TONES.info;
      once(
        root,
        "<style>:host{display:block}div{border-radius:8px;padding:8px 12px;background:" +
          tone +
          "}</style><div role=status>" +
          (el.getAttribute("heading") ? "<strong>" + esc(el.getAttribute("heading")) + "</strong><br>" : "") +
          "<slot></slot></div>",
      );
    },
    { attributes: ["tone", "heading"] },
  );

  define(
    "s-link",
    function (el, root) {
      once(root, "<style>:host{display:inline}a{color:#005bd3;text-decoration:underline;cursor:pointer}</style><a part=link href='#'><slot></slot></a>");
    },
    {
      attributes: ["href"],
      setup: function (el) {
        el.addEventListener("click", function (e) {
          var href = el.getAttribute("href") || el.href;
          e.preventDefault();
          if (href) navigate(href);
        });
      },
    },
  );

  define(
    "s-button",
    function (el, root) {
      var disabled = el.hasAttribute("disabled") && el.getAttribute("disabled") !== "false";
      var primary = el.getAttribute("variant") === "primary";
      var critical = el.getAttribute("tone") === "critical";
      once(
        root,
        "<style>:host{display:inline-block}button{font:inherit;font-weight:550;border-radius:8px;padding:6px 12px;cursor:pointer;border:1px solid " +
          (primary ? (critical ? "#8e1f0b" : "#303030") : "#c9c9c9") +
          ";background:" +
          (primary ? (critical ? "#c70a24" : "#303030") : "#fff") +
          ";color:" +
          (primary ? "#fff" : "#303030") +
          "}button:disabled{opacity:.5;cursor:default}</style><button part=button" +
          (disabled ? " disabled" : "") +
          "><slot></slot></button>",
      );
    },
    {
      attributes: ["disabled", "variant", "tone"],
      setup: function (el) {
        // A disabled button's click reaches no listener (capture at the target runs first).
        el.addEventListener(
          "click",
          function (e) {
            if (el.hasAttribute("disabled") && el.getAttribute("disabled") !== "false") e.stopImmediatePropagation();
          },
          { capture: true },
        );
      },
    },
  );

  define(
    "s-option",
    function (el, root) {
      once(root, "<style>:host{display:none}</style>");
    },
    { attributes: ["value"] },
  );

  function fieldShell(el, control) {
    var error = el.getAttribute("error");
    return (
      "<style>:host{display:block}.field{display:flex;flex-direction:column;gap:4px}select,input,textarea{font:inherit;padding:6px 8px;border:1px solid " +
      (error ? "#8e1f0b" : "#8a8a8a") +
      ";border-radius:8px}.error{color:#8e1f0b;font-size:13px}</style><div class=field><label for=control>" +
      esc(el.getAttribute("label")) +
      "</label>" +
      control +
      "</div>" +
      (error ? "<span class=error role=alert>" + esc(error) + "</span>" : "")
    );
  }

  define(
    "s-select",
    function (el, root) {
      var options = Array.prototype.map
        .call(el.querySelectorAll("s-option"), function (o) {
          return "<option value='" + esc(o.getAttribute("value")) + "'>" + esc(o.textContent) + "</option>";
        })
        .join("");
      once(root, fieldShell(el, "<select id=control>" + options + "</select>"));
      var select = root.querySelector("select");
      select.value = el.value;
      if (!select.__wired) {
        select.__wired = true;
        select.addEventListener("change", function () {
          el._value = select.value;
          el.dispatchEvent(new Event("input", { bubbles: true }));
          el.dispatchEvent(new Event("change", { bubbles: true }));
        });
      }
    },
    {
      attributes: ["label", "error"],
      properties: ["value"],
      setup: function (el) {
        new MutationObserver(function () {
          el.update();
        }).observe(el, { childList: true, subtree: true, characterData: true, attributes: true });
      },
    },
  );

  function textInput(tag, control) {
    define(
      tag,
      function (el, root) {
        once(root, fieldShell(el, control));
        var input = root.querySelector("input,textarea");
        if (input.value !== el.value) input.value = el.value;
        if (!input.__wired) {
          input.__wired = true;
          // `input` is composed: it reaches the host's listeners by itself, after this one.
          input.addEventListener("input", function () {
            el._value = input.value;
          });
          input.addEventListener("change", function () {
            el.dispatchEvent(new Event("change", { bubbles: true }));
          });
        }
      },
      { attributes: ["label", "error", "placeholder"], properties: ["value"] },
    );
  }
  textInput("s-text-field", "<input id=control type=text>");
  textInput("s-search-field", "<input id=control type=search>");
  textInput("s-text-area", "<textarea id=control rows=3></textarea>");

  window.shopifyStandin.ELEMENTS = [
    "s-admin-block",
    "s-admin-action",
    "s-stack",
    "s-box",
    "s-section",
    "s-text",
    "s-paragraph",
    "s-heading",
    "s-divider",
    "s-badge",
    "s-banner",
    "s-link",
    "s-button",
    "s-select",
    "s-option",
    "s-text-field",
    "s-search-field",
    "s-text-area",
  ];
})();
