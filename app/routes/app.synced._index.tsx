// R42: everything other stores sync into this one, read-only. Also the data of the "Synced from"
// sections on Home and Offers (their loaders call syncedIntoStore too).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card, EmptyState, Page } from "@shopify/polaris";
import { SyncedFromOtherStores } from "~/components/regional/synced-offers";
import { syncedIntoStore } from "~/services/regional.server";
import { requireAdmin } from "~/services/request-context.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  return syncedIntoStore(db, shop);
}

export default function SyncedIntoThisStore() {
  const data = useLoaderData<typeof loader>();
  return (
    <Page title="Synced into this store" subtitle="Offers other stores manage, with the codes they keep in this store." backAction={{ content: "Offers", url: "/app/offers" }}>
      {data.groups.length ? (
        <SyncedFromOtherStores data={data} />
      ) : (
        <Card>
          <EmptyState heading="No store syncs offers into this one" image="">
            <p>Another store can sync its creators&apos; codes here once you give it a link code (Stores › Let another store sync into this one).</p>
          </EmptyState>
        </Card>
      )}
    </Page>
  );
}
