// "Export codes" (R19, issue 17): every code of an offer as a streamed CSV download.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse, offerCodesCsv } from "~/services/code-export.server";
import { requireAdmin } from "~/services/request-context.server";
import { idParam } from "~/services/forms.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const file = await offerCodesCsv(db, shop, idParam(params.id));
  if (!file) throw new Response("Offer not found", { status: 404 });
  return csvResponse(file);
}
