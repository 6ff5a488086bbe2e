// The home page's figures for this month (#21): conversions, sales and payouts in USD, top creators.
import { BlockStack, Card, DataTable, InlineGrid, Link, Text } from "@shopify/polaris";
import { useFormat } from "~/components/format";
import type { MonthFigures as Figures } from "~/services/home.server";

export function MonthFigures({ figures }: { figures: Figures }) {
  const f = useFormat();
  const stat = (label: string, value: string, testId: string) => (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingLg" numeric>
        <span data-testid={testId}>{value}</span>
      </Text>
    </BlockStack>
  );
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {`This month · ${f.month(figures.period)}`}
        </Text>
        <InlineGrid columns={{ xs: 1, sm: 3 }} gap="400">
          {stat("Conversions", f.count(figures.conversions), "home-conversions")}
          {stat("Sales (USD)", f.usd(figures.salesUsdCents), "home-sales")}
          {stat("Payouts (USD)", f.usd(figures.payoutCents), "home-payouts")}
        </InlineGrid>
        <Text as="h3" variant="headingSm">
          Top creators
        </Text>
        {figures.topCreators.length === 0 ? (
          <Text as="p" tone="subdued">
            No conversions yet this month.
          </Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric"]}
            headings={["Creator", "Conversions", "Sales (USD)", "Payouts (USD)"]}
            rows={figures.topCreators.map((m) => [
              <Link key={m.memberId} url={`/app/members/${m.memberId}`}>
                {m.name}
              </Link>,
              f.count(m.conversions),
              f.usd(m.salesUsdCents),
              f.usd(m.payoutCents),
            ])}
          />
        )}
      </BlockStack>
    </Card>
  );
}
