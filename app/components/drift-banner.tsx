// "Needs attention" (R37): the app's discounts were changed in a store's admin. The page's loader
// passes the numbers (`driftSummary` in app/services/drift.server.ts): <DriftBanner summary={…} />
// on the home page, <DriftBanner summary={…} offerId={id} /> on an offer.
import { Banner, Box, Link, List } from "@shopify/polaris";
import type { driftSummary } from "~/services/drift.server";

export type DriftSummaryView = Awaited<ReturnType<typeof driftSummary>>;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function DriftBanner({ summary: data, offerId }: { summary: DriftSummaryView; offerId?: string }) {
  if (!data.total) return null;
  if (offerId) {
    const stores = data.offers[0]?.stores ?? [];
    return (
      <Box paddingBlockEnd="400">
        <div data-testid="drift-banner">
          <Banner
            tone="warning"
            title="Needs attention"
            action={{
              content: "Review changes",
              url: `/app/offers/${offerId}/drift`,
            }}
          >
            <p>
              {plural(data.total, "change", "changes")} to this offer's discounts {data.total === 1 ? "was" : "were"} made in the Shopify admin of{" "}
              {stores.length === 1 ? stores[0] : `${stores.length} stores`}. Adopt them or put the offer back.
            </p>
          </Banner>
        </div>
      </Box>
    );
  }
  return (
    <Box paddingBlockEnd="400">
      <div data-testid="drift-banner">
        <Banner tone="warning" title="Needs attention">
          <p>Offers' discounts were changed in a store's Shopify admin:</p>
          <List>
            {data.offers.map((o) => (
              <List.Item key={o.offerId}>
                <Link url={`/app/offers/${o.offerId}/drift`}>{o.name}</Link>: {plural(o.items, "change", "changes")}
              </List.Item>
            ))}
          </List>
        </Banner>
      </div>
    </Box>
  );
}
