import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AppConfig } from "./app-config";
import { ACTION_TARGET, BLOCK_TARGET, extensionFramePage, loadExtensions, orderPage, ordersListPage } from "./orders-admin";
import { seedState } from "./state";

const app = {
  apiKey: "k",
  apiSecret: "s",
  appUrl: "http://127.0.0.1:3000",
  handle: "creator-codes",
  name: "Creator Codes",
  scopes: "",
  webhookApiVersion: "2026-10",
  subscriptions: [],
} as AppConfig;

function extensionsDir(built: boolean) {
  const dir = mkdtempSync(path.join(tmpdir(), "ext-"));
  const root = path.join(dir, "order-creator");
  mkdirSync(path.join(root, "locales"), { recursive: true });
  writeFileSync(
    path.join(root, "shopify.extension.toml"),
    `api_version = "2026-10"\n[[extensions]]\nname = "t:block_name"\nhandle = "b"\ntype = "ui_extension"\n[[extensions.targeting]]\nmodule = "./src/B.tsx"\ntarget = "${BLOCK_TARGET}"\n[[extensions]]\nname = "Creator attribution"\nhandle = "a"\ntype = "ui_extension"\n[[extensions.targeting]]\nmodule = "./src/A.tsx"\ntarget = "${ACTION_TARGET}"\n`,
  );
  writeFileSync(path.join(root, "locales", "en.default.json"), JSON.stringify({ block_name: "Creator Codes" }));
  if (built) {
    mkdirSync(path.join(root, "dist"));
    writeFileSync(path.join(root, "dist", "b.js"), "");
    writeFileSync(path.join(root, "dist", "a.js"), "");
  }
  return dir;
}

const order = {
  admin_graphql_api_id: "gid://shopify/Order/1001",
  name: "#1001",
  created_at: "2026-11-27T10:00:00Z",
  currency: "USD",
  subtotal_price: "40.00",
  total_price: "45.00",
  financial_status: "paid",
  discount_codes: [{ code: "CARA-ONE", amount: "4.00" }],
  line_items: [{ title: "Hoodie", quantity: 2, price: "22.00" }],
};

describe("emulator admin: orders and the app's admin UI extensions (issue 19, R41)", () => {
  it("R41: reads each ui_extension of shopify.extension.toml with its name from the default locale and whether it is built", () => {
    expect(loadExtensions(extensionsDir(true)).map((e) => [e.handle, e.name, e.targets, e.built])).toEqual([
      ["b", "Creator Codes", [BLOCK_TARGET], true],
      ["a", "Creator attribution", [ACTION_TARGET], true],
    ]);
    expect(loadExtensions(extensionsDir(false)).every((e) => !e.built)).toBe(true);
    expect(loadExtensions(path.join(tmpdir(), "no-such-dir"))).toEqual([]);
  });

  it("R41: the order page frames each block with the order's GID and lists each action under More actions, only where the app is installed", () => {
    const shop = seedState().shops["us-store.myshopify.com"]!;
    shop.orders = { "1001": order };
    expect(ordersListPage(shop, app)).toContain('href="/store/us-store/orders/1001"');
    const html = orderPage(shop, app, order, loadExtensions(extensionsDir(true)), true);
    expect(html).toContain(`src="/store/us-store/extensions/b/${BLOCK_TARGET}?selected=gid%3A%2F%2Fshopify%2FOrder%2F1001&#38;frame=b0"`);
    expect(html).toMatch(/role="menuitem" data-src="[^"]+\/extensions\/a\/admin\.order-details\.action\.render[^"]*">Creator attribution</);
    expect(html).toContain("CARA-ONE");
    const notInstalled = orderPage(shop, app, order, loadExtensions(extensionsDir(true)), false);
    expect(notInstalled).not.toContain("/extensions/");
    expect(notInstalled).not.toContain("More actions");
    expect(orderPage(shop, app, order, loadExtensions(extensionsDir(false)), true)).toContain("not built");
  });

  it("R41: an extension's document gives the stand-in its target, the selected order, the app's URL and where to get a session token", () => {
    const shop = seedState().shops["us-store.myshopify.com"]!;
    const [extension] = loadExtensions(extensionsDir(true));
    const html = extensionFramePage({
      shop,
      app,
      extension: { ...extension!, locale: { x: "</script><script>alert(1)</script>" } },
      target: BLOCK_TARGET,
      selected: "gid://shopify/Order/1001",
      frameId: "b0",
    });
    expect(html).toContain('"selected":[{"id":"gid://shopify/Order/1001"}]');
    expect(html).toContain('"tokenUrl":"/store/us-store/apps/creator-codes/id-token"');
    expect(html).toContain('"appUrl":"http://127.0.0.1:3000"');
    expect(html).toContain('<script src="/_extensions/b.js"></script>');
    expect(html).not.toContain("</script><script>alert(1)");
  });
});
