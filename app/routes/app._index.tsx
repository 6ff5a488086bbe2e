import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineStack, Layout, Page, Text, Badge } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { loadShopOverview } from "~/services/shops.server";
import { requireAdmin } from "~/services/request-context.server";
import { SyncedFromOtherStores } from "~/components/regional/synced-offers";
import { LeakFlags } from "~/components/leak-flags";
import { DriftBanner } from "~/components/drift-banner";

export async function loader({ request }: LoaderFunctionArgs) {
  const { admin } = await requireAdmin(request);
  return loadShopOverview({ admin });
}

export default function Home() {
  const shop = useLoaderData<typeof loader>();
  return (
    <Page>
      <TitleBar title="Creator Codes" />
      <DriftBanner />
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingLg">
                {shop.name}
              </Text>
              <InlineStack gap="200" blockAlign="center">
                <Text as="span" tone="subdued">
                  {shop.domain}
                </Text>
                <Badge tone="info">{`Currency: ${shop.currencyCode}`}</Badge>
              </InlineStack>
              <Text as="p">
                Run promo-code offers for your creators, keep their codes in sync across your regional stores, and track
                every conversion in USD.
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section><SyncedFromOtherStores /></Layout.Section>
        <Layout.Section><LeakFlags /></Layout.Section>
      </Layout>
    </Page>
  );
}
