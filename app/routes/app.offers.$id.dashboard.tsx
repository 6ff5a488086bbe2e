import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { BlockStack, Box, Button, Card, DataTable, InlineGrid, InlineStack, Layout, Text, TextField } from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { BarChart, LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { useState } from "react";
import { ClientOnly } from "~/components/client-only";
import { getDashboard, rangeFromUrl } from "~/services/dashboard.server";
import { rateHealth } from "~/services/rates.server";
import { MoneyNotices } from "~/components/money-notices";
import { requireAdmin } from "~/services/request-context.server";
import { formatUsd } from "~/domain/money/format";
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
  return { offer: { id: offer.id, name: offer.name }, includeTest, rates, ...(await getDashboard(db, shop, { offerId: offer.id, includeTest }, rangeFromUrl(url))) };
}


export default function OfferDashboard() {
  const data = useLoaderData<typeof loader>();
  const [from, setFrom] = useState(data.range.from);
  const [to, setTo] = useState(data.range.to);
  const stat = (label: string, value: string, testId: string) => (
    <Card>
      <BlockStack gap="100">
        <Text as="span" tone="subdued" variant="bodySm">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          <span data-testid={testId}>{value}</span>
        </Text>
      </BlockStack>
    </Card>
  );
  return (
    <PolarisVizProvider themes={{ Light: { line: { hasSpline: false } } }}>
      <AppPage title="Performance" subtitle={data.offer.name} backAction={{ content: data.offer.name, url: `/app/offers/${data.offer.id}` }}>
        <Layout>
          <Layout.Section>
            <Form method="get">
              <InlineStack gap="300" blockAlign="end">
                <TextField label="From" type="date" name="from" value={from} onChange={setFrom} autoComplete="off" />
                <TextField label="To" type="date" name="to" value={to} onChange={setTo} autoComplete="off" />
                <Button submit>Apply</Button>
              </InlineStack>
            </Form>
          </Layout.Section>
          <Layout.Section>
            <MoneyNotices includeTest={data.includeTest} rates={data.rates} conversionsUrl={`/app/conversions?offerId=${data.offer.id}`} />
          </Layout.Section>
          <Layout.Section>
            <InlineGrid columns={3} gap="400">
              {stat("Conversions", String(data.totals.conversions), "total-conversions")}
              {stat("Sales (USD)", formatUsd(data.totals.salesUsdCents), "total-sales")}
              {stat("Payouts (USD)", formatUsd(data.totals.payoutCents), "total-payouts")}
            </InlineGrid>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Sales over time (USD)
                </Text>
                <Box minHeight="260px">
                  <div style={{ height: 260 }} ref={inertChart}>
                    <ClientOnly>
                      {() => (
                        <LineChart
                          data={[
                            { name: "Sales", data: data.byDay.map((d) => ({ key: d.day, value: d.salesUsdCents / 100 })) },
                            { name: "Payouts", data: data.byDay.map((d) => ({ key: d.day, value: d.payoutCents / 100 })) },
                          ]}
                        />
                      )}
                    </ClientOnly>
                  </div>
                </Box>
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  By store
                </Text>
                <div style={{ height: 220 }} ref={inertChart}>
                  <ClientOnly>{() => <BarChart data={[{ name: "Sales (USD)", data: data.byStore.map((s) => ({ key: s.label, value: s.salesUsdCents / 100 })) }]} />}</ClientOnly>
                </div>
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  By member
                </Text>
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric", "numeric"]}
                  headings={["Member", "Conversions", "Sales (USD)", "Payouts"]}
                  rows={data.byMember.map((m) => [m.name, m.conversions, formatUsd(m.salesUsdCents), formatUsd(m.payoutCents)])}
                />
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>
      </AppPage>
    </PolarisVizProvider>
  );
}

/** Charts are skipped by screen readers and Tab (`inert`): the same numbers are in the tables. */
function inertChart(el: HTMLDivElement | null) {
  el?.setAttribute("inert", "");
}
