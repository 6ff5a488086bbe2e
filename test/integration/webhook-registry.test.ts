import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "smol-toml";
import { familyOf, TOPICS } from "~/webhooks/registry.server";
import { topicKey, WEBHOOK_TOPICS } from "~/webhooks/topics";

// The topic registry against what Shopify is asked to send (issue 22): every topic subscribed in
// shopify.app.toml (and the production file, which must match it) has a handler in its family
// module, and a route at the subscription's uri. The compiler checks the other half: every topic of
// WEBHOOK_TOPICS has a definition (app/webhooks/registry.server.ts).
type Subscription = { topics?: string[]; compliance_topics?: string[]; uri: string };
const subscriptionsOf = (file: string) => (parse(readFileSync(file, "utf8")) as unknown as { webhooks: { subscriptions: Subscription[] } }).webhooks.subscriptions;

describe("webhook topic registry (R32)", () => {
  for (const file of ["shopify.app.toml", "shopify.app.production.toml"]) {
    it(`R32: every topic ${file} subscribes to has a handler and a route`, () => {
      const subscriptions = subscriptionsOf(file);
      expect(subscriptions.length).toBeGreaterThan(0);
      for (const s of subscriptions) {
        for (const topic of [...(s.topics ?? []), ...(s.compliance_topics ?? [])]) {
          const key = topicKey(topic);
          expect(WEBHOOK_TOPICS, `${topic} in ${file}`).toContain(key);
          expect(typeof TOPICS[key as keyof typeof TOPICS]?.handle, `${topic}'s handler`).toBe("function");
          expect(familyOf.get(key as keyof typeof TOPICS), `${topic}'s family`).toBeDefined();
          // Remix's flat routes: /webhooks/orders/create → app/routes/webhooks.orders.create.tsx
          const route = s.uri.startsWith("/webhooks/discounts/") ? "webhooks.discounts.$topic" : s.uri.replace(/^\//, "").replace(/\//g, ".");
          expect(existsSync(`app/routes/${route}.tsx`), `${s.uri} has a route`).toBe(true);
        }
      }
    });
  }

  it("R32: every topic of the closed list belongs to exactly one family", () => {
    for (const topic of WEBHOOK_TOPICS) expect(familyOf.get(topic), topic).toBeDefined();
    expect(familyOf.size).toBe(WEBHOOK_TOPICS.length);
  });
});
