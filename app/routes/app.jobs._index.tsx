// The list of jobs (R38): every bulk action of the shop, newest first, with its kind, offer, who
// started it, when, its progress and outcome; filtered by kind and outcome; each opens its page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Box, Card, EmptyState, IndexTable, InlineStack, Link, ProgressBar, Select, Text } from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { useListParams } from "~/components/list-params";
import { useFormat } from "~/components/format";
import { JOB_OUTCOME_LABELS, JOB_OUTCOMES, JOB_TITLES, type JobOutcome } from "~/domain/jobs/describe";
import { isJobKind, listJobs } from "~/services/jobs.server";
import { pageParam, requireAdmin } from "~/services/request-context.server";
import { useRefreshWhile } from "~/components/refresh-while";
import { ListPagination } from "~/components/list-pagination";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const url = new URL(request.url);
  const kind = url.searchParams.get("kind");
  const outcome = url.searchParams.get("outcome");
  return listJobs(db, shop, {
    kind: isJobKind(kind) ? kind : undefined,
    outcome: (JOB_OUTCOMES as readonly string[]).includes(outcome ?? "") ? (outcome as JobOutcome) : undefined,
    page: pageParam(url),
  });
}

const outcomeTone = { RUNNING: "info", DONE: "success", WITH_FAILURES: "warning", FAILED: "critical" } as const;

export default function Jobs() {
  const format = useFormat();
  const data = useLoaderData<typeof loader>();
  const { params, setParam: go } = useListParams();
  const running = data.rows.some((r) => r.outcome === "RUNNING");
  useRefreshWhile(running, 2000);

  const filtered = Boolean(params.get("kind") || params.get("outcome"));
  if (data.total === 0 && !filtered) {
    return (
      <AppPage title="Jobs">
        <Card>
          <EmptyState heading="No jobs yet" action={{ content: "Go to offers", url: "/app/offers" }} image="">
            <p>Generating, refreshing, activating or deactivating codes runs as a job: each one shows here with its progress and outcome.</p>
          </EmptyState>
        </Card>
      </AppPage>
    );
  }
  return (
    <AppPage title="Jobs" subtitle="Bulk actions on promo codes, newest first">
      <Card padding="0">
        <Box padding="300">
          <InlineStack gap="300">
            <Select
              label="Kind"
              labelInline
              options={[{ label: "All", value: "" }, ...Object.entries(JOB_TITLES).map(([value, label]) => ({ label, value }))]}
              value={params.get("kind") ?? ""}
              onChange={(v) => go("kind", v)}
            />
            <Select
              label="Outcome"
              labelInline
              options={[{ label: "All", value: "" }, ...JOB_OUTCOMES.map((value) => ({ label: JOB_OUTCOME_LABELS[value], value }))]}
              value={params.get("outcome") ?? ""}
              onChange={(v) => go("outcome", v)}
            />
          </InlineStack>
        </Box>
        <IndexTable
          resourceName={{ singular: "job", plural: "jobs" }}
          itemCount={data.rows.length}
          selectable={false}
          headings={[{ title: "Job" }, { title: "Offer" }, { title: "Started by" }, { title: "When" }, { title: "Progress" }, { title: "Outcome" }]}
          emptyState={
            <Box padding="400">
              <Text as="p" tone="subdued">
                No jobs match these filters.
              </Text>
            </Box>
          }
        >
          {data.rows.map((row, index) => (
            <IndexTable.Row id={row.id} key={row.id} position={index}>
              <IndexTable.Cell>
                <Link url={`/app/jobs/${row.id}`} monochrome removeUnderline dataPrimaryLink>
                  <Text as="span" fontWeight="semibold">
                    {row.title}
                  </Text>
                </Link>
              </IndexTable.Cell>
              <IndexTable.Cell>{row.offer ? <Link url={`/app/offers/${row.offer.id}`}>{row.offer.name}</Link> : "—"}</IndexTable.Cell>
              <IndexTable.Cell>{row.who}</IndexTable.Cell>
              <IndexTable.Cell>{format.dateTime(row.createdAt)}</IndexTable.Cell>
              <IndexTable.Cell>
                <Box minWidth="10rem">
                  <InlineStack gap="200" blockAlign="center" wrap={false}>
                    <div style={{ flex: 1 }}>
                      <ProgressBar
                        size="small"
                        progress={row.total ? Math.round((row.done / row.total) * 100) : 100}
                        tone={row.outcome === "FAILED" ? "critical" : row.outcome === "DONE" ? "success" : "highlight"}
                        animated={row.outcome === "RUNNING"}
                      />
                    </div>
                    <Text as="span" tone="subdued" numeric>
                      {row.done.toLocaleString("en-US")}/{row.total.toLocaleString("en-US")}
                    </Text>
                  </InlineStack>
                </Box>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Badge tone={outcomeTone[row.outcome]}>{JOB_OUTCOME_LABELS[row.outcome]}</Badge>
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
        <ListPagination
          page={data.page}
          pages={data.pages}
          onPage={(n) => go("page", String(n))}
          label={`Page ${data.page} of ${data.pages} · ${data.total.toLocaleString("en-US")} job${data.total === 1 ? "" : "s"}`}
        />
      </Card>
    </AppPage>
  );
}
