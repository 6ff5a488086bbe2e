// One leak flag's evidence (R39): the figures against the member's normal pattern, uses per hour
// over the two days up to the spike, the stores and countries, and the window's orders; with the
// one-click actions (refresh, deactivate, dismiss with a reason).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { formatRate } from "~/domain/leaks/alert-email";
import { leakActionForm } from "~/domain/leaks/forms";
import { fieldMessages } from "~/domain/input/fields";
import { describeFlag, LeakActions, type LeakActionData } from "~/components/leak-flags";
import { formFields, idParam, readForm, refused } from "~/services/forms.server";
import { actOnLeakFlag, leakEvidence } from "~/services/leaks.server";
import { requireAdmin } from "~/services/request-context.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const evidence = await leakEvidence(db, shop, idParam(params.id, "Flag"));
  if (!evidence) throw new Response("Flag not found", { status: 404 });
  return evidence;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const flagId = idParam(params.id, "Flag");
  const parsed = leakActionForm.safeParse(formFields(await readForm(request)));
  if (!parsed.success) {
    const messages = fieldMessages(parsed.error);
    if (messages.intent) throw new Response("Unknown action", { status: 400 });
    return refused<LeakActionData>({ ok: false, error: Object.values(messages)[0] ?? "Check the form and try again." });
  }
  const input = parsed.data;
  const result = await actOnLeakFlag(db, { shop, actor, flagId, action: input.intent, reason: input.intent === "dismiss" ? input.reason : undefined });
  if (!result) throw new Response("Flag not found", { status: 404 });
  return result.ok ? (result satisfies LeakActionData) : refused<LeakActionData>(result, 409);
}

const SOURCE = {
  OWN: "the 95th percentile of their uses per hour over the last four weeks",
  OFFER: "the 95th percentile of the offer's members' uses per hour, as this member has under a week of history",
  LEARNED: "a level you dismissed before",
  FLOOR: "the minimum, as there is little or no history yet",
} as const;
const time = (iso: string) => iso.replace("T", " ").slice(0, 16);

export default function LeakEvidencePage() {
  const data = useLoaderData<typeof loader>();
  const { flag } = data;
  return (
    <Page
      title={`${flag.code} · ${flag.memberName}`}
      titleMetadata={flag.status === "OPEN" ? <Badge tone="critical">Open</Badge> : <Badge>{flag.autoAction ? "Deactivated automatically" : flag.status.toLowerCase()}</Badge>}
      subtitle={flag.offerName}
      backAction={{ content: "Offer", url: `/app/offers/${flag.offerId}` }}
    >
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="p">{describeFlag(flag)}</Text>
              <Text as="p" variant="bodySm" tone="subdued">
                {`Normal for this member: ${formatRate(flag.baselinePerHour)} ${flag.baselinePerHour === 1 ? "use" : "uses"} an hour (${SOURCE[flag.baselineSource as keyof typeof SOURCE] ?? flag.baselineSource}). The code now: ${flag.codeCurrent ? flag.codeStatus.toLowerCase() : "replaced"}.`}
                {flag.reason ? ` Dismissed: ${flag.reason}` : ""}
              </Text>
              <LeakActions flag={flag} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd" id="leak-chart-heading">
                Uses per hour (UTC), two days up to the spike
              </Text>
              <HourlyChart series={data.series} baseline={flag.baselinePerHour} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={2} gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Stores
                </Text>
                {data.stores.map((s) => (
                  <InlineStack key={s.store} align="space-between">
                    <Text as="span">{s.store}</Text>
                    <Text as="span" numeric>
                      {s.uses}
                    </Text>
                  </InlineStack>
                ))}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Countries
                </Text>
                {data.countries.map((c) => (
                  <InlineStack key={c.country} align="space-between">
                    <Text as="span">{c.country}</Text>
                    <Text as="span" numeric>
                      {c.uses}
                    </Text>
                  </InlineStack>
                ))}
              </BlockStack>
            </Card>
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <DataTable
              columnContentTypes={["text", "text", "text", "text", "text", "numeric"]}
              headings={["Order", "Placed (UTC)", "Store", "Country", "Customer", "Sale"]}
              rows={data.orders.map((o) => [
                o.orderName,
                time(o.occurredAt),
                o.store,
                o.country ?? "—",
                !o.customer ? "Guest" : o.firstOrder === null ? "—" : o.firstOrder ? "First order" : "Returning",
                `${(o.saleCents / 100).toFixed(2)} ${o.currency}`,
              ])}
            />
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** Bars of uses per hour, the member's normal as a dashed line; the numbers are in the table. */
function HourlyChart({ series, baseline }: { series: { hourStart: string; uses: number }[]; baseline: number }) {
  const W = 720;
  const H = 160;
  const max = Math.max(baseline, ...series.map((s) => s.uses), 1);
  const bw = W / Math.max(series.length, 1);
  const y = (v: number) => H - (v / max) * (H - 10);
  const peak = series.reduce((best, s) => (s.uses > best.uses ? s : best), { hourStart: "", uses: 0 });
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="leak-chart-heading leak-chart-desc" data-testid="leak-chart" style={{ width: "100%", height: "auto" }}>
        <desc id="leak-chart-desc">{`${series.length} hourly bars; highest ${peak.uses} uses in the hour from ${time(peak.hourStart)}; normal ${formatRate(baseline)} an hour.`}</desc>
        {series.map((s, i) => (
          <rect key={s.hourStart} x={i * bw + 1} y={y(s.uses)} width={Math.max(bw - 2, 1)} height={H - y(s.uses)} fill={s.uses > baseline ? "#c70a24" : "#8a8a8a"}>
            <title>{`${time(s.hourStart)}: ${s.uses}`}</title>
          </rect>
        ))}
        <line x1={0} x2={W} y1={y(baseline)} y2={y(baseline)} stroke="#005bd3" strokeDasharray="6 4" strokeWidth={2} />
      </svg>
      <figcaption>
        <Text as="span" variant="bodySm" tone="subdued">
          {`Red: above the member's normal (dashed line, ${formatRate(baseline)} an hour). ${series.reduce((n, s) => n + s.uses, 0)} uses in these ${series.length} hours.`}
        </Text>
      </figcaption>
    </figure>
  );
}
