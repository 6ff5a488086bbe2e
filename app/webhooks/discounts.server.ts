// The discounts family: changes to discounts made in a store's admin (R37 drift). Stored and
// checked like every delivery; the drift work acts on them (docs/decisions/041). Not subscribed in
// shopify.app.toml until then.
import { z } from "zod";
import { family, topic } from "./family";

/** discounts/*: the discount's GraphQL id names it; the rest varies by topic (Shopify's examples). */
const discountPayload = z.object({ admin_graphql_api_id: z.string().min(1) }).passthrough();
const redeemCodePayload = discountPayload.extend({ redeem_code: z.object({ id: z.string(), code: z.string() }).passthrough() }).passthrough();

const nothingYet = async () => undefined;

export const discounts = family({
  DISCOUNTS_CREATE: topic({ schema: discountPayload, handle: nothingYet }),
  DISCOUNTS_UPDATE: topic({ schema: discountPayload, handle: nothingYet }),
  DISCOUNTS_DELETE: topic({ schema: discountPayload, handle: nothingYet }),

  DISCOUNTS_REDEEMCODE_ADDED: topic({ schema: redeemCodePayload, handle: nothingYet }),
  DISCOUNTS_REDEEMCODE_REMOVED: topic({ schema: redeemCodePayload, handle: nothingYet }),
});
