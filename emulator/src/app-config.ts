import { readFileSync } from "node:fs";
import { parse } from "smol-toml";

export interface WebhookSubscription {
  topic: string;
  uri: string;
  compliance: boolean;
}

/** The app as Shopify knows it after `shopify app deploy`: from shopify.app.toml plus its secret. */
export interface AppConfig {
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  handle: string;
  name: string;
  scopes: string;
  webhookApiVersion: string;
  subscriptions: WebhookSubscription[];
}

interface Toml {
  client_id: string;
  name: string;
  handle?: string;
  application_url: string;
  access_scopes?: { scopes?: string };
  webhooks?: { api_version?: string; subscriptions?: { topics?: string[]; compliance_topics?: string[]; uri: string }[] };
}

export function loadAppConfig(tomlPath: string, overrides: Partial<AppConfig> & { apiSecret: string }): AppConfig {
  const toml = parse(readFileSync(tomlPath, "utf8")) as unknown as Toml;
  const subscriptions: WebhookSubscription[] = [];
  for (const s of toml.webhooks?.subscriptions ?? []) {
    for (const topic of s.topics ?? []) subscriptions.push({ topic, uri: s.uri, compliance: false });
    for (const topic of s.compliance_topics ?? []) subscriptions.push({ topic, uri: s.uri, compliance: true });
  }
  return {
    apiKey: toml.client_id,
    appUrl: toml.application_url,
    handle: toml.handle ?? "app",
    name: toml.name,
    scopes: toml.access_scopes?.scopes ?? "",
    webhookApiVersion: toml.webhooks?.api_version ?? "2026-10",
    subscriptions,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  } as AppConfig;
}
