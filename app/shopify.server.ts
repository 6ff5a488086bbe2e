import "@shopify/shopify-app-remix/adapters/node";
import { AppDistribution, shopifyApp, type Session } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import prisma from "./db.server";
import { env } from "./env.server";
import { API_VERSION } from "./shopify/api-version";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { shopifyFetch } from "./shopify/emulator-routing.server";
import { recordInstall } from "./services/shops.server";
import { clearMerchantNeeded, offlineTokens } from "./shopify/offline-token.server";

const config = env();
// After the library import (it captures fetch at import time): route to the emulator if asked.
setAbstractFetchFunc(shopifyFetch as never);

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: config.SCOPES.split(",")
    .map((s) => s.trim())
    .filter(Boolean),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(prisma),
  distribution: AppDistribution.AppStore,
  // Expiring offline tokens (1 h, refresh token 90 days): required of public apps from 2027-01-01.
  // The library renews them on requests; background work renews through
  // app/shopify/offline-token.server.ts (docs/decisions/030).
  future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
  hooks: {
    afterAuth: async ({ session }: { session: Session }) => {
      // Through the renewing source: a second token exchange of the same page load (parallel
      // loaders) revokes this session's token at once; the source then uses the newer one.
      await recordInstall({ db: prisma, admin: offlineTokens(prisma).adminFor(session.shop, { initial: session }) });
      // A token exchange just happened: a store marked as needing its merchant no longer does.
      await clearMerchantNeeded(prisma, session.shop);
    },
  },
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
