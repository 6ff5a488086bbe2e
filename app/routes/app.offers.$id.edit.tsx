import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Page } from "@shopify/polaris";
import { OfferForm } from "~/components/offer-form";
import { offerToValues } from "~/domain/offers/offer-input";
import { parseOfferSubmission, syncFormContext } from "~/services/offer-submission.server";
import { updateOffer } from "~/services/offers.server";
import { requireAdmin } from "~/services/request-context.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const offer = await db.offer.findFirst({ where: { id: params.id, shop } });
  if (!offer) throw new Response("Offer not found", { status: 404 });
  const codes = await db.promoCode.count({ where: { offerId: offer.id, status: { not: "FAILED" } } });
  const previewMembers = await db.member.findMany({ where: { shop, offers: { some: { offerId: offer.id } } }, take: 3, select: { firstName: true, lastName: true, handle: true } });
  return { id: offer.id, name: offer.name, initial: offerToValues(offer), previewMembers, locked: codes > 0, sync: await syncFormContext(db, shop, offer.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const form = Object.fromEntries(await request.formData());
  const parsed = await parseOfferSubmission(db, shop, form, params.id!);
  if (!parsed.ok) return { errors: parsed.errors };
  const result = await updateOffer(db, { shop, actor, offerId: params.id!, input: parsed.input, sync: parsed.sync, confirmStoreChange: form.confirmStoreChange === "true" });
  if (!result.ok) return { errors: result.errors, confirm: "confirm" in result ? result.confirm : undefined };
  return redirect(`/app/offers/${params.id}?saved=updated`);
}

export default function EditOffer() {
  const { id, name, initial, previewMembers, locked, sync } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <Page title={`Edit ${name}`} backAction={{ content: name, url: `/app/offers/${id}` }}>
      <OfferForm initial={initial} errors={data?.errors} confirm={data?.confirm} previewMembers={previewMembers} sync={sync} submitLabel="Save offer" lockedStructure={locked} />
    </Page>
  );
}
