import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "~/webhooks/receive.server";

export const action = (args: ActionFunctionArgs) => receiveWebhook(args);
