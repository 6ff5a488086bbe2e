// A month's payout statement (R12, R36, R40; issue 14): per member conversions, sales, payout and
// adjustments; corrections of closed months, each naming what it corrects; close the month,
// export it as CSV for a bulk payment tool, mark it paid with a reference.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFormat } from "~/components/format";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, InlineStack, Layout, Modal, Text, TextField } from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { useEffect, useState } from "react";
import { requireAdmin } from "~/services/request-context.server";
import { closePeriod, exportStatementCsv, getStatement, markPeriodPaid } from "~/services/payouts.server";
import { formFields, readForm, refused } from "~/services/forms.server";
import { payoutsForm } from "~/domain/input/route-forms";
import { fieldMessages } from "~/domain/input/fields";
import { isPeriod } from "~/domain/payouts/statements";
import { adminOrderUrl } from "~/services/conversion-pages.server";
import { PayoutStatusBadge } from "~/components/payout-status";

const periodParam = (value: string | undefined) => {
  if (!value || !isPeriod(value)) throw new Response("Statement not found", { status: 404 });
  return value;
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const statement = await getStatement(db, shop, periodParam(params.period));
  if (!statement) throw new Response("Statement not found", { status: 404 });
  return { statement: { ...statement, corrections: statement.corrections.map((c) => ({ ...c, orderUrl: adminOrderUrl(c.store, c.orderId) })) } };
}

type ActionResult = { intent: "close" | "paid"; ok: true } | { intent: "export"; ok: true; filename: string; csv: string } | { ok: false; error: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const period = periodParam(params.period);
  const parsed = payoutsForm.safeParse(formFields(await readForm(request)));
  if (!parsed.success) {
    const messages = fieldMessages(parsed.error);
    if (messages.intent) throw new Response("Unknown action", { status: 400 });
    return refused<ActionResult>({ ok: false, error: Object.values(messages)[0] ?? "Check the form." });
  }
  const input = parsed.data;
  if (input.intent === "export") {
    const file = await exportStatementCsv(db, { shop, actor, period });
    if (!file) throw new Response("Statement not found", { status: 404 });
    return { intent: "export", ok: true, ...file } satisfies ActionResult;
  }
  const result = input.intent === "close" ? await closePeriod(db, { shop, actor, period }) : await markPeriodPaid(db, { shop, actor, period, reference: input.reference });
  return result.ok ? ({ intent: input.intent, ok: true } satisfies ActionResult) : refused<ActionResult>({ ok: false, error: result.message }, 409);
}

const KIND_LABEL: Record<string, string> = {
  REFUND: "Refund",
  CANCEL: "Cancellation",
  EDIT: "Order edit",
  REVALUE: "Rate revaluation",
  EXCLUDE: "Excluded",
  LATE_ORDER: "Late order",
};

export default function Statement() {
  const formatUsd = useFormat().usd; // #21: USD in the shop's regional format (decision 150)
  const { statement: s } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const [confirming, setConfirming] = useState(false);
  const [reference, setReference] = useState("");
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
  useEffect(() => {
    const d = fetcher.data;
    if (!d || !d.ok || !("csv" in d)) return;
    const url = URL.createObjectURL(new Blob([d.csv], { type: "text/csv;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = d.filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    URL.revokeObjectURL(url);
  }, [fetcher.data]);
  const busy = fetcher.state !== "idle";
  return (
    <AppPage
      title={`Payouts · ${s.period}`}
      titleMetadata={<PayoutStatusBadge status={s.status} />}
      backAction={{ content: "Payouts", url: "/app/payouts" }}
      primaryAction={
        s.status === "OPEN" ? { content: "Close period", disabled: !s.canClose || busy, onAction: () => setConfirming(true), helpText: s.closeRefusal ?? undefined } : undefined
      }
      secondaryActions={[{ content: "Export CSV", disabled: busy, onAction: () => fetcher.submit({ intent: "export" }, { method: "post" }) }]}
    >
      <Layout>
        {error ? (
          <Layout.Section>
            <Banner tone="critical">{error}</Banner>
          </Layout.Section>
        ) : null}
        {s.status === "OPEN" && s.closeRefusal ? (
          <Layout.Section>
            <Banner tone="info">{s.closeRefusal}</Banner>
          </Layout.Section>
        ) : null}
        {s.status !== "OPEN" ? (
          <Layout.Section>
            <Banner tone={s.status === "PAID" ? "success" : "info"} title={s.status === "PAID" ? `Paid · reference ${s.paidReference}` : "Closed: this statement is frozen"}>
              <p>
                Closed {s.closedAt?.slice(0, 10)} by {s.closedBy}
                {s.paidAt ? `; paid ${s.paidAt.slice(0, 10)}` : ""}. Refunds or exclusions that arrive later appear as corrections in the next open month.
              </p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            <DataTable
              columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric"]}
              headings={["Member", "Email", "Conversions", "Sales (USD)", "Adjustments (USD)", "Payout (USD)"]}
              rows={s.members.map((m) => [
                m.memberId ? <Link to={`/app/members/${m.memberId}`}>{m.name}</Link> : m.name,
                m.email,
                m.conversions,
                formatUsd(m.salesUsdCents),
                formatUsd(m.adjustmentsCents),
                formatUsd(m.payoutCents),
              ])}
              totals={["", "", s.totals.conversions, formatUsd(s.totals.salesUsdCents), formatUsd(s.totals.adjustmentsCents), formatUsd(s.totals.payoutCents)]}
              showTotalsInFooter
            />
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Corrections of closed months
              </Text>
              {s.corrections.length ? (
                <div data-testid="corrections">
                  <DataTable
                    columnContentTypes={["text", "text", "text", "text", "numeric", "numeric"]}
                    headings={["Corrects", "Member", "Order", "Change", "Sales (USD)", "Payout (USD)"]}
                    rows={s.corrections.map((c) => [
                      <Link key={c.itemKey} to={`/app/payouts/${c.correctsPeriod}`}>
                        {c.correctsPeriod} statement
                      </Link>,
                      c.memberName,
                      <a key={`${c.itemKey}-o`} href={c.orderUrl} target="_top">
                        {c.orderName}
                      </a>,
                      `${KIND_LABEL[c.kind] ?? c.kind}${c.reason ? `: ${c.reason}` : ""}`,
                      formatUsd(c.saleUsdCents),
                      formatUsd(c.payoutCents),
                    ])}
                  />
                </div>
              ) : (
                <Text as="p" tone="subdued">
                  None.
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        {s.status === "CLOSED" ? (
          <Layout.Section>
            <Card>
              <fetcher.Form method="post">
                <input type="hidden" name="intent" value="paid" />
                <InlineStack gap="300" blockAlign="end">
                  <TextField
                    label="Payment reference"
                    name="reference"
                    value={reference}
                    onChange={setReference}
                    autoComplete="off"
                    helpText="The batch or transfer reference of your payment tool."
                  />
                  <Button submit disabled={busy}>
                    Mark as paid
                  </Button>
                </InlineStack>
              </fetcher.Form>
            </Card>
          </Layout.Section>
        ) : null}
      </Layout>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Close ${s.period}?`}
        primaryAction={{
          content: "Close period",
          destructive: true,
          loading: busy,
          onAction: () => {
            fetcher.submit({ intent: "close" }, { method: "post" });
            setConfirming(false);
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirming(false) }]}
      >
        <Modal.Section>
          <Text as="p">
            The statement is frozen as shown: {s.members.length} members, {formatUsd(s.totals.payoutCents)} in payouts. Later refunds, cancellations or exclusions of its orders
            will appear as corrections in the next open month.
          </Text>
        </Modal.Section>
      </Modal>
    </AppPage>
  );
}
