// "Needs attention" (R37): the app's discounts were changed in a store's admin. Loads its own
// numbers (/app/drift-summary), so a page places it with one line: <DriftBanner /> on the home
// page, <DriftBanner offerId={id} /> on an offer.
import { useFetcher } from "@remix-run/react";
import { Banner, Box, Link, List } from "@shopify/polaris";
import { useEffect } from "react";

export interface DriftSummaryView {
  total: number;
  offers: { offerId: string; name: string; items: number; stores: string[] }[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function DriftBanner({ offerId }: { offerId?: string }) {
  const fetcher = useFetcher<DriftSummaryView>();
  const { load } = fetcher;
  useEffect(() => {
    load(`/app/drift-summary${offerId ? `?offer=${encodeURIComponent(offerId)}` : ""}`);
  }, [load, offerId]);
  const data = fetcher.data;
  if (!data?.total) return null;
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
