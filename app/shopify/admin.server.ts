import type { Session } from "@shopify/shopify-app-remix/server";
import { createAdminClient, type AdminClient } from "./client.server";
import { shopifyFetch } from "./emulator-routing.server";

/** The Admin client for a shop's stored session (offline token). */
export function adminClientForSession(session: Pick<Session, "shop" | "accessToken">): AdminClient {
  if (!session.accessToken) throw new Error(`No access token stored for ${session.shop}`);
  return createAdminClient({ shop: session.shop, accessToken: session.accessToken, fetch: shopifyFetch });
}
