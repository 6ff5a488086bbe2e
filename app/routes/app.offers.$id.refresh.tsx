// Refresh members' codes (R20, R21, R22): a new name per chosen member, proposed by the offer's
// naming strategy and editable; the current name recreates the code with its usage at 0. Every
// name is checked before anything is written; then one job, whose page shows each member in
// every store. Reached from the offer's member table, a project's "Manage offers" and a member.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, IndexTable, InlineStack, Layout, Modal, Text, TextField } from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { useEffect, useMemo, useState } from "react";
import { refreshCodes, refreshPage } from "~/services/refresh.server";
import { requireAdmin, searchParam } from "~/services/request-context.server";
import { formFields, idParam, readForm, refused } from "~/services/forms.server";
import { fieldMessages, ID, idList } from "~/domain/input/fields";
import { refreshForm } from "~/domain/input/route-forms";
import { isMemberCodeFilter } from "~/domain/offers/member-filter";
import { projectSelectionInOffer, resolveProjectSelection } from "~/services/manage-offers.server";
import { ListPagination } from "~/components/list-pagination";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const url = new URL(request.url);
  const offerId = idParam(params.id, "Offer");
  const members = url.searchParams.get("members") ?? "";
  const status = url.searchParams.get("status");
  const all = url.searchParams.get("all") === "1";
  const ids = idList(members);
  // From a project (R26): the selected project members who are in this offer; the others are left out.
  const project = url.searchParams.get("project");
  let outside = 0;
  let selection: Parameters<typeof refreshPage>[3] = all
    ? { all: { query: searchParam(url), status: isMemberCodeFilter(status) ? status : null, store: url.searchParams.get("store") || null } }
    : { ids };
  if (project && ID.test(project)) {
    const inOffer = await projectSelectionInOffer(db, shop, project, offerId, await resolveProjectSelection(db, project, all ? { all: true } : { ids }));
    if (!inOffer) throw new Response("This offer is not connected to the project", { status: 404 });
    selection = { ids: inOffer.offerMemberIds };
    outside = inOffer.outside;
  }
  const data = await refreshPage(db, shop, offerId, selection);
  if (!data) throw new Response("Offer not found", { status: 404 });
  return { ...data, outside, back: url.searchParams.get("back") };
}

export type RefreshActionResult = { formError?: string; itemErrors: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const offerId = idParam(params.id, "Offer");
  const parsed = refreshForm.safeParse(formFields(await readForm(request)));
  if (!parsed.success) return refused<RefreshActionResult>({ formError: Object.values(fieldMessages(parsed.error))[0] ?? "Check the new codes and try again.", itemErrors: {} });
  const { items } = parsed.data;
  const result = await refreshCodes(db, { shop, actor, offerId, items });
  if (result.ok) return redirect(`/app/jobs/${result.jobId}`);
  // Row errors keyed by membership, so the page can show them whatever page of rows is open.
  const itemErrors = Object.fromEntries(Object.entries(result.itemErrors).map(([i, message]) => [items[Number(i)]!.offerMemberId, message]));
  return refused<RefreshActionResult>({ formError: result.formError ?? "Some new codes need another look. Nothing was changed.", itemErrors });
}

const PAGE = 50;

export default function RefreshCodes() {
  const { offer, stores, candidates, tooMany, back, outside } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const eligible = useMemo(() => candidates.filter((c) => c.proposed !== null), [candidates]);
  const [names, setNames] = useState<Record<string, string>>(() => Object.fromEntries(eligible.map((c) => [c.offerMemberId, c.proposed!])));
  const [page, setPage] = useState(1);
  const [confirming, setConfirming] = useState(false);
  const errors = fetcher.data?.itemErrors ?? {};
  const rows = [...eligible, ...candidates.filter((c) => c.proposed === null)];
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const keeping = eligible.filter((c) => (names[c.offerMemberId] ?? "").trim().toUpperCase() === (c.currentCode ?? "").toUpperCase()).length;

  // After a refused submit, open the page holding the first row to fix.
  useEffect(() => {
    const first = rows.findIndex((r) => errors[r.offerMemberId]);
    if (first >= 0) setPage(Math.floor(first / PAGE) + 1);
    setConfirming(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.data]);

  const submit = () => fetcher.submit({ items: JSON.stringify(eligible.map((c) => ({ offerMemberId: c.offerMemberId, code: names[c.offerMemberId] ?? "" }))) }, { method: "post" });
  // Back to where the merchant came from (a project or a member), else the offer.
  const backUrl = back?.startsWith("/app/") ? back : `/app/offers/${offer.id}`;
  const n = (k: number, one: string, many = `${one}s`) => `${k.toLocaleString("en-US")} ${k === 1 ? one : many}`;

  return (
    <AppPage title="Refresh promo codes" subtitle={offer.name} backAction={{ content: "Back", url: backUrl }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Banner tone="info">
              <p>
                Each member gets the new code in every store the offer syncs to ({n(stores, "store")}). Their old code stops working everywhere once the new one is live, and its
                sales stay with the member. Enter a member&apos;s current code to recreate it with its usage count back at 0. No email is sent.
              </p>
            </Banner>
            {outside ? (
              <Banner tone="info">{`${n(outside, "selected member")} ${outside === 1 ? "is" : "are"} not in this offer and ${outside === 1 ? "is" : "are"} left out.`}</Banner>
            ) : null}
            {tooMany ? <Banner tone="warning">Only the first 10,000 chosen members are shown. Refresh the rest afterwards.</Banner> : null}
            {fetcher.data?.formError ? (
              <Banner tone="critical" title={fetcher.data.formError}>
                {Object.keys(errors).length ? <p>{`${n(Object.keys(errors).length, "row")} to fix, shown below.`}</p> : null}
              </Banner>
            ) : null}
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: "member", plural: "members" }}
                itemCount={rows.length}
                selectable={false}
                headings={[{ title: "Member" }, { title: "Current code" }, { title: "New code" }]}
                emptyState={
                  <Box padding="400">
                    <Text as="p">No member chosen. Go back and select members in the offer.</Text>
                  </Box>
                }
              >
                {rows.slice((page - 1) * PAGE, page * PAGE).map((c, i) => (
                  <IndexTable.Row id={c.offerMemberId} key={c.offerMemberId} position={i}>
                    <IndexTable.Cell>
                      <BlockStack>
                        <Text as="span" fontWeight="semibold">
                          {c.name}
                        </Text>
                        <Text as="span" tone="subdued" variant="bodySm">
                          {c.email}
                        </Text>
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{c.currentCode ? <code>{c.currentCode}</code> : "—"}</IndexTable.Cell>
                    <IndexTable.Cell>
                      {c.proposed === null ? (
                        <InlineStack gap="200" blockAlign="center">
                          <Badge>Left out</Badge>
                          <Text as="span" tone="subdued" variant="bodySm">
                            {c.reason}
                          </Text>
                        </InlineStack>
                      ) : (
                        <InlineStack gap="200" blockAlign="start" wrap={false}>
                          <div style={{ minWidth: "14rem" }}>
                            <TextField
                              label={`New code for ${c.name}`}
                              labelHidden
                              value={names[c.offerMemberId] ?? ""}
                              onChange={(v) => setNames((prev) => ({ ...prev, [c.offerMemberId]: v }))}
                              error={errors[c.offerMemberId]}
                              autoComplete="off"
                              monospaced
                            />
                          </div>
                          {c.currentCode && (names[c.offerMemberId] ?? "").toUpperCase() !== c.currentCode.toUpperCase() ? (
                            <Button variant="plain" onClick={() => setNames((prev) => ({ ...prev, [c.offerMemberId]: c.currentCode! }))}>
                              Keep the name, reset usage
                            </Button>
                          ) : null}
                        </InlineStack>
                      )}
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
              {pages > 1 ? <ListPagination page={page} pages={pages} onPage={setPage} label={`Page ${page} of ${pages}`} /> : null}
            </Card>
            <InlineStack align="end" gap="200">
              <Button url={backUrl}>Cancel</Button>
              <Button variant="primary" disabled={!eligible.length} onClick={() => setConfirming(true)}>
                {`Refresh ${n(eligible.length, "code")}`}
              </Button>
            </InlineStack>
          </BlockStack>
        </Layout.Section>
      </Layout>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Refresh ${eligible.length === 1 ? "1 member's code" : `${n(eligible.length, "member")}' codes`} in ${n(stores, "store")}?`}
        primaryAction={{ content: "Yes, refresh", loading: fetcher.state !== "idle", onAction: submit }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirming(false) }]}
      >
        <Modal.Section>
          <BlockStack gap="200">
            <Text as="p">{`${n(eligible.length - keeping, "member")} get a new name; their old codes stop working in every store once the new ones are live.`}</Text>
            {keeping ? <Text as="p">{`${n(keeping, "member")} keep their name: the code is recreated and its usage count starts again at 0.`}</Text> : null}
            {candidates.length > eligible.length ? (
              <Text as="p" tone="subdued">{`${n(candidates.length - eligible.length, "member")} will be left out (see why in the list).`}</Text>
            ) : null}
            <Text as="p" tone="subdued">
              Nothing changes for a member whose new code is taken in any store. No email is sent.
            </Text>
          </BlockStack>
        </Modal.Section>
      </Modal>
    </AppPage>
  );
}
