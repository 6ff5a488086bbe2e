import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Page } from "@shopify/polaris";
import { OfferForm } from "~/components/offer-form";
import { newOfferValues } from "~/domain/offers/offer-input";
import { parseOfferSubmission, syncFormContext } from "~/services/offer-submission.server";
import { createOffer } from "~/services/offers.server";
import { requireAdmin } from "~/services/request-context.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const previewMembers = await db.member.findMany({ where: { shop }, take: 3, orderBy: { createdAt: "desc" }, select: { firstName: true, lastName: true, handle: true } });
  return { initial: newOfferValues(), previewMembers, sync: await syncFormContext(db, shop) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const parsed = await parseOfferSubmission(db, shop, Object.fromEntries(await request.formData()));
  if (!parsed.ok) return { errors: parsed.errors };
  const result = await createOffer(db, { shop, actor, input: parsed.input, sync: parsed.sync });
  if (!result.ok) return { errors: result.errors };
  return redirect(`/app/offers/${result.offer.id}?saved=created`);
}

export default function NewOffer() {
  const { initial, previewMembers, sync } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <Page title="Create offer" backAction={{ content: "Offers", url: "/app/offers" }}>
      <OfferForm initial={initial} errors={data?.errors} previewMembers={previewMembers} sync={sync} submitLabel="Create offer" />
    </Page>
  );
}
