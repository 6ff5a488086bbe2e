// R42: an offer another store syncs into this one, read-only, as it exists here: who manages it,
// its discount and dates here, sync health, its members' codes with their state in this store,
// and what they sold here (orders placed in this store only): conversions, sales in this store's
// currency and in USD, payouts, over time (the offer dashboard's service, filtered to this store).
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, DataTable, InlineGrid, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { PolarisVizProvider } from "@shopify/polaris-viz";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { useState } from "react";
import { SalesOverTime, StatCard } from "~/components/performance-dashboard";
import { formatAmount, formatUsd } from "~/domain/money/format";
import { rangeFromUrl } from "~/services/dashboard.server";
import { idParam } from "~/services/forms.server";
import { performanceHere, syncedOfferHere } from "~/services/regional.server";
import { pageParam, requireAdmin } from "~/services/request-context.server";
import { ListPagination } from "~/components/list-pagination";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: vizStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const url = new URL(request.url);
  const view = await syncedOfferHere(db, shop, idParam(params.id, "Offer"), { page: pageParam(url) });
  if (!view) throw new Response("Offer not found", { status: 404 });
  const performance = await performanceHere(db, shop, { id: view.offer.id, shop: view.link.primary.shop }, rangeFromUrl(url));
  return { ...view, performance };
}

export default function SyncedOffer() {
  const { store, link, offer, codes, performance } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const [from, setFrom] = useState(performance.range.from);
  const [to, setTo] = useState(performance.range.to);
  const currency = store.currencyCode ?? "";
  const localSales = performance.totals.sales.length ? performance.totals.sales : [{ currency, cents: 0 }];
  const stat = (label: string, value: string, testId: string) => <StatCard key={testId} label={label} value={value} testId={testId} />;
  return (
    <PolarisVizProvider>
      <Page
        title={offer.name}
        titleMetadata={<Badge tone="info">Read-only</Badge>}
        subtitle={`Synced from ${link.primary.name} (${link.primary.shop})`}
        backAction={{ content: "Offers", url: "/app/offers" }}
      >
        <Layout>
          <Layout.Section>
            <Banner tone={link.situation === "SYNCING" || link.situation === "PAUSED" ? "info" : "warning"}>
              <BlockStack gap="100">
                <Text as="p">{link.message}</Text>
                <Text
                  as="p"
                  tone="subdued"
                  variant="bodySm"
                >{`Nothing here can be changed in this store. Revoking ${link.primary.name}'s access is in Stores › Stores that sync into this one.`}</Text>
              </BlockStack>
            </Banner>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  In this store
                </Text>
                <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
                  <BlockStack gap="100">
                    <Text as="span" tone="subdued" variant="bodySm">
                      Discount here
                    </Text>
                    <Text as="span">{offer.discount}</Text>
                  </BlockStack>
                  <BlockStack gap="100">
                    <Text as="span" tone="subdued" variant="bodySm">
                      Dates
                    </Text>
                    <Text as="span">{offer.datesMode === "PER_CODE" ? "Each code has its own dates" : `${offer.startsAt} → ${offer.endsAt ?? "no end"}`}</Text>
                  </BlockStack>
                  <BlockStack gap="100">
                    <Text as="span" tone="subdued" variant="bodySm">
                      Codes live here
                    </Text>
                    <Text as="span">
                      <span data-testid="codes-live">{offer.codesLive}</span>
                      {offer.codesDeactivated ? ` · ${offer.codesDeactivated} deactivated here` : ""}
                    </Text>
                  </BlockStack>
                  <BlockStack gap="100">
                    <Text as="span" tone="subdued" variant="bodySm">
                      Sync health
                    </Text>
                    <InlineStack gap="100" blockAlign="center">
                      <Badge tone={offer.health.tone}>{offer.health.label}</Badge>
                      <Text as="span" tone="subdued" variant="bodySm">
                        {offer.lastSyncedAt ? `last synced ${offer.lastSyncedAt.slice(0, 16).replace("T", " ")} UTC` : ""}
                      </Text>
                    </InlineStack>
                  </BlockStack>
                </InlineGrid>
              </BlockStack>
            </Card>
          </Layout.Section>
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
            <InlineGrid columns={{ xs: 2, md: 3 + localSales.length }} gap="400">
              {stat("Conversions here", String(performance.totals.conversions), "here-conversions")}
              {localSales.map((s) => stat(`Sales here (${s.currency})`, formatAmount(s.cents, s.currency), `here-sales-${s.currency}`))}
              {stat("Sales here (USD)", formatUsd(performance.totals.salesUsdCents), "here-sales-usd")}
              {stat("Payouts from this store (USD)", formatUsd(performance.totals.payoutCents), "here-payouts")}
            </InlineGrid>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Sales and payouts from this store over time (USD)
                </Text>
                <div style={{ height: 240 }}>
                  <SalesOverTime byDay={performance.byDay} />
                </div>
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card padding="0">
              <Box padding="400">
                <Text as="h2" variant="headingMd">
                  {`Codes in this store (${codes.total})`}
                </Text>
              </Box>
              <DataTable
                columnContentTypes={["text", "text", "text", "text"]}
                headings={["Code", "Member", "Dates", "Status here"]}
                rows={codes.rows.map((c) => [
                  <span key="code" data-testid="code-here">
                    {c.code}
                  </span>,
                  c.member ?? "Bulk code",
                  `${c.startsAt} → ${c.endsAt ?? "no end"}`,
                  <InlineStack key="status" gap="100" blockAlign="center">
                    <Badge tone={c.here.tone}>{c.here.label}</Badge>
                    {c.error ? (
                      <Text as="span" tone="critical" variant="bodySm">
                        {c.error}
                      </Text>
                    ) : null}
                  </InlineStack>,
                ])}
              />
              {codes.pages > 1 ? (
                <ListPagination page={codes.page} pages={codes.pages} onPage={(n) => navigate(`?page=${n}`)} label={`Page ${codes.page} of ${codes.pages}`} />
              ) : null}
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card padding="0">
              <Box padding="400">
                <BlockStack gap="100">
                  <Text as="h2" variant="headingMd">
                    Orders in this store
                  </Text>
                  <Text as="p" tone="subdued" variant="bodySm">
                    {performance.conversionsTotal > performance.conversionsShown
                      ? `The latest ${performance.conversionsShown} of ${performance.conversionsTotal} in this range.`
                      : "Orders placed in this store with these codes, net of refunds and cancellations. Payouts are in USD, whichever store converted."}
                  </Text>
                </BlockStack>
              </Box>
              <DataTable
                columnContentTypes={["text", "text", "text", "text", "numeric", "numeric", "numeric"]}
                headings={["Order", "Date", "Member", "Code", `Sale (${currency || "local"})`, "Sale (USD)", "Payout (USD)"]}
                rows={performance.conversions.map((c) => [
                  <InlineStack key="order" gap="100">
                    <Text as="span">{c.orderName}</Text>
                    {c.cancelled ? <Badge>Cancelled</Badge> : null}
                    {c.test ? <Badge tone="info">Test</Badge> : null}
                  </InlineStack>,
                  c.occurredAt.slice(0, 10),
                  c.member,
                  c.code,
                  <span key="local" data-testid="order-sale-local">
                    {formatAmount(c.saleCents, c.currency)}
                  </span>,
                  <span key="usd" data-testid="order-sale-usd">
                    {formatUsd(c.saleUsdCents)}
                  </span>,
                  formatUsd(c.payoutCents),
                ])}
              />
            </Card>
          </Layout.Section>
        </Layout>
      </Page>
    </PolarisVizProvider>
  );
}
