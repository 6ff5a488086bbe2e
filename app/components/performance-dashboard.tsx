// The performance dashboard (R30) for an offer or a member: date range, money notices, totals,
// sales over time, by store, and a breakdown table (members of an offer, offers of a member).
// The routes load the data (services/dashboard.server.ts) and say what the page is about.
import { Form } from "@remix-run/react";
import { BlockStack, Box, Button, Card, DataTable, InlineGrid, InlineStack, Layout, Text, TextField } from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { BarChart, LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { useState } from "react";
import { ClientOnly } from "~/components/client-only";
import { MoneyNotices } from "~/components/money-notices";
import { useFormat } from "~/components/format";
import type { RangeErrors } from "~/domain/dashboard/range";
import type { getDashboard } from "~/services/dashboard.server";
import type { rateHealth } from "~/services/rates.server";

type Dashboard = Awaited<ReturnType<typeof getDashboard>>;
type Row = { name: string; conversions: number; salesUsdCents: number; payoutCents: number };

export interface PerformanceDashboardProps {
  data: Pick<Dashboard, "range" | "totals" | "byDay" | "byStore"> & {
    includeTest: boolean;
    rates: Awaited<ReturnType<typeof rateHealth>>;
    /** What the merchant asked for and why it can't be shown (#21); the dashboard then shows `range`. */
    rangeForm?: { from: string; to: string; errors: RangeErrors };
  };
  /** What the page is about: its name and where "back" goes. */
  subject: { name: string; url: string };
  /** The list of its conversions (All conversions). */
  conversionsUrl: string;
  /** The breakdown table: its heading, its first column's heading and its rows. */
  breakdown: { title: string; column: string; rows: Row[] };
}

export function PerformanceDashboard({ data, subject, conversionsUrl, breakdown }: PerformanceDashboardProps) {
  const format = useFormat();
  const formatUsd = format.usd;
  const [from, setFrom] = useState(data.rangeForm?.from ?? data.range.from);
  const [to, setTo] = useState(data.rangeForm?.to ?? data.range.to);
  // The server's message for what it was asked, or at once while the merchant types (#21).
  const typed = from !== (data.rangeForm?.from ?? data.range.from) || to !== (data.rangeForm?.to ?? data.range.to);
  const errors: RangeErrors = typed
    ? from && to && to < from
      ? { to: "The end date is before the start date. Choose an end date on or after the start date." }
      : {}
    : (data.rangeForm?.errors ?? {});
  const refused = Boolean(!typed && (errors.from || errors.to));
  const stat = (label: string, value: string, testId: string) => <StatCard label={label} value={value} testId={testId} />;
  return (
    <PolarisVizProvider themes={{ Light: { line: { hasSpline: false } } }}>
      <AppPage title="Performance" subtitle={subject.name} backAction={{ content: subject.name, url: subject.url }}>
        <Layout>
          <Layout.Section>
            <Form method="get">
              <InlineStack gap="300" blockAlign="start">
                <Box width="220px">
                  <TextField label="From" type="date" name="from" value={from} onChange={setFrom} autoComplete="off" error={errors.from} />
                </Box>
                <Box width="220px">
                  <TextField label="To" type="date" name="to" value={to} onChange={setTo} autoComplete="off" error={errors.to} />
                </Box>
                {/* level with the fields under their labels */}
                <Box paddingBlockStart="600">
                  <Button submit disabled={Boolean(typed && (errors.from || errors.to))}>
                    Apply
                  </Button>
                </Box>
              </InlineStack>
            </Form>
            {refused ? (
              <Box paddingBlockStart="200">
                <Text
                  as="p"
                  tone="subdued"
                >{`Showing ${format.calendarDay(`${data.range.from}T00:00:00Z`)} – ${format.calendarDay(`${data.range.to}T00:00:00Z`)} until the dates are fixed.`}</Text>
              </Box>
            ) : null}
          </Layout.Section>
          <Layout.Section>
            <MoneyNotices includeTest={data.includeTest} rates={data.rates} conversionsUrl={conversionsUrl} />
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
                    <SalesOverTime byDay={data.byDay} />
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
                  {breakdown.title}
                </Text>
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric", "numeric"]}
                  headings={[breakdown.column, "Conversions", "Sales (USD)", "Payouts"]}
                  rows={breakdown.rows.map((r) => [r.name, r.conversions, formatUsd(r.salesUsdCents), formatUsd(r.payoutCents)])}
                />
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>
      </AppPage>
    </PolarisVizProvider>
  );
}

/** One figure of a dashboard (its test id on the value). */
export function StatCard({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
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
}

/** Sales and payouts by day in USD, drawn in the browser only (the dashboards and a synced offer's page). */
export function SalesOverTime({ byDay }: { byDay: { day: string; salesUsdCents: number; payoutCents: number }[] }) {
  return (
    <ClientOnly>
      {() => (
        <LineChart
          data={[
            { name: "Sales", data: byDay.map((d) => ({ key: d.day, value: d.salesUsdCents / 100 })) },
            { name: "Payouts", data: byDay.map((d) => ({ key: d.day, value: d.payoutCents / 100 })) },
          ]}
        />
      )}
    </ClientOnly>
  );
}

/** Charts are skipped by screen readers and Tab (`inert`): the same numbers are in the tables. */
function inertChart(el: HTMLDivElement | null) {
  el?.setAttribute("inert", "");
}
