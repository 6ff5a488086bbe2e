// Home (#21): the setup guide until the shop is set up, this month's figures, the offers needing
// attention and the jobs in progress. Each part is a component in app/components/home/.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Layout } from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { SetupGuide } from "~/components/home/setup-guide";
import { MonthFigures } from "~/components/home/month-figures";
import { NeedsAttention } from "~/components/home/attention";
import { JobsInProgress } from "~/components/home/jobs-in-progress";
import { dismissSetupGuide, loadHome } from "~/services/home.server";
import { requireAdmin } from "~/services/request-context.server";
import { SyncedFromOtherStores } from "~/components/regional/synced-offers";
import { LeakFlags } from "~/components/leak-flags";
import { DriftBanner } from "~/components/drift-banner";
import { loadShopFormat } from "~/services/shops.server";
import { driftSummary } from "~/services/drift.server";
import { listLeakFlags } from "~/services/leaks.server";
import { syncedIntoStore } from "~/services/regional.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop, admin } = await requireAdmin(request);
  const { timeZone } = await loadShopFormat({ db, admin });
  // The drift banner, the synced sections and the leak flags come with the page (not fetched after render).
  const [home, drift, synced, leaks] = await Promise.all([
    loadHome(db, shop, { now: new Date(), timeZone }),
    driftSummary(db, shop),
    syncedIntoStore(db, shop),
    listLeakFlags(db, shop, { take: 100 }),
  ]);
  return { ...home, drift, synced, leaks };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const form = await request.formData();
  if (form.get("intent") !== "dismiss-guide") return new Response("Unknown action", { status: 400 });
  await dismissSetupGuide(db, shop);
  return { ok: true };
}

export default function Home() {
  const home = useLoaderData<typeof loader>();
  return (
    <AppPage
      title={home.shopName}
      titleMetadata={home.currencyCode ? <Badge tone="info">{`Currency: ${home.currencyCode}`}</Badge> : undefined}
      primaryAction={{ content: "Create offer", url: "/app/offers/new" }}
      secondaryActions={[{ content: "Audit log", url: "/app/audit" }]}
    >
      <DriftBanner summary={home.drift} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {home.setupGuide ? <SetupGuide steps={home.setupGuide} /> : null}
            <MonthFigures figures={home.figures} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <NeedsAttention items={home.attention} />
            <JobsInProgress rows={home.jobs.rows} total={home.jobs.total} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <SyncedFromOtherStores data={home.synced} />
        </Layout.Section>
        <Layout.Section>
          <LeakFlags data={home.leaks} />
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}
