import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "smol-toml";

// shopify.app.toml is the local (emulator) configuration; shopify.app.production.toml is what
// `shopify app deploy` sends to Shopify (issue 11 §5). They must ask for the same access.
type Toml = {
  client_id: string;
  application_url: string;
  access_scopes: { scopes: string };
  auth: { redirect_urls: string[] };
  webhooks: { api_version: string; subscriptions: unknown[] };
};
const read = (file: string) => parse(readFileSync(file, "utf8")) as unknown as Toml;

describe("app configuration for Shopify CLI", () => {
  const dev = read("shopify.app.toml");
  const production = read("shopify.app.production.toml");

  it("production asks for the same scopes and webhook subscriptions as the emulator's configuration", () => {
    expect(production.access_scopes.scopes).toBe(dev.access_scopes.scopes);
    expect(production.webhooks).toEqual(dev.webhooks);
  });

  it("production URLs are https, on the application's host", () => {
    const app = new URL(production.application_url);
    expect(app.protocol).toBe("https:");
    for (const url of production.auth.redirect_urls) expect(new URL(url)).toMatchObject({ protocol: "https:", host: app.host });
  });

  it("the app asks for no scope it does not use: discounts (R6, R23) and orders (R27), not products", () => {
    expect(dev.access_scopes.scopes.split(",")).toEqual(["read_discounts", "write_discounts", "read_orders"]);
  });
});
