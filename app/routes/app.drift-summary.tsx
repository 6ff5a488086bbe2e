// The "Needs attention" banner's numbers (R37): unresolved drift of the shop, or of one offer.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { ID } from "~/domain/input/fields";
import { driftSummary } from "~/services/drift.server";
import { requireAdmin } from "~/services/request-context.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const offer = new URL(request.url).searchParams.get("offer");
  return driftSummary(db, shop, offer && ID.test(offer) ? offer : undefined);
}
