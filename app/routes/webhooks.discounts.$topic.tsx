import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "~/webhooks/receive.server";

// discounts/create, update, delete, redeemcode_added, redeemcode_removed: verified and stored like
// every delivery (R32); the worker hands them to the drift checks (R37, app/webhooks/discounts.server.ts).
export const action = (args: ActionFunctionArgs) => receiveWebhook(args);
