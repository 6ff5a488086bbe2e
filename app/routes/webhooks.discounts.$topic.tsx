import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "~/webhooks/receive.server";

// discounts/create, update, delete, redeemcode_added, redeemcode_removed: verified and stored like
// every delivery (R32); no handler yet, so the worker marks them done. Not subscribed in
// shopify.app.toml until the app acts on them (docs/decisions/041).
export const action = (args: ActionFunctionArgs) => receiveWebhook(args);
