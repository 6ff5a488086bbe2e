import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { PerformanceDashboard } from "~/components/performance-dashboard";
import { getDashboard, rangeFormFromUrl } from "~/services/dashboard.server";
import { rateHealth } from "~/services/rates.server";
import { requireAdmin } from "~/services/request-context.server";
import { idParam } from "~/services/forms.server";
import { findOfferSummary } from "~/services/offer-pages.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: vizStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const offer = await findOfferSummary(db, shop, idParam(params.id, "Offer"));
  if (!offer) throw new Response("Offer not found", { status: 404 });
  const url = new URL(request.url);
  const includeTest = url.searchParams.get("test") === "1"; // issue 14: test orders only when asked
  const rates = await rateHealth(db, shop, new Date().toISOString().slice(0, 10));
  const { range, rangeForm } = rangeFormFromUrl(url);
  return {
    offer: { id: offer.id, name: offer.name },
    includeTest,
    rates,
    ...(await getDashboard(db, shop, { offerId: offer.id, includeTest }, range, { lists: false })),
    rangeForm,
  };
}

export default function OfferDashboard() {
  const data = useLoaderData<typeof loader>();
  return (
    <PerformanceDashboard
      data={data}
      subject={{ name: data.offer.name, url: `/app/offers/${data.offer.id}` }}
      conversionsUrl={`/app/conversions?offerId=${data.offer.id}`}
      breakdown={{ title: "By member", column: "Member", rows: data.byMember }}
    />
  );
}
