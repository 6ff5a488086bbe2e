// A job's page (R17, R38): live counters, then one row per member with one outcome per store, in
// pages; settings updates per store; retry of the failed members (R22: compose is later).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Card, IndexTable, InlineStack, Layout, ProgressBar, Tabs, Text } from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { jobTitle } from "~/domain/jobs/describe";
import { getJob, type StoreOutcome } from "~/services/jobs.server";
import type { JobKind } from "~/jobs/sync/types";
import { pageParam, requireAdmin } from "~/services/request-context.server";
import { useRefreshWhile } from "~/components/refresh-while";
import { ListPagination } from "~/components/list-pagination";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const url = new URL(request.url);
  const data = await getJob(db, shop, params.id!, { page: pageParam(url), failedOnly: url.searchParams.get("show") === "failed" });
  if (!data) throw new Response("Job not found", { status: 404 });
  return data;
}

const outcomeBadge: Record<StoreOutcome, { tone?: "success" | "critical" | "info" | "attention" | "warning"; label: string }> = {
  CHECKING: { tone: "info", label: "Checking" },
  WAITING: { tone: "info", label: "Waiting" },
  CREATED: { tone: "success", label: "Created" },
  NOT_CREATED: { tone: "critical", label: "Not created" },
  FAILED: { tone: "critical", label: "Failed" },
  ROLLED_BACK: { tone: "warning", label: "Rolled back" },
  REMOVED: { label: "Removed" },
  DEACTIVATED: { label: "Deactivated" },
  ACTIVATED: { tone: "success", label: "Activated" },
  UPDATED: { tone: "success", label: "Updated" },
  REFRESHED: { tone: "success", label: "Refreshed" },
};

/** What "done" means for a code, by the job's kind. */
const doneVerb = {
  GENERATE_CODES: "created",
  UPDATE_DISCOUNTS: "synced",
  USAGE_LIMIT: "deactivated",
  ACTIVATE_CODES: "activated",
  DEACTIVATE_CODES: "deactivated",
  REFRESH_CODES: "refreshed",
  REVERT_DRIFT: "restored",
  GENERATE_BULK_CODES: "created",
} as const;
/** The email template that fits a job (R22), for "Email the affected members". */
const emailKind: Partial<Record<JobKind, string>> = { GENERATE_CODES: "new_code", REFRESH_CODES: "refreshed_code", DEACTIVATE_CODES: "deactivated", ACTIVATE_CODES: "reactivated" };
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

export default function JobPage() {
  const { job, offer, rows, settings, page, pages, failedMemberIds } = useLoaderData<typeof loader>();
  const [searchParams, setSearchParams] = useSearchParams();
  const running = job.status !== "DONE";
  useRefreshWhile(running, 1000);
  const retryUrl = offer && failedMemberIds.length ? `/app/offers/${offer.id}/add-members?${failedMemberIds.map((m) => `member=${m}`).join("&")}` : undefined;
  const stores = [...new Map(rows.flatMap((r) => r.stores.map((s) => [s.store, s.label] as const))).entries()];
  const showFailed = searchParams.get("show") === "failed";
  const go = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [k, v] of Object.entries(changes))
      if (v === null) next.delete(k);
      else next.set(k, v);
    setSearchParams(next);
  };
  const summary = [
    job.codes ? `${job.codesDone.toLocaleString("en-US")} of ${plural(job.codes, "code")} done` : null,
    job.codes ? `${job.codesCreated.toLocaleString("en-US")} ${doneVerb[job.kind]} in every store` : null,
    job.codesFailed ? `${job.codesFailed.toLocaleString("en-US")} with failures` : null,
    job.settings ? `${job.settingsDone} of ${plural(job.settings, "store")} updated` : null,
  ].filter(Boolean);

  return (
    <AppPage
      title={jobTitle(job.kind)}
      subtitle={offer?.name}
      backAction={offer ? { content: offer.name, url: `/app/offers/${offer.id}` } : undefined}
      primaryAction={!running && offer ? { content: "Done", url: `/app/offers/${offer.id}` } : undefined}
      secondaryActions={[
        ...(!running && retryUrl ? [{ content: `Retry ${plural(failedMemberIds.length, "failed member")}`, url: retryUrl }] : []),
        // R22: nothing is sent automatically; once the job is done the merchant may tell the members.
        ...(!running && offer && emailKind[job.kind] && job.codesCreated
          ? [{ content: "Email the affected members", url: `/app/offers/${offer.id}/email?job=${job.id}&kind=${emailKind[job.kind]}` }]
          : []),
      ]}
    >
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <Text as="h2" variant="headingMd">
                  {running ? "Working…" : job.tone === "success" ? "All done" : job.tone === "warning" ? "Done, with some failures" : "Nothing could be done"}
                </Text>
                <Text as="p" tone="subdued" numeric>
                  {summary.join(" · ")}
                </Text>
              </InlineStack>
              <ProgressBar
                progress={Math.round(job.progress * 100)}
                tone={job.tone === "critical" ? "critical" : job.tone === "success" ? "success" : "highlight"}
                animated={running}
              />
              {job.resuming ? <Banner tone="info">Resuming after a restart: the work a stopped worker left is being picked up again. Nothing is done twice.</Banner> : null}
              {!running && job.tone === "warning" ? (
                <Banner tone="warning">Most of the work is done; some codes were not created. The reasons are below: pick other codes for those members, or retry.</Banner>
              ) : null}
              {!running && job.tone === "critical" ? <Banner tone="critical">Nothing was created. The reasons are below.</Banner> : null}
              {!running && job.tone === "success" && job.kind === "GENERATE_CODES" ? (
                <Banner tone="success">Every code was created. No email was sent: you can now let your members know their codes.</Banner>
              ) : null}
              {!running && job.tone === "success" && job.kind === "GENERATE_BULK_CODES" && offer ? (
                <Banner tone="success" action={{ content: "Export codes", url: `/app/offers/${offer.id}/bulk-codes` }}>
                  Every bulk code was created in every store. Export them from the offer (Export codes) for your print or partner list.
                </Banner>
              ) : null}
              {!running && job.tone !== "critical" && job.kind === "REFRESH_CODES" ? (
                <Banner tone={job.tone === "success" ? "success" : "info"}>
                  The old codes no longer work in any store where the new ones were created; their sales stay with the members. No email was sent (R22): let the members know their
                  new codes.
                </Banner>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
        {settings.length ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h3" variant="headingSm">
                  Offer settings in each store
                </Text>
                {settings.map((s) => (
                  <InlineStack key={s.id} gap="200" blockAlign="center" wrap>
                    <Text as="span">{s.label}</Text>
                    <Badge tone={outcomeBadge[s.outcome].tone}>{outcomeBadge[s.outcome].label}</Badge>
                    {s.message ? (
                      <Text as="span" tone="critical" breakWord>
                        {s.message}
                      </Text>
                    ) : null}
                  </InlineStack>
                ))}
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
        {job.codes ? (
          <Layout.Section>
            <Card padding="0">
              <Tabs
                tabs={[
                  { id: "all", content: `All (${job.codes.toLocaleString("en-US")})` },
                  { id: "failed", content: `With failures (${job.codesFailed.toLocaleString("en-US")})` },
                ]}
                selected={showFailed ? 1 : 0}
                onSelect={(i) => go({ show: i === 1 ? "failed" : null, page: null })}
              />
              <IndexTable
                resourceName={{ singular: "member", plural: "members" }}
                itemCount={rows.length}
                selectable={false}
                headings={
                  [{ title: "Member" }, { title: job.kind === "REFRESH_CODES" ? "Old → new code" : "Code" }, ...stores.map(([, label]) => ({ title: label }))] as [
                    { title: string },
                    ...{ title: string }[],
                  ]
                }
              >
                {rows.map((row, i) => (
                  <IndexTable.Row id={row.promoCodeId} key={row.promoCodeId} position={i}>
                    <IndexTable.Cell>{row.member ?? "—"}</IndexTable.Cell>
                    <IndexTable.Cell>
                      {row.previousCode ? (
                        <>
                          <code>{row.previousCode}</code> → <code>{row.code}</code>
                        </>
                      ) : (
                        <code>{row.code}</code>
                      )}
                    </IndexTable.Cell>
                    {stores.map(([store]) => {
                      const cell = row.stores.find((s) => s.store === store);
                      return (
                        <IndexTable.Cell key={store}>
                          {cell ? (
                            <Box maxWidth="22rem">
                              <BlockStack gap="100">
                                <span>
                                  <Badge tone={outcomeBadge[cell.outcome].tone}>{outcomeBadge[cell.outcome].label}</Badge>
                                </span>
                                {cell.message ? (
                                  <div style={{ whiteSpace: "normal" }}>
                                    <Text as="p" variant="bodySm" tone={cell.outcome === "ROLLED_BACK" ? "subdued" : "critical"} breakWord>
                                      {cell.message}
                                    </Text>
                                  </div>
                                ) : null}
                              </BlockStack>
                            </Box>
                          ) : (
                            "—"
                          )}
                        </IndexTable.Cell>
                      );
                    })}
                  </IndexTable.Row>
                ))}
              </IndexTable>
              {pages > 1 ? <ListPagination page={page} pages={pages} onPage={(n) => go({ page: String(n) })} label={`Page ${page} of ${pages}`} /> : null}
            </Card>
          </Layout.Section>
        ) : null}
      </Layout>
    </AppPage>
  );
}
