// The order page's admin extensions' backend (R41, issue 19): GET what the "Creator Codes" block
// shows for an order of the requesting store; POST the "Creator attribution" action's writes.
// Authenticated with the session token Shopify admin adds to the extension's fetch, answered with
// CORS headers (app/services/extension-request.server.ts). Logic: app/services/order-extension.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { corsJson, requireExtensionAdmin } from "~/services/extension-request.server";
import { attributeOrder, excludeOrderConversion, orderGidOf, orderView } from "~/services/order-extension.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop, db, cors } = await requireExtensionAdmin(request);
  const orderId = orderGidOf(params.id);
  if (!orderId) return corsJson(cors, { error: "Not an order id" }, 404);
  return corsJson(cors, await orderView(db, shop, orderId));
}

const body = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("exclude"), conversionId: z.string().min(1).max(64), reason: z.string().max(2000) }),
  z.object({ intent: z.literal("attribute"), offerId: z.string().min(1).max(64), memberId: z.string().min(1).max(64), reason: z.string().max(2000) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { shop, actor, db, cors } = await requireExtensionAdmin(request); // OPTIONS: the preflight is answered there
  if (request.method !== "POST") return corsJson(cors, { error: "Method not allowed" }, 405);
  const orderId = orderGidOf(params.id);
  if (!orderId) return corsJson(cors, { error: "Not an order id" }, 404);
  let input: z.infer<typeof body>;
  try {
    input = body.parse(await request.json());
  } catch {
    return corsJson(cors, { error: "Expected {intent: exclude, conversionId, reason} or {intent: attribute, offerId, memberId, reason}" }, 400);
  }
  const result =
    input.intent === "exclude"
      ? await excludeOrderConversion(db, { store: shop, actor, orderId, conversionId: input.conversionId, reason: input.reason })
      : await attributeOrder(db, { store: shop, actor, orderId, offerId: input.offerId, memberId: input.memberId, reason: input.reason });
  if (!result.ok) return corsJson(cors, { error: result.message }, result.status);
  return corsJson(cors, await orderView(db, shop, orderId));
}
