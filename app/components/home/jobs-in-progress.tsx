// The home page's jobs in progress (#21), each linked to its page.
import { BlockStack, Card, InlineStack, Link, ProgressBar, Text } from "@shopify/polaris";
import { useFormat } from "~/components/format";
import type { JobListRow } from "~/services/jobs.server";

export function JobsInProgress({ rows, total }: { rows: JobListRow[]; total: number }) {
  const f = useFormat();
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Jobs in progress
          </Text>
          <Link url="/app/jobs">All jobs</Link>
        </InlineStack>
        {rows.length === 0 ? (
          <Text as="p" tone="subdued">
            No job is running.
          </Text>
        ) : (
          <BlockStack gap="300">
            {rows.map((j) => (
              <BlockStack gap="100" key={j.id}>
                <InlineStack align="space-between" gap="200">
                  <Link url={`/app/jobs/${j.id}`}>{j.offer ? `${j.title} · ${j.offer.name}` : j.title}</Link>
                  <Text as="span" tone="subdued" numeric>{`${f.count(j.done)} of ${f.count(j.total)}`}</Text>
                </InlineStack>
                <ProgressBar progress={j.total ? (j.done / j.total) * 100 : 0} size="small" ariaLabelledBy={`job-${j.id}`} />
                <span id={`job-${j.id}`} hidden>{`${j.title} progress`}</span>
              </BlockStack>
            ))}
            {total > rows.length ? <Text as="p" tone="subdued">{`And ${f.count(total - rows.length)} more.`}</Text> : null}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
