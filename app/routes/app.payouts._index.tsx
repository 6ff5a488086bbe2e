// Payouts (R12, R40; issue 14): one statement per month, newest first, with its status.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useFormat } from "~/components/format";
import { Link, useLoaderData } from "@remix-run/react";
import { BlockStack, Card, IndexTable, Layout, Text } from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { requireAdmin } from "~/services/request-context.server";
import { listStatements } from "~/services/payouts.server";
import { PayoutStatusBadge } from "~/components/payout-status";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  return { statements: await listStatements(db, shop) };
}

export default function Payouts() {
  const formatUsd = useFormat().usd; // #21: USD in the shop's regional format (decision 150)
  const { statements } = useLoaderData<typeof loader>();
  return (
    <AppPage
      title="Payouts"
      subtitle="Monthly statements per member, in USD. Closing a month freezes its statement; later refunds and exclusions show as corrections in the next open month."
    >
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <IndexTable
              resourceName={{ singular: "statement", plural: "statements" }}
              itemCount={statements.length}
              selectable={false}
              headings={[
                { title: "Month" },
                { title: "Status" },
                { title: "Conversions", alignment: "end" },
                { title: "Sales (USD)", alignment: "end" },
                { title: "Payout (USD)", alignment: "end" },
                { title: "Corrections", alignment: "end" },
              ]}
              emptyState={
                <BlockStack inlineAlign="center">
                  <Text as="p">No conversions yet.</Text>
                </BlockStack>
              }
            >
              {statements.map((s, i) => (
                <IndexTable.Row id={s.period} key={s.period} position={i}>
                  <IndexTable.Cell>
                    <Link to={`/app/payouts/${s.period}`} data-testid={`statement-${s.period}`}>
                      {s.period}
                    </Link>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <PayoutStatusBadge status={s.status} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {s.conversions}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {formatUsd(s.salesUsdCents)}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {formatUsd(s.payoutCents)}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {s.corrections}
                    </Text>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}
