// The "Creator attribution" action's member picker (R41, issue 19): members of one of the
// requesting store's offers who have a code there, by name or email (`q`), at most 50.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { corsJson, requireExtensionAdmin } from "~/services/extension-request.server";
import { offerMembersForAttribution } from "~/services/order-extension.server";
import { searchParam } from "~/services/request-context.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop, db, cors } = await requireExtensionAdmin(request);
  const members = params.id ? await offerMembersForAttribution(db, shop, params.id, searchParam(new URL(request.url))) : null;
  if (!members) return corsJson(cors, { error: "Offer not found" }, 404);
  return corsJson(cors, { members });
}

/** Only the CORS preflight (OPTIONS) reaches here: authenticate.admin answers it. */
export async function action({ request }: ActionFunctionArgs) {
  const { cors } = await requireExtensionAdmin(request);
  return corsJson(cors, { error: "Method not allowed" }, 405);
}
