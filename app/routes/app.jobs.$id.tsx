// A generation job: progress while it runs, then per member and per store what was created and
// what failed and why (R17), with a way to retry the failed members (R22: compose is later).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Card, IndexTable, InlineStack, Layout, Page, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { getJob } from "~/services/generation.server";
import { requireAdmin } from "~/services/request-context.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const data = await getJob(db, shop, params.id!);
  if (!data) throw new Response("Job not found", { status: 404 });
  return data;
}

const statusTone = { SUCCEEDED: "success", FAILED: "critical", PENDING: "info", RUNNING: "attention" } as const;
const statusLabel = { SUCCEEDED: "Created", FAILED: "Failed", PENDING: "Waiting", RUNNING: "In progress" } as const;

export default function JobPage() {
  const { job, offer, items } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const running = job.status !== "DONE";
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1000);
    return () => clearInterval(t);
  }, [running, revalidator]);
  const failedMembers = [...new Set(items.filter((i) => i.status === "FAILED" && i.memberId).map((i) => i.memberId!))];
  const retryUrl = offer ? `/app/offers/${offer.id}/add-members?${failedMembers.map((m) => `member=${m}`).join("&")}` : undefined;

  return (
    <Page
      title={job.kind === "GENERATE_CODES" ? "Generating promo codes" : "Updating discounts"}
      subtitle={offer?.name}
      backAction={offer ? { content: offer.name, url: `/app/offers/${offer.id}` } : undefined}
      primaryAction={!running && offer ? { content: "Done", url: `/app/offers/${offer.id}` } : undefined}
      secondaryActions={!running && failedMembers.length && retryUrl ? [{ content: `Retry ${failedMembers.length} failed member${failedMembers.length === 1 ? "" : "s"}`, url: retryUrl }] : []}
    >
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between">
                <Text as="h2" variant="headingMd">
                  {running ? "Working…" : job.failed ? "Finished with failures" : "All done"}
                </Text>
                <Text as="span" tone="subdued" numeric>
                  {`${job.succeeded + job.failed} of ${job.total} · ${job.succeeded} created · ${job.failed} failed`}
                </Text>
              </InlineStack>
              <ProgressBar progress={Math.round(job.progress * 100)} tone={job.failed ? "critical" : "success"} animated={running} />
              {!running && job.failed ? (
                <Banner tone="warning">Some codes were not created. The reasons are below; pick other codes for those members and generate again.</Banner>
              ) : null}
              {!running && !job.failed && job.kind === "GENERATE_CODES" ? (
                <Banner tone="success">Every code was created. No email was sent: you can now let your members know their codes.</Banner>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <IndexTable
              resourceName={{ singular: "result", plural: "results" }}
              itemCount={items.length}
              selectable={false}
              headings={[{ title: "Member" }, { title: "Code" }, { title: "Store" }, { title: "Result" }, { title: "Details" }]}
            >
              {items.map((item, i) => (
                <IndexTable.Row id={item.id} key={item.id} position={i}>
                  <IndexTable.Cell>{item.member ?? "—"}</IndexTable.Cell>
                  <IndexTable.Cell>{item.code ? <code>{item.code}</code> : "—"}</IndexTable.Cell>
                  <IndexTable.Cell>{item.store.replace(".myshopify.com", "")}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={statusTone[item.status as keyof typeof statusTone]}>{statusLabel[item.status as keyof typeof statusLabel] ?? item.status}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" tone={item.status === "FAILED" ? "critical" : "subdued"} breakWord>
                      {item.status === "FAILED" ? item.message : item.status === "SUCCEEDED" ? "Created in Shopify" : ""}
                    </Text>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
