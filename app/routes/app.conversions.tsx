// Conversions of an offer (?offerId=) or a member (?memberId=) (issue 14, R40): each order with its
// store, currency, sale, the rate and its day, USD, payout, what adjusted it, status and test flag;
// an order can be excluded from payouts with a reason (R41, audited).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFormat } from "~/components/format";
import { Link, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, IndexTable, InlineStack, Layout, Modal, Pagination, Text, TextField } from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { useState } from "react";
import { requireAdmin } from "~/services/request-context.server";
import { conversionsSubject, listConversions } from "~/services/conversion-pages.server";
import { excludeConversion } from "~/services/conversions.server";
import { formFields, idParam, readForm, refused } from "~/services/forms.server";
import { pageParam } from "~/services/request-context.server";
import { conversionsForm } from "~/domain/input/route-forms";
import { fieldMessages } from "~/domain/input/fields";
import { formatAmount } from "~/domain/money/format";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const url = new URL(request.url);
  const offerId = url.searchParams.get("offerId") ? idParam(url.searchParams.get("offerId")!, "Offer") : undefined;
  const memberId = url.searchParams.get("memberId") ? idParam(url.searchParams.get("memberId")!, "Member") : undefined;
  const subject = await conversionsSubject(db, shop, { offerId, memberId });
  if (!subject) throw new Response("Not found", { status: 404 });
  const includeTest = url.searchParams.get("test") === "1";
  return { subject, includeTest, ...(await listConversions(db, shop, { offerId, memberId, includeTest, page: pageParam(url) })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const parsed = conversionsForm.safeParse(formFields(await readForm(request)));
  if (!parsed.success) {
    const messages = fieldMessages(parsed.error);
    if (messages.intent) throw new Response("Unknown action", { status: 400 });
    return refused({ ok: false as const, error: Object.values(messages)[0] ?? "Check the form." });
  }
  const result = await excludeConversion(db, { shop, actor, conversionId: parsed.data.conversionId, reason: parsed.data.reason });
  return result.ok ? { ok: true as const } : refused({ ok: false as const, error: result.message }, 409);
}

const STATUS: Record<string, JSX.Element> = {
  COUNTED: <Badge tone="success">Counted</Badge>,
  PARTLY_REFUNDED: <Badge tone="warning">Partly refunded</Badge>,
  REFUNDED: <Badge tone="critical">Refunded</Badge>,
  CANCELLED: <Badge tone="critical">Cancelled</Badge>,
  EXCLUDED: <Badge>Excluded</Badge>,
};
const KIND: Record<string, string> = { REFUND: "Refund", CANCEL: "Cancelled", EDIT: "Edit", REVALUE: "Revalued", EXCLUDE: "Excluded", ATTRIBUTE: "Attributed by hand" };
// How a several-code order's sale was split (docs/decisions/070).
const METHOD: Record<string, string> = { LINES: "split by lines", AMOUNTS: "split by code amounts", EQUAL: "split equally" };

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

function ExcludeButton({ row }: { row: Row }) {
  const fetcher = useFetcher<typeof action>();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data.error : undefined;
  return (
    <>
      <Button size="micro" variant="plain" onClick={() => setOpen(true)} disabled={row.status === "EXCLUDED"}>
        Exclude
      </Button>
      <Modal
        open={open}
        onClose={() => setOpen(false)}
        title={`Exclude ${row.orderName} from payouts?`}
        primaryAction={{
          content: "Exclude",
          destructive: true,
          loading: fetcher.state !== "idle",
          onAction: () => fetcher.submit({ intent: "exclude", conversionId: row.id, reason }, { method: "post" }),
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setOpen(false) }]}
      >
        <Modal.Section>
          <TextField
            label="Reason"
            value={reason}
            onChange={setReason}
            autoComplete="off"
            error={error}
            helpText="Kept in the audit log. A closed month's statement is not changed: the exclusion is a correction in the next open month."
          />
        </Modal.Section>
      </Modal>
    </>
  );
}

export default function Conversions() {
  const formatUsd = useFormat().usd; // #21: USD in the shop's regional format (decision 150)
  const data = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    if (key !== "page") next.delete("page");
    setParams(next);
  };
  const back =
    data.subject.kind === "offer"
      ? { content: data.subject.name, url: `/app/offers/${data.subject.id}` }
      : data.subject.kind === "member"
        ? { content: data.subject.name, url: `/app/members/${data.subject.id}` }
        : undefined;
  return (
    <AppPage fullWidth title="Conversions" subtitle={data.subject.name} backAction={back}>
      <Layout>
        <Layout.Section>
          <InlineStack gap="400" blockAlign="center">
            <Checkbox label="Show test orders" checked={data.includeTest} onChange={(on) => setParam("test", on ? "1" : null)} />
            <Text as="span" tone="subdued">
              {data.count} conversions
            </Text>
          </InlineStack>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <IndexTable
              resourceName={{ singular: "conversion", plural: "conversions" }}
              itemCount={data.rows.length}
              selectable={false}
              headings={[
                { title: "Order" },
                { title: "Store" },
                { title: data.subject.kind === "member" ? "Offer" : "Member" },
                { title: "Sale" },
                { title: "Rate per USD" },
                { title: "USD", alignment: "end" },
                { title: "Payout", alignment: "end" },
                { title: "Adjustments" },
                { title: "Status" },
                { title: "" },
              ]}
            >
              {data.rows.map((r, i) => (
                <IndexTable.Row id={r.id} key={r.id} position={i}>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <InlineStack gap="100">
                        <a href={r.orderUrl} target="_top" data-testid="order-link">
                          {r.orderName}
                        </a>
                        {r.test ? <Badge tone="info">Test</Badge> : null}
                      </InlineStack>
                      <Text as="span" tone="subdued" variant="bodySm">
                        {r.occurredAt.slice(0, 10)} · {r.code}
                      </Text>
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{r.store}</IndexTable.Cell>
                  <IndexTable.Cell>
                    {data.subject.kind === "member" ? (
                      <Link to={`/app/conversions?offerId=${r.offerId}`}>{r.offer}</Link>
                    ) : r.memberId ? (
                      <Link to={`/app/conversions?memberId=${r.memberId}`}>{r.member}</Link>
                    ) : (
                      r.member
                    )}
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <span data-testid="sale">{formatAmount(r.saleCents, r.currency)}</span>
                      {r.attribution && r.attribution !== "SOLE" && r.orderSaleCents !== null ? (
                        <Text as="span" tone="subdued" variant="bodySm">
                          of {formatAmount(r.orderSaleCents, r.currency)}, {METHOD[r.attribution] ?? r.attribution}
                        </Text>
                      ) : null}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <span>{r.currency === "USD" ? "—" : r.rate.unitsPerUsd.toFixed(4)}</span>
                      <Text as="span" tone="subdued" variant="bodySm">
                        {r.currency === "USD" ? "USD" : `${r.rate.day} · ${r.rate.source}`}
                      </Text>
                      {r.rate.status === "PROVISIONAL" ? (
                        <Badge tone="warning">Provisional rate</Badge>
                      ) : r.rate.status === "BEFORE_OLDEST" ? (
                        <Badge tone="warning">Oldest rate used</Badge>
                      ) : null}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {formatUsd(r.netSaleUsdCents)}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      <span data-testid="payout">{formatUsd(r.netPayoutCents)}</span>
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      {r.adjustments.map((a) => (
                        <Text as="span" variant="bodySm" key={a.id}>
                          {a.at.slice(0, 10)} {KIND[a.kind] ?? a.kind}: {formatAmount(a.saleCents, r.currency)}, payout {formatUsd(a.payoutCents)}
                          {a.reason ? ` (${a.reason})` : ""}
                        </Text>
                      ))}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{STATUS[r.status]}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <ExcludeButton row={r} />
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
        {data.rows.some((r) => r.rate.status !== "CURRENT") ? (
          <Layout.Section>
            <Banner tone="warning">
              Some conversions use a provisional exchange rate (older than the configured days, or the oldest stored). They are revalued, with a visible correction, when a fresher
              rate arrives.
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <InlineStack align="center">
            <Pagination
              hasPrevious={data.page > 1}
              hasNext={data.page < data.pages}
              onPrevious={() => setParam("page", String(data.page - 1))}
              onNext={() => setParam("page", String(data.page + 1))}
            />
          </InlineStack>
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}
