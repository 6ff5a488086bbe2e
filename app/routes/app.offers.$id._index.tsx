import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useRevalidator } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, EmptyState, IndexTable, InlineStack, Layout, Page, Pagination, ProgressBar, Text, TextField } from "@shopify/polaris";
import { useEffect } from "react";
import { formatDay, useListParams } from "~/components/list-params";
import { useAppBridge } from "@shopify/app-bridge-react";
import { describeDiscount, describePayout } from "~/domain/offers/describe";
import { getOffer } from "~/services/offers.server";
import { retryFailedSync, syncStatus } from "~/services/stores.server";
import { pageParam, requireAdmin, searchParam } from "~/services/request-context.server";
import { idParam } from "~/services/forms.server";
import { findOfferSummary, latestJob } from "~/services/offer-pages.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const url = new URL(request.url);
  const data = await getOffer(db, shop, idParam(params.id, "Offer"), { query: searchParam(url), page: pageParam(url) });
  if (!data) throw new Response("Offer not found", { status: 404 });
  const o = data.offer;
  const sync = await syncStatus(db, o);
  return {
    ...data,
    offer: {
      id: o.id,
      name: o.name,
      description: o.description,
      kind: o.kind,
      groupName: o.groupName,
      discount: describeDiscount(o),
      payout: describePayout(o),
      naming: `${o.namingPrefix}${o.namingPattern}${o.namingSuffix}`,
      datesMode: o.datesMode,
      startsAt: o.startsAt.toISOString(),
      endsAt: o.endsAt?.toISOString() ?? null,
      usage: o.usageLimit ? `${o.usageLimit} ${o.usageUnit === "PER_ITEM" ? "discounted items" : "orders"} per code` : "No limit",
    },
    latestJob: await latestJob(db, o.id),
    sync,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const offer = await findOfferSummary(db, shop, idParam(params.id, "Offer"));
  if (!offer) throw new Response("Offer not found", { status: 404 });
  const result = await retryFailedSync(db, { shop, actor, offerId: offer.id });
  return result;
}

const day = (iso: string | null) => formatDay(iso);
const codeTone = { ACTIVE: "success", PENDING: "info", FAILED: "critical", DEACTIVATED: undefined, RETIRED: undefined } as const;

export default function OfferDetail() {
  const data = useLoaderData<typeof loader>();
  const { offer } = data;
  const navigate = useNavigate();
  const shopify = useAppBridge();
  const { params, setParams, query, setQuery, setParam } = useListParams();
  const retrier = useFetcher<typeof action>();
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!data.sync.running) return;
    const t = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1500);
    return () => clearInterval(t);
  }, [data.sync.running, revalidator]);
  useEffect(() => {
    const saved = params.get("saved");
    if (saved) {
      shopify.toast.show(saved === "created" ? "Offer created" : "Offer saved");
      const next = new URLSearchParams(params);
      next.delete("saved");
      setParams(next, { replace: true });
    }
  }, [params, setParams, shopify]);
  const page = (n: number) => setParam("page", String(n));

  return (
    <Page
      title={offer.name}
      titleMetadata={<Badge tone={data.status === "Active" ? "success" : data.status === "Scheduled" ? "info" : undefined}>{data.status}</Badge>}
      backAction={{ content: "Offers", url: "/app/offers" }}
      primaryAction={offer.kind === "MEMBER_CODES" ? { content: "Add members", url: `/app/offers/${offer.id}/add-members` } : undefined}
      secondaryActions={[
        { content: "Performance", url: `/app/offers/${offer.id}/dashboard` },
        { content: "Edit offer", url: `/app/offers/${offer.id}/edit` },
        ...(data.latestJob ? [{ content: data.latestJob.status === "DONE" ? "Last generation results" : "Generation in progress", url: `/app/jobs/${data.latestJob.id}` }] : []),
      ]}
    >
      <Layout>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Settings
              </Text>
              {offer.description ? <Text as="p">{offer.description}</Text> : null}
              <SettingsList
                items={[
                  { term: "Discount", description: offer.discount },
                  { term: "Payout", description: offer.payout },
                  { term: "Discount group", description: offer.groupName },
                  ...(offer.kind === "MEMBER_CODES" ? [{ term: "Naming", description: offer.naming }] : []),
                  { term: "Dates", description: `${offer.datesMode === "UNIFIED" ? "Unified" : "Per code"} · ${day(offer.startsAt)} – ${day(offer.endsAt)}` },
                  { term: "Usage limit", description: offer.usage },
                  { term: "Codes", description: Object.entries(data.codeCounts).map(([s, n]) => `${n} ${s.toLowerCase()}`).join(", ") || "None yet" },
                ]}
              />
            </BlockStack>
          </Card>
          <Box paddingBlockStart="400">
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Sync status
                  </Text>
                  {data.sync.stores.some((s) => s.failed) ? (
                    <Button size="slim" loading={retrier.state !== "idle"} onClick={() => retrier.submit({}, { method: "post" })}>
                      Retry failures
                    </Button>
                  ) : null}
                </InlineStack>
                {data.sync.stores.map((s) => (
                  <BlockStack key={s.store} gap="100">
                    <InlineStack align="space-between" blockAlign="center">
                      <InlineStack gap="100" blockAlign="center">
                        <Text as="span" fontWeight="semibold">
                          {s.label}
                        </Text>
                        {!s.connected ? <Badge tone="critical">Disconnected</Badge> : null}
                      </InlineStack>
                      <Text as="span" variant="bodySm" tone="subdued" numeric>
                        {`${s.synced} in sync · ${s.pending} pending · ${s.failed} failed`}
                      </Text>
                    </InlineStack>
                    <ProgressBar size="small" progress={s.total ? Math.round((s.synced / s.total) * 100) : 100} tone={s.failed ? "critical" : "success"} animated={data.sync.running} />
                  </BlockStack>
                ))}
                {data.sync.failures.length ? (
                  <BlockStack gap="200">
                    <Text as="h3" variant="headingSm">
                      Not synced
                    </Text>
                    {data.sync.failures.map((f) => (
                      <Box key={f.id} padding="200" background="bg-surface-critical" borderRadius="200">
                        <BlockStack gap="100">
                          <InlineStack gap="200" blockAlign="center" wrap>
                            <Text as="span" fontWeight="semibold">
                              {f.member ?? "Group code"}
                            </Text>
                            <code>{f.code}</code>
                            <Badge tone="critical">{`Not in ${f.label}`}</Badge>
                            {f.liveElsewhere ? <Badge tone="success">Live in its other stores</Badge> : null}
                          </InlineStack>
                          <Text as="p" variant="bodySm" breakWord>
                            {f.message}
                          </Text>
                          {f.liveElsewhere ? (
                            <Text as="p" variant="bodySm" tone="subdued">
                              Rename this member&apos;s code (refresh it), or remove the other discount in that store and retry.
                            </Text>
                          ) : null}
                        </BlockStack>
                      </Box>
                    ))}
                  </BlockStack>
                ) : null}
              </BlockStack>
            </Card>
          </Box>
        </Layout.Section>
        <Layout.Section>
          {offer.kind === "GROUP_CODE" ? (
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Group code
                </Text>
                {data.groupCodes.map((c) => (
                  <InlineStack key={c.code} gap="200" blockAlign="center">
                    <Text as="span" variant="headingLg">
                      <code>{c.code}</code>
                    </Text>
                    <Badge tone={codeTone[c.status as keyof typeof codeTone]}>{c.status.toLowerCase()}</Badge>
                  </InlineStack>
                ))}
              </BlockStack>
            </Card>
          ) : (
            <Card padding="0">
              {data.total === 0 && !params.get("q") ? (
                <EmptyState heading="No members yet" action={{ content: "Add members", url: `/app/offers/${offer.id}/add-members` }} image="">
                  <p>Add members from your projects to give each of them a personal code.</p>
                </EmptyState>
              ) : (
                <>
                  <Box padding="300">
                    <TextField label="Search members" labelHidden placeholder="Search by name, email or code" value={query} onChange={setQuery} autoComplete="off" clearButton onClearButtonClick={() => setQuery("")} />
                  </Box>
                  <IndexTable
                    resourceName={{ singular: "member", plural: "members" }}
                    itemCount={data.members.length}
                    selectable={false}
                    headings={[{ title: "Member" }, { title: "Code" }, { title: "Code status" }, { title: "Active dates" }]}
                  >
                    {data.members.map((m, i) => (
                      <IndexTable.Row id={m.offerMemberId} key={m.offerMemberId} position={i} onClick={() => navigate(`/app/members/${m.memberId}`)}>
                        <IndexTable.Cell>
                          <BlockStack>
                            <Text as="span" fontWeight="semibold">
                              {m.name}
                            </Text>
                            <Text as="span" tone="subdued" variant="bodySm">
                              {m.email}
                            </Text>
                          </BlockStack>
                        </IndexTable.Cell>
                        <IndexTable.Cell>{m.code ? <code>{m.code}</code> : "—"}</IndexTable.Cell>
                        <IndexTable.Cell>{m.codeStatus ? <Badge tone={codeTone[m.codeStatus as keyof typeof codeTone]}>{m.codeStatus.toLowerCase()}</Badge> : "—"}</IndexTable.Cell>
                        <IndexTable.Cell>{m.startsAt ? `${day(m.startsAt)} – ${day(m.endsAt)}` : "—"}</IndexTable.Cell>
                      </IndexTable.Row>
                    ))}
                  </IndexTable>
                  <Box padding="300">
                    <InlineStack align="center">
                      <Pagination hasPrevious={data.page > 1} hasNext={data.page < data.pages} onPrevious={() => page(data.page - 1)} onNext={() => page(data.page + 1)} label={`Page ${data.page} of ${data.pages} · ${data.total} member${data.total === 1 ? "" : "s"}`} />
                    </InlineStack>
                  </Box>
                </>
              )}
            </Card>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function SettingsList({ items }: { items: { term: string; description: string }[] }) {
  return (
    <BlockStack gap="200">
      {items.map((item) => (
        <BlockStack key={item.term} gap="050">
          <Text as="span" variant="bodySm" tone="subdued">
            {item.term}
          </Text>
          <Text as="span">{item.description}</Text>
        </BlockStack>
      ))}
    </BlockStack>
  );
}
