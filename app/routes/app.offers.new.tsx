import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import {} from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { OfferForm } from "~/components/offer-form";
import { newOfferValues } from "~/domain/offers/offer-input";
import { formFields, readForm, refused } from "~/services/forms.server";
import { newOfferPage } from "~/services/offer-pages.server";
import { parseOfferSubmission, syncFormContext } from "~/services/offer-submission.server";
import { createOffer } from "~/services/offers.server";
import { requireAdmin } from "~/services/request-context.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  return { initial: newOfferValues(), ...(await newOfferPage(db, shop)), sync: await syncFormContext(db, shop) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const form = formFields(await readForm(request));
  const parsed = await parseOfferSubmission(db, shop, form);
  // R35: refused with a message per field; the form keeps what was typed (it is still on screen).
  if (!parsed.ok) return refused({ errors: parsed.errors });
  const result = await createOffer(db, { shop, actor, input: parsed.input, sync: parsed.sync });
  if (!result.ok) return refused({ errors: result.errors });
  return redirect(`/app/offers/${result.offer.id}?saved=created`);
}

export default function NewOffer() {
  const { initial, previewMembers, sync } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <AppPage title="Create offer" backAction={{ content: "Offers", url: "/app/offers" }}>
      <OfferForm formKey="new" initial={initial} errors={data?.errors} previewMembers={previewMembers} sync={sync} submitLabel="Create offer" />
    </AppPage>
  );
}
