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
import { findMemberName } from "~/services/members.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: vizStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const member = await findMemberName(db, shop, idParam(params.id, "Member"));
  if (!member) throw new Response("Member not found", { status: 404 });
  const url = new URL(request.url);
  const includeTest = url.searchParams.get("test") === "1"; // issue 14: test orders only when asked
  const rates = await rateHealth(db, shop, new Date().toISOString().slice(0, 10));
  return { subject: member, includeTest, rates, ...(await getDashboard(db, shop, { memberId: member.id, includeTest }, rangeFromUrl(url))) };
}


export default function MemberDashboard() {
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
      <AppPage title="Performance" subtitle={data.subject.name} backAction={{ content: data.subject.name, url: `/app/members/${data.subject.id}` }}>
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
            <MoneyNotices includeTest={data.includeTest} rates={data.rates} conversionsUrl={`/app/conversions?memberId=${data.subject.id}`} />
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
                  By offer
                </Text>
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric", "numeric"]}
                  headings={["Offer", "Conversions", "Sales (USD)", "Payouts"]}
                  rows={data.byOffer.map((o) => [o.name, o.conversions, formatUsd(o.salesUsdCents), formatUsd(o.payoutCents)])}
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
