// An offer's leak watch settings (R39): when a member's code counts as leaked (uses per hour above
// a multiple of the member's normal, with more than a number of distinct customers), and the
// optional auto-action: deactivate on a flag above the hard threshold and email the merchant.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, FormLayout, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { SettingsErrors } from "~/domain/leaks/rules";
import { formFields, idParam, readForm, refused } from "~/services/forms.server";
import { leakSettingsFor, saveLeakSettings } from "~/services/leaks.server";
import { findOfferSummary } from "~/services/offer-pages.server";
import { requireAdmin } from "~/services/request-context.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const offer = await findOfferSummary(db, shop, idParam(params.id, "Offer"));
  if (!offer) throw new Response("Offer not found", { status: 404 });
  return { offer: { id: offer.id, name: offer.name }, settings: await leakSettingsFor(db, offer.id) };
}

type ActionData = { ok: true } | { ok: false; errors: SettingsErrors };

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const result = await saveLeakSettings(db, { shop, actor, offerId: idParam(params.id, "Offer"), fields: formFields(await readForm(request)) });
  if (!result) throw new Response("Offer not found", { status: 404 });
  return result.ok ? ({ ok: true } satisfies ActionData) : refused<ActionData>({ ok: false, errors: result.errors });
}

export default function LeakWatchSettingsPage() {
  const { offer, settings } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const saving = useNavigation().state === "submitting";
  const [values, setValues] = useState({
    ratio: String(settings.ratio),
    minCustomers: String(settings.minCustomers),
    hardRatio: String(settings.hardRatio),
    hardMinCustomers: String(settings.hardMinCustomers),
    notifyEmail: settings.notifyEmail,
  });
  const [auto, setAuto] = useState(settings.autoDeactivate);
  const errors: SettingsErrors = result && !result.ok ? result.errors : {};
  const field = (key: keyof typeof values) => ({
    name: key,
    value: values[key],
    onChange: (v: string) => setValues((s) => ({ ...s, [key]: v })),
    error: errors[key],
    autoComplete: "off",
  });
  return (
    <Page title="Leak watch" subtitle={offer.name} backAction={{ content: offer.name, url: `/app/offers/${offer.id}` }}>
      <Layout>
        <Layout.Section>
          <Form method="post">
            <Card>
              <BlockStack gap="400">
                {result?.ok ? <Banner tone="success">Settings saved.</Banner> : null}
                <Text as="p">
                  Each member&apos;s code is compared, hour by hour, with the member&apos;s normal use (the 95th percentile of their uses per hour over the last four weeks, or the
                  offer&apos;s while they are new). A code is flagged when both limits below are passed.
                </Text>
                <FormLayout>
                  <FormLayout.Group>
                    <TextField label="Spike: times the member's normal uses per hour" type="number" step={0.5} {...field("ratio")} />
                    <TextField label="Spike: more distinct customers in the hour than" type="number" {...field("minCustomers")} />
                  </FormLayout.Group>
                  <FormLayout.Group>
                    <TextField label="Hard threshold: times the normal" type="number" step={0.5} {...field("hardRatio")} />
                    <TextField label="Hard threshold: more distinct customers than" type="number" {...field("hardMinCustomers")} />
                  </FormLayout.Group>
                  <Checkbox label="Deactivate a code automatically above the hard threshold, and email me" checked={auto} onChange={setAuto} />
                  <input type="hidden" name="autoDeactivate" value={auto ? "true" : "false"} />
                  <TextField label="Email for alerts" type="email" {...field("notifyEmail")} helpText="Sent through Settings › Email when a code is deactivated automatically." />
                </FormLayout>
                <Button submit variant="primary" loading={saving}>
                  Save
                </Button>
              </BlockStack>
            </Card>
          </Form>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
