import type { PrismaClient } from "@prisma/client";
import type { Emulator } from "../../emulator/src/server";
import { createShopifyFetch } from "~/shopify/emulator-routing.server";
import { control } from "./emulator";

/**
 * The offline session the app stores after a token exchange with `expiring: "1"` (what
 * @shopify/shopify-app-remix does with future.expiringOfflineAccessTokens): an access token for
 * an hour and a refresh token. Made here without a request, for tests of background work.
 */
export async function storeExpiringSession(emulator: Emulator, db: PrismaClient, shop: string) {
  const { token } = (await control(emulator, "session-token", { shop })) as { token: string };
  const response = await createShopifyFetch(emulator.url)(`https://${shop}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({
      client_id: process.env.SHOPIFY_API_KEY,
      client_secret: process.env.SHOPIFY_API_SECRET,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: token,
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      expiring: "1",
    }),
  });
  if (!response.ok) throw new Error(`token exchange failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { access_token: string; scope: string; expires_in: number; refresh_token: string; refresh_token_expires_in: number };
  const data = {
    shop,
    state: "",
    isOnline: false,
    scope: body.scope,
    accessToken: body.access_token,
    expires: new Date(Date.now() + body.expires_in * 1000),
    refreshToken: body.refresh_token,
    refreshTokenExpires: new Date(Date.now() + body.refresh_token_expires_in * 1000),
  };
  await db.session.upsert({ where: { id: `offline_${shop}` }, create: { id: `offline_${shop}`, ...data }, update: data });
  return body;
}

/** How many refreshes the emulator answered for the app on a shop. */
export async function refreshesAnswered(emulator: Emulator, shop: string): Promise<number> {
  const state = (await control(emulator, `shops/${shop}`)) as { installs: Record<string, { refreshes?: number }> };
  return state.installs[emulator.app.apiKey]?.refreshes ?? 0;
}
