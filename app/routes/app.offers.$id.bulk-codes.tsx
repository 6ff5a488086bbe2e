// Generate bulk codes (R19, issue 17): random codes not tied to members, into the offer's discount
// group in every synced store. The merchant sets how many, the length, the characters and a
// prefix/suffix, previews 5 samples with the check that the count fits the space, then generates:
// one job (R38) whose page shows the progress. Past batches are listed with their jobs.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, InlineStack, Layout, List, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { BULK_CHARSET_LABELS, BULK_CHARSETS, formatCount, formatPercent, MAX_BULK_COUNT, parseBulkSpec, type BulkSpecErrors } from "~/domain/codes/bulk";
import { bulkCodesPage, generateBulkCodes, previewBulkCodes } from "~/services/bulk-codes.server";
import { formFields, idParam, readForm, refused } from "~/services/forms.server";
import { requireAdmin } from "~/services/request-context.server";
import { useCsvDownload } from "~/components/csv-download";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const data = await bulkCodesPage(db, shop, idParam(params.id, "Offer"));
  if (!data) throw new Response("Offer not found", { status: 404 });
  return data;
}

type Preview = { samples: string[]; space: string; fill: string; guess: string; repeats: string; problem: string | null };
export type BulkActionResult = { intent: "preview"; preview: Preview } | { errors: BulkSpecErrors; formError?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const offerId = idParam(params.id, "Offer");
  const form = formFields(await readForm(request));
  if (form.intent === "preview") {
    const p = await previewBulkCodes(db, shop, offerId, form);
    if (!p.ok) return refused<BulkActionResult>({ errors: p.errors, formError: p.formError });
    return {
      intent: "preview" as const,
      preview: {
        samples: p.samples,
        space: formatCount(p.space.space),
        fill: formatPercent(p.space.fillRatio),
        guess: p.space.guessChance > 0 ? `1 in ${formatCount(1 / p.space.guessChance)}` : "none",
        repeats: p.space.expectedRepeats < 0.01 ? "almost none" : `about ${formatCount(p.space.expectedRepeats)} (each is drawn again)`,
        problem: p.problem,
      },
    } satisfies BulkActionResult;
  }
  const parsed = parseBulkSpec(form);
  if (!parsed.ok) return refused<BulkActionResult>({ errors: parsed.errors });
  const result = await generateBulkCodes(db, { shop, actor, offerId, spec: parsed.value });
  if (!result.ok) return refused<BulkActionResult>({ errors: result.errors, formError: result.formError });
  return redirect(`/app/jobs/${result.jobId}`);
}

export default function BulkCodes() {
  const { offer, refusal, stores, bulkCodes, batches } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const exporter = useCsvDownload();
  const [values, setValues] = useState({ count: "500", length: "8", charset: "BOTH", excludeAmbiguous: true, prefix: "", suffix: "" });
  const set = (key: keyof typeof values) => (value: string | boolean) => setValues((v) => ({ ...v, [key]: value }));
  const result = fetcher.data;
  const errors: BulkSpecErrors = result && "errors" in result ? result.errors : {};
  const formError = result && "errors" in result ? result.formError : undefined;
  const preview = result && "preview" in result ? result.preview : null;
  const busy = fetcher.state !== "idle";
  const submit = (intent: "preview" | "generate") => fetcher.submit({ intent, ...values, excludeAmbiguous: String(values.excludeAmbiguous) }, { method: "post" });

  return (
    <Page
      title="Generate bulk codes"
      subtitle={offer.name}
      backAction={{ content: offer.name, url: `/app/offers/${offer.id}` }}
      secondaryActions={[{ content: "Export codes", disabled: exporter.busy, onAction: () => exporter.download(`/app/offers/${offer.id}/export`) }]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {refusal ? <Banner tone="warning">{refusal}</Banner> : null}
            {formError ? <Banner tone="critical">{formError}</Banner> : null}
            {exporter.error ? <Banner tone="critical">{exporter.error}</Banner> : null}
            <Card>
              <BlockStack gap="300">
                <Text as="p">
                  Random codes that belong to no member (a print campaign, a partner list). They are added to the discount group “{offer.groupName}” in {stores.join(", ")}, checked
                  in every store first; a code a store already holds is replaced by a fresh one.
                </Text>
                <InlineStack gap="300" wrap>
                  <TextField
                    label="How many codes"
                    type="number"
                    min={1}
                    max={MAX_BULK_COUNT}
                    value={values.count}
                    onChange={set("count")}
                    error={errors.count}
                    autoComplete="off"
                    helpText={`1 to ${MAX_BULK_COUNT.toLocaleString("en-US")}`}
                  />
                  <TextField
                    label="Random characters per code"
                    type="number"
                    min={4}
                    max={32}
                    value={values.length}
                    onChange={set("length")}
                    error={errors.length}
                    autoComplete="off"
                  />
                  <Select
                    label="Characters"
                    options={BULK_CHARSETS.map((c) => ({ value: c, label: BULK_CHARSET_LABELS[c] }))}
                    value={values.charset}
                    onChange={set("charset")}
                    error={errors.charset}
                  />
                </InlineStack>
                <Checkbox label="Leave out characters that look alike (0 and O, 1 and I)" checked={values.excludeAmbiguous} onChange={(v) => set("excludeAmbiguous")(v)} />
                <InlineStack gap="300" wrap>
                  <TextField label="Prefix" value={values.prefix} onChange={set("prefix")} error={errors.prefix} autoComplete="off" placeholder="SUMMER-" />
                  <TextField label="Suffix" value={values.suffix} onChange={set("suffix")} error={errors.suffix} autoComplete="off" />
                </InlineStack>
                <InlineStack gap="200">
                  <Button onClick={() => submit("preview")} loading={busy && fetcher.formData?.get("intent") === "preview"} disabled={Boolean(refusal)}>
                    Preview
                  </Button>
                  <Button
                    variant="primary"
                    onClick={() => submit("generate")}
                    loading={busy && fetcher.formData?.get("intent") === "generate"}
                    disabled={Boolean(refusal) || Boolean(preview?.problem)}
                  >
                    Generate codes
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
            {preview ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingSm">
                    Preview
                  </Text>
                  <InlineStack gap="300" wrap>
                    {preview.samples.map((s) => (
                      <Text as="span" key={s} fontWeight="semibold">
                        <code>{s}</code>
                      </Text>
                    ))}
                  </InlineStack>
                  <List>
                    <List.Item>
                      {preview.space} possible codes of this shape; this batch and the codes already in the offer's stores fill {preview.fill} of them.
                    </List.Item>
                    <List.Item>A guessed code of this shape is one of these with a chance of {preview.guess}.</List.Item>
                    <List.Item>Repeated draws while generating: {preview.repeats}.</List.Item>
                  </List>
                  {preview.problem ? <Banner tone="critical">{preview.problem}</Banner> : <Banner tone="success">The count fits: every code will be unique.</Banner>}
                </BlockStack>
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingSm">
                Bulk codes in this offer: {bulkCodes.toLocaleString("en-US")}
              </Text>
              {batches.length ? (
                <List>
                  {batches.map((b) => (
                    <List.Item key={b.id}>
                      {b.count.toLocaleString("en-US")} codes, {b.shape}
                      {b.replaced ? ` (${b.replaced.toLocaleString("en-US")} replaced: taken in a store)` : ""} · {b.jobId ? <Link to={`/app/jobs/${b.jobId}`}>job</Link> : null}
                    </List.Item>
                  ))}
                </List>
              ) : (
                <Text as="p" tone="subdued">
                  None yet.
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
