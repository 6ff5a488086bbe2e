import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Link,
  Box,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Layout,
  Pagination,
  ProgressBar,
  Select,
  Text,
  TextField,
  useIndexResourceState,
} from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { useEffect } from "react";
import { useListParams } from "~/components/list-params";
import { useFormat } from "~/components/format";
import { useAppBridge } from "@shopify/app-bridge-react";
import { describeDiscount, describePayout } from "~/domain/offers/describe";
import { getOffer, matchingOfferMemberIds } from "~/services/offers.server";
import { isMemberCodeFilter, type MemberCodeFilter } from "~/domain/offers/member-filter";
import { useCodeStatusModal } from "~/components/code-status-modal";
import { LeakFlags } from "~/components/leak-flags";
import { retryFailedSync, syncStatus } from "~/services/stores.server";
import { pageParam, requireAdmin, searchParam } from "~/services/request-context.server";
import { formFields, idParam, readForm, refused } from "~/services/forms.server";
import { fieldMessages } from "~/domain/input/fields";
import { offerPageForm } from "~/domain/input/route-forms";
import { changeCodeStatus, previewCodeStatusChange } from "~/services/code-status.server";
import { findOfferSummary, latestJob, offerSummaryContext } from "~/services/offer-pages.server";
import { offerSummary } from "~/domain/offers/summary";
import { DriftBanner } from "~/components/drift-banner";
import { driftSummary } from "~/services/drift.server";
import { listLeakFlags } from "~/services/leaks.server";
import { useCsvDownload } from "~/components/csv-download";
import { useRefreshWhile } from "~/components/refresh-while";
import { useArchiveOffer } from "~/components/archive-offer";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const url = new URL(request.url);
  const status = url.searchParams.get("status");
  const store = url.searchParams.get("store");
  const data = await getOffer(db, shop, idParam(params.id, "Offer"), {
    query: searchParam(url),
    page: pageParam(url),
    status: isMemberCodeFilter(status) ? status : null,
    store: store || null,
  });
  if (!data) throw new Response("Offer not found", { status: 404 });
  const o = data.offer;
  const [sync, drift, leaks] = await Promise.all([
    syncStatus(db, o),
    driftSummary(db, shop, o.id),
    o.kind === "MEMBER_CODES" ? listLeakFlags(db, shop, { offerId: o.id, take: 20 }) : { flags: [], open: 0 },
  ]);
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
    summary: offerSummary(o, await offerSummaryContext(db, o)),
    sync,
    drift,
    leaks,
  };
}

export type OfferPageActionResult =
  | { intent: "retry"; retried: number }
  | { intent: "activate" | "deactivate"; preview: { changed: number; skipped: number; stores: number; members: string[] | "ALL" } }
  | { intent: "activate" | "deactivate"; done: { changed: number; skipped: number } }
  | { intent: "error"; error: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const offer = await findOfferSummary(db, shop, idParam(params.id, "Offer"));
  if (!offer) throw new Response("Offer not found", { status: 404 });
  // R35: the intent and its fields are checked by a schema first; an unknown intent is a 400.
  const parsed = offerPageForm.safeParse(formFields(await readForm(request)));
  if (!parsed.success) {
    const messages = fieldMessages(parsed.error);
    if (messages.intent) throw new Response("Unknown action", { status: 400 });
    return refused<OfferPageActionResult>({ intent: "error", error: Object.values(messages)[0] ?? "Check the form and try again." });
  }
  const input = parsed.data;
  if (input.intent === "retry") return { intent: "retry", ...(await retryFailedSync(db, { shop, actor, offerId: offer.id })) } satisfies OfferPageActionResult;
  // R23/R24: confirmed first (what will change, in how many stores), then one job.
  // "Select all N matching": every membership the table's filters match, not only this page.
  const members =
    input.members === "ALL" && (input.q || input.status || input.store)
      ? await matchingOfferMemberIds(db, shop, offer.id, { query: input.q, status: input.status, store: input.store })
      : input.members;
  if (!members) throw new Response("Offer not found", { status: 404 });
  const request_ = { shop, actor, offerId: offer.id, offerMemberIds: members, target: input.intent === "activate" ? ("ACTIVE" as const) : ("DEACTIVATED" as const) };
  if (input.confirm !== "true") {
    const preview = await previewCodeStatusChange(db, request_);
    if (!preview) throw new Response("Offer not found", { status: 404 });
    return { intent: input.intent, preview: { ...preview, members } } satisfies OfferPageActionResult;
  }
  const result = await changeCodeStatus(db, request_);
  if (!result.ok) return refused<OfferPageActionResult>({ intent: "error", error: result.error });
  if (result.jobId) return redirect(`/app/jobs/${result.jobId}`);
  return { intent: input.intent, done: { changed: result.changed, skipped: result.skipped } } satisfies OfferPageActionResult;
}

const codeTone = { ACTIVE: "success", PENDING: "info", FAILED: "critical", DEACTIVATED: undefined, RETIRED: undefined } as const;
const STATUS_OPTIONS: { label: string; value: MemberCodeFilter | "" }[] = [
  { label: "Any status", value: "" },
  { label: "Active", value: "ACTIVE" },
  { label: "Deactivated", value: "DEACTIVATED" },
  { label: "Pending", value: "PENDING" },
  { label: "Failed", value: "FAILED" },
];

export default function OfferDetail() {
  const data = useLoaderData<typeof loader>();
  const codesExport = useCsvDownload();
  const { offer } = data;
  const format = useFormat();
  const day = (iso: string | null) => format.calendarDay(iso); // code dates are calendar days (decision 150)
  const navigate = useNavigate();
  const shopify = useAppBridge();
  const { params, setParams, query, setQuery, setParam } = useListParams();
  const retrier = useFetcher<typeof action>();
  const bulk = useFetcher<typeof action>();
  const selection = useIndexResourceState(data.members, { resourceIDResolver: (m) => m.offerMemberId });
  const filters = { q: params.get("q") ?? "", status: params.get("status") ?? "", store: params.get("store") ?? "" };
  const allMatching = selection.allResourcesSelected && data.total > data.members.length;
  const chosen = (): string => (allMatching ? "ALL" : JSON.stringify(selection.selectedResources));
  const filterFields = () => Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
  const askBulk = (intent: "activate" | "deactivate") => bulk.submit({ intent, members: chosen(), ...(allMatching ? filterFields() : {}) }, { method: "post" });
  const refreshUrl = () => {
    const next = new URLSearchParams(allMatching ? { all: "1", ...filterFields() } : { members: selection.selectedResources.join(",") });
    return `/app/offers/${offer.id}/refresh?${next.toString()}`;
  };
  const { answer: bulkResult, modal: codeStatusModal } = useCodeStatusModal(
    bulk,
    (r) => ("preview" in r && r.preview ? { intent: r.intent, ...r.preview } : null),
    (p) => ({ members: typeof p.members === "string" ? p.members : JSON.stringify(p.members) }),
  );
  useRefreshWhile(data.sync.running, 1500);
  useEffect(() => {
    const saved = params.get("saved");
    if (saved) {
      shopify.toast.show(({ created: "Offer created", archived: "Offer archived", unarchived: "Offer unarchived" } as Record<string, string>)[saved] ?? "Offer saved");
      const next = new URLSearchParams(params);
      next.delete("saved");
      setParams(next, { replace: true });
    }
  }, [params, setParams, shopify]);
  const page = (n: number) => setParam("page", String(n));
  const archived = data.status === "Archived";
  const archive = useArchiveOffer(offer.id, archived);

  return (
    <AppPage
      title={offer.name}
      titleMetadata={<Badge tone={data.status === "Active" ? "success" : data.status === "Scheduled" ? "info" : undefined}>{data.status}</Badge>}
      backAction={{ content: "Offers", url: "/app/offers" }}
      primaryAction={offer.kind === "MEMBER_CODES" && !archived ? { content: "Add members", url: `/app/offers/${offer.id}/add-members` } : undefined}
      secondaryActions={[
        { content: "Performance", url: `/app/offers/${offer.id}/dashboard` },
        ...(offer.kind === "MEMBER_CODES" ? [{ content: "Email members", url: `/app/offers/${offer.id}/email` }] : []),
        { content: "Edit offer", url: `/app/offers/${offer.id}/edit` },
        // Issue 17 (R19): bulk codes not tied to members, and every code of any offer as CSV.
        ...(offer.kind === "MEMBER_CODES" ? [{ content: "Generate bulk codes", url: `/app/offers/${offer.id}/bulk-codes` }] : []),
        { content: "Export codes", disabled: codesExport.busy, onAction: () => codesExport.download(`/app/offers/${offer.id}/export`) },
        ...(data.latestJob ? [{ content: data.latestJob.status === "DONE" ? "Latest job" : "Job in progress", url: `/app/jobs/${data.latestJob.id}` }] : []),
        archive.action,
      ]}
    >
      {archive.modal}
      {archived ? (
        <Box paddingBlockEnd="400">
          <Banner tone="info" title="This offer is archived">
            <p>Its codes are deactivated in every store and it takes no new members. Its members, codes and conversions are kept. Unarchive it to use it again.</p>
          </Banner>
        </Box>
      ) : null}
      {archive.error ? (
        <Box paddingBlockEnd="400">
          <Banner tone="critical">{archive.error}</Banner>
        </Box>
      ) : null}
      <DriftBanner summary={data.drift} offerId={offer.id} />
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
                  // #21: every setting that decides what a code does and what a creator earns.
                  ...data.summary,
                  {
                    term: "Dates",
                    description: `${offer.datesMode === "UNIFIED" ? "Same for every code" : "Each code its own"} · ${day(offer.startsAt)} – ${day(offer.endsAt)}`,
                  },
                  {
                    term: "Codes",
                    description:
                      Object.entries(data.codeCounts)
                        .map(([s, n]) => `${n} ${s.toLowerCase()}`)
                        .join(", ") || "None yet",
                  },
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
                    <Button size="slim" loading={retrier.state !== "idle"} onClick={() => retrier.submit({ intent: "retry" }, { method: "post" })}>
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
                    <ProgressBar
                      size="small"
                      progress={s.total ? Math.round((s.synced / s.total) * 100) : 100}
                      tone={s.failed ? "critical" : "success"}
                      animated={data.sync.running}
                    />
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
          {/* Leak flags above the members, beside the summary (no empty column beside the flags). */}
          {offer.kind === "MEMBER_CODES" ? (
            <Box paddingBlockEnd="400">
              <LeakFlags data={data.leaks} offerId={offer.id} />
            </Box>
          ) : null}
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
              {data.total === 0 && !params.get("q") && !params.get("status") && !params.get("store") ? (
                <EmptyState heading="No members yet" action={{ content: "Add members", url: `/app/offers/${offer.id}/add-members` }} image="">
                  <p>Add members from your projects to give each of them a personal code.</p>
                </EmptyState>
              ) : (
                <>
                  <Box padding="300">
                    <InlineStack gap="200" wrap={false} blockAlign="center">
                      <div style={{ flex: 1 }}>
                        <TextField
                          label="Search members"
                          labelHidden
                          placeholder="Search by name, email or code"
                          value={query}
                          onChange={setQuery}
                          autoComplete="off"
                          clearButton
                          onClearButtonClick={() => setQuery("")}
                        />
                      </div>
                      <Select label="Code status" labelHidden options={STATUS_OPTIONS} value={filters.status} onChange={(v) => setParam("status", v)} />
                      {data.sync.stores.length > 1 ? (
                        <Select
                          label="Store"
                          labelHidden
                          options={[{ label: "Every store", value: "" }, ...data.sync.stores.map((s) => ({ label: s.label, value: s.store }))]}
                          value={filters.store}
                          onChange={(v) => setParam("store", v)}
                        />
                      ) : null}
                    </InlineStack>
                  </Box>
                  {codeStatusModal}
                  {bulkResult && "error" in bulkResult ? (
                    <Box padding="300">
                      <Banner tone="critical">{bulkResult.error}</Banner>
                    </Box>
                  ) : null}
                  <IndexTable
                    resourceName={{ singular: "member", plural: "members" }}
                    itemCount={data.members.length}
                    selectedItemsCount={selection.allResourcesSelected ? "All" : selection.selectedResources.length}
                    onSelectionChange={selection.handleSelectionChange}
                    hasMoreItems={data.total > data.members.length}
                    promotedBulkActions={[
                      { content: "Refresh codes", onAction: () => navigate(refreshUrl()) },
                      { content: "Activate codes", onAction: () => askBulk("activate") },
                      { content: "Deactivate codes", onAction: () => askBulk("deactivate") },
                      {
                        content: "Email members",
                        onAction: () => navigate(`/app/offers/${offer.id}/email?${allMatching ? "members=ALL" : `offerMembers=${selection.selectedResources.join(",")}`}`),
                      },
                    ]}
                    headings={[{ title: "Member" }, { title: "Code" }, { title: "Code status" }, { title: "Active dates" }]}
                  >
                    {data.members.map((m, i) => (
                      <IndexTable.Row id={m.offerMemberId} key={m.offerMemberId} position={i} selected={selection.selectedResources.includes(m.offerMemberId)}>
                        <IndexTable.Cell>
                          <BlockStack>
                            <Link url={`/app/members/${m.memberId}`} monochrome removeUnderline dataPrimaryLink>
                              <Text as="span" fontWeight="semibold">
                                {m.name}
                              </Text>
                            </Link>
                            <Text as="span" tone="subdued" variant="bodySm">
                              {m.email}
                            </Text>
                          </BlockStack>
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          {m.code ? <code>{m.code}</code> : "—"}
                          {m.refreshingTo ? (
                            <Text as="span" variant="bodySm" tone="subdued">
                              {" → "}
                              <code>{m.refreshingTo}</code> (refreshing)
                            </Text>
                          ) : null}
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          {m.codeStatus ? (
                            <Badge tone={codeTone[m.codeStatus as keyof typeof codeTone]}>{m.codeStatus.charAt(0) + m.codeStatus.slice(1).toLowerCase()}</Badge>
                          ) : (
                            "—"
                          )}
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          {m.startsAt ? (
                            <BlockStack>
                              <Text as="span">{day(m.startsAt)}</Text>
                              <Text as="span" tone="subdued" variant="bodySm">{`to ${m.endsAt ? day(m.endsAt) : "no end date"}`}</Text>
                            </BlockStack>
                          ) : (
                            "—"
                          )}
                        </IndexTable.Cell>
                      </IndexTable.Row>
                    ))}
                  </IndexTable>
                  <Box padding="300">
                    <InlineStack align="center">
                      <Pagination
                        hasPrevious={data.page > 1}
                        hasNext={data.page < data.pages}
                        onPrevious={() => page(data.page - 1)}
                        onNext={() => page(data.page + 1)}
                        label={`Page ${data.page} of ${data.pages} · ${data.total} member${data.total === 1 ? "" : "s"}`}
                      />
                    </InlineStack>
                  </Box>
                </>
              )}
            </Card>
          )}
        </Layout.Section>
      </Layout>
    </AppPage>
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
