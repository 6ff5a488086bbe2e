// The app family: app/uninstalled (R11) and app/scopes_update (R32).
import { z } from "zod";
import { markUninstalled, updateGrantedScopes } from "~/services/shops.server";
import { family, topic } from "./family";

const id = z.union([z.number(), z.string().min(1)]);

export const app = family({
  APP_UNINSTALLED: topic({
    // The REST Shop object. Shopify's example leaves myshopify_domain null, a real delivery never does.
    schema: z.object({ id, myshopify_domain: z.string() }).passthrough(),
    shopOf: (shop) => shop.myshopify_domain,
    handle: ({ db }, delivery) => markUninstalled(db, delivery.shop, delivery.receivedAt),
  }),
  APP_SCOPES_UPDATE: topic({
    // Names no shop: the header is all there is.
    schema: z.object({ shop_id: id, current: z.array(z.string()), previous: z.array(z.string()).optional(), updated_at: z.string() }).passthrough(),
    handle: ({ db }, delivery, scopes) => updateGrantedScopes(db, delivery.shop, scopes.current),
  }),
});
