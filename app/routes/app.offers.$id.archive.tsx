// Archive / unarchive an offer (issue 21): GET is the confirmation's preview (what will be
// deactivated, what is kept), POST does it. Archiving is a DEACTIVATE_CODES job (R38): the
// merchant is taken to its page; with no live code, back to the offer.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { archiveOffer, previewArchive, unarchiveOffer } from "~/services/offer-archive.server";
import { formFields, idParam, readForm, refused } from "~/services/forms.server";
import { requireAdmin } from "~/services/request-context.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const preview = await previewArchive(db, shop, idParam(params.id, "Offer"));
  if (!preview) throw new Response("Offer not found", { status: 404 });
  return { preview };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const offerId = idParam(params.id, "Offer");
  const { intent } = formFields(await readForm(request));
  if (intent !== "archive" && intent !== "unarchive") throw new Response("Unknown action", { status: 400 });
  if (intent === "unarchive") {
    const result = await unarchiveOffer(db, { shop, actor, offerId });
    if (!result.ok) return refused({ error: result.error }, 409);
    return redirect(`/app/offers/${offerId}?saved=unarchived`);
  }
  const result = await archiveOffer(db, { shop, actor, offerId });
  if (!result.ok) return refused({ error: result.error }, 409);
  return redirect(result.jobId ? `/app/jobs/${result.jobId}` : `/app/offers/${offerId}?saved=archived`);
}
