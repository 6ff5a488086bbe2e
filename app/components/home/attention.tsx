// The home page's "Needs attention" (#21): offers with failed syncs or conversions at a stale rate.
import { BlockStack, Card, Link, Text } from "@shopify/polaris";
import type { AttentionItem, AttentionReason } from "~/services/home.server";

const WHAT: Record<AttentionReason, (n: number) => string> = {
  SYNC_FAILURES: (n) => `${n} store ${n === 1 ? "operation" : "operations"} failed to sync`,
  STALE_RATES: (n) => `${n} ${n === 1 ? "conversion is" : "conversions are"} valued at a provisional exchange rate`,
};

export function NeedsAttention({ items }: { items: AttentionItem[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Offers needing attention
        </Text>
        {items.length === 0 ? (
          <Text as="p" tone="subdued">
            Nothing needs your attention.
          </Text>
        ) : (
          <BlockStack gap="200" as="ul">
            {items.map((i) => (
              <li key={`${i.offerId}-${i.reason}`}>
                <Link url={i.url}>{i.offerName}</Link>
                <Text as="span" tone="subdued">{` · ${WHAT[i.reason](i.count)}`}</Text>
              </li>
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
