import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import {} from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { OfferForm } from "~/components/offer-form";
import { formFields, idParam, readForm, refused } from "~/services/forms.server";
import { editOfferPage, findOfferSummary } from "~/services/offer-pages.server";
import { parseOfferSubmission, syncFormContext } from "~/services/offer-submission.server";
import { updateOffer } from "~/services/offers.server";
import { requireAdmin } from "~/services/request-context.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const page = await editOfferPage(db, shop, idParam(params.id, "Offer"));
  if (!page) throw new Response("Offer not found", { status: 404 });
  return { ...page, sync: await syncFormContext(db, shop, page.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const offer = await findOfferSummary(db, shop, idParam(params.id, "Offer"));
  if (!offer) throw new Response("Offer not found", { status: 404 });
  const form = formFields(await readForm(request));
  const parsed = await parseOfferSubmission(db, shop, form, offer.id);
  if (!parsed.ok) return refused({ errors: parsed.errors, confirm: undefined });
  const result = await updateOffer(db, { shop, actor, offerId: offer.id, input: parsed.input, sync: parsed.sync, confirmStoreChange: form.confirmStoreChange === "true" });
  // A store change on an offer with codes asks first (R9): 409 until the merchant confirms.
  if (!result.ok) return "confirm" in result ? refused({ errors: result.errors, confirm: result.confirm }, 409) : refused({ errors: result.errors, confirm: undefined });
  return redirect(`/app/offers/${offer.id}?saved=updated`);
}

export default function EditOffer() {
  const { id, name, initial, previewMembers, locked, sync } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <AppPage title={`Edit ${name}`} backAction={{ content: name, url: `/app/offers/${id}` }}>
      <OfferForm
        formKey={id}
        initial={initial}
        errors={data?.errors}
        confirm={data?.confirm}
        previewMembers={previewMembers}
        sync={sync}
        submitLabel="Save offer"
        lockedStructure={locked}
      />
    </AppPage>
  );
}
