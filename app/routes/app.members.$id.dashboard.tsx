import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { PerformanceDashboard } from "~/components/performance-dashboard";
import { getDashboard, rangeFormFromUrl } from "~/services/dashboard.server";
import { rateHealth } from "~/services/rates.server";
import { requireAdmin } from "~/services/request-context.server";
import { idParam } from "~/services/forms.server";
import { findMemberName } from "~/services/members.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: vizStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const member = await findMemberName(db, shop, idParam(params.id, "Member"));
  if (!member) throw new Response("Member not found", { status: 404 });
  const url = new URL(request.url);
  const includeTest = url.searchParams.get("test") === "1"; // issue 14: test orders only when asked
  const rates = await rateHealth(db, shop, new Date().toISOString().slice(0, 10));
  const { range, rangeForm } = rangeFormFromUrl(url);
  return { subject: member, includeTest, rates, ...(await getDashboard(db, shop, { memberId: member.id, includeTest }, range, { lists: false })), rangeForm };
}

export default function MemberDashboard() {
  const data = useLoaderData<typeof loader>();
  return (
    <PerformanceDashboard
      data={data}
      subject={{ name: data.subject.name, url: `/app/members/${data.subject.id}` }}
      conversionsUrl={`/app/conversions?memberId=${data.subject.id}`}
      breakdown={{ title: "By offer", column: "Offer", rows: data.byOffer }}
    />
  );
}
