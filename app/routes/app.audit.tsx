// The audit log (R36, #21): who changed what, when, in which stores; filtered by offer, member,
// actor, kind and days (the shop's timezone); 50 per page; the matching entries as CSV.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Banner, Box, Card, EmptyState, IndexTable, InlineStack, Link, Select, Tag, Text, TextField, BlockStack } from "@shopify/polaris";
import { useState } from "react";
import { AppPage } from "~/components/app-page";
import { useFormat } from "~/components/format";
import { useListParams } from "~/components/list-params";
import { parseAuditFilter } from "~/domain/audit/log-filter";
import { auditFilterChoices, listAuditEntries } from "~/services/audit-log.server";
import { pageParam, requireAdmin } from "~/services/request-context.server";
import { loadShopFormat } from "~/services/shops.server";
import { ListPagination } from "~/components/list-pagination";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop, admin } = await requireAdmin(request);
  const url = new URL(request.url);
  const { filter, errors } = parseAuditFilter(url.searchParams);
  const { timeZone } = await loadShopFormat({ db, admin });
  const [list, choices] = await Promise.all([listAuditEntries(db, shop, filter, { page: pageParam(url), timeZone }), auditFilterChoices(db, shop, filter.memberId)]);
  return { ...list, choices, filter, errors };
}

export default function AuditLog() {
  const { rows, total, page, pages, choices, filter, errors } = useLoaderData<typeof loader>();
  const f = useFormat();
  const { params, setParams, setParam } = useListParams();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const filtered = Boolean(filter.offerId || filter.memberId || filter.actor || filter.action || filter.from || filter.to);
  const clear = (key: string) => {
    const next = new URLSearchParams(params);
    next.delete(key);
    next.delete("page");
    setParams(next);
  };

  // The export is a fetch (App Bridge adds the session token), streamed by the server, saved as a file.
  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    try {
      const query = new URLSearchParams(params);
      query.delete("page");
      const response = await fetch(`/app/audit/export?${query.toString()}`);
      if (!response.ok) throw new Error(String(response.status));
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = response.headers.get("Content-Disposition")?.match(/filename="([^"]+)"/)?.[1] ?? "audit-log.csv";
      document.body.appendChild(a);
      a.click();
      a.remove();
      URL.revokeObjectURL(url);
    } catch {
      setExportError("The export could not be downloaded. Try again.");
    } finally {
      setExporting(false);
    }
  };

  return (
    <AppPage
      title="Audit log"
      subtitle="Who changed what, when, and in which stores"
      secondaryActions={[{ content: "Export CSV", disabled: exporting || total === 0, onAction: () => void exportCsv() }]}
    >
      <BlockStack gap="400">
        {exportError ? (
          <Banner tone="critical" onDismiss={() => setExportError(null)}>
            {exportError}
          </Banner>
        ) : null}
        <Card padding="0">
          <Box padding="300">
            <BlockStack gap="300">
              <InlineStack gap="300" wrap>
                <Select
                  label="Offer"
                  options={[{ label: "All offers", value: "" }, ...choices.offers.map((o) => ({ label: o.name, value: o.id }))]}
                  value={filter.offerId ?? ""}
                  onChange={(v) => (v ? setParam("offer", v) : clear("offer"))}
                  error={errors.offerId}
                />
                <Select
                  label="Kind of change"
                  options={[{ label: "All kinds", value: "" }, ...choices.actions]}
                  value={filter.action ?? ""}
                  onChange={(v) => (v ? setParam("kind", v) : clear("kind"))}
                  error={errors.action}
                />
                <Select
                  label="Changed by"
                  options={[{ label: "Anyone", value: "" }, ...choices.actors]}
                  value={filter.actor ?? ""}
                  onChange={(v) => (v ? setParam("actor", v) : clear("actor"))}
                  error={errors.actor}
                />
                <DateFilter label="From" name="from" value={filter.from ?? ""} error={errors.from} onChange={(v) => (v ? setParam("from", v) : clear("from"))} />
                <DateFilter label="To" name="to" value={filter.to ?? ""} error={errors.to} onChange={(v) => (v ? setParam("to", v) : clear("to"))} />
              </InlineStack>
              {filter.memberId || errors.memberId ? (
                <InlineStack gap="200">
                  <Tag onRemove={() => clear("member")}>{choices.member ? `Member: ${choices.member.name}` : "Member: not found"}</Tag>
                </InlineStack>
              ) : null}
              <Text as="p" tone="subdued">
                {`Dates are days in the shop's timezone (${f.timeZone}).`}
              </Text>
            </BlockStack>
          </Box>
          {total === 0 && !filtered ? (
            <EmptyState heading="Nothing has been changed yet" image="">
              <p>Creating offers, generating codes, editing members and every other change you make appears here.</p>
            </EmptyState>
          ) : (
            <>
              <IndexTable
                resourceName={{ singular: "entry", plural: "entries" }}
                itemCount={rows.length}
                selectable={false}
                headings={[{ title: "When" }, { title: "Changed by" }, { title: "Change" }, { title: "About" }, { title: "Stores" }, { title: "Details" }]}
                emptyState={
                  <Box padding="400">
                    <Text as="p" tone="subdued">
                      No changes match these filters.
                    </Text>
                  </Box>
                }
              >
                {rows.map((row, index) => (
                  <IndexTable.Row id={row.id} key={row.id} position={index}>
                    <IndexTable.Cell>{f.dateTime(row.createdAt)}</IndexTable.Cell>
                    <IndexTable.Cell>{row.actorLabel}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge>{row.actionLabel}</Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{row.subject ? row.subject.url ? <Link url={row.subject.url}>{row.subject.label}</Link> : row.subject.label : "—"}</IndexTable.Cell>
                    <IndexTable.Cell>{row.stores.length ? row.stores.map((s) => s.replace(/\.myshopify\.com$/, "")).join(", ") : "—"}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <div style={{ whiteSpace: "normal", minWidth: "12rem", maxWidth: "22rem", overflowWrap: "anywhere" }}>
                        <Text as="span" tone="subdued">
                          {row.details || "—"}
                        </Text>
                      </div>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
              <ListPagination
                page={page}
                pages={pages}
                onPage={(n) => setParam("page", String(n))}
                label={`Page ${page} of ${pages} · ${f.count(total)} ${total === 1 ? "entry" : "entries"}`}
              />
            </>
          )}
        </Card>
      </BlockStack>
    </AppPage>
  );
}

/** A day filter: applied when the field holds a whole date (or is emptied), not on each keystroke. */
function DateFilter({ label, name, value, error, onChange }: { label: string; name: string; value: string; error?: string; onChange: (v: string) => void }) {
  const [draft, setDraft] = useState(value);
  return (
    <div style={{ minWidth: "10rem" }}>
      <TextField
        label={label}
        name={name}
        type="date"
        autoComplete="off"
        value={draft}
        error={error}
        onChange={(v) => {
          setDraft(v);
          if (v === "" || /^\d{4}-\d{2}-\d{2}$/.test(v)) onChange(v);
        }}
      />
    </div>
  );
}
