// Email members (R18, R22): compose a message for chosen members of an offer from the default
// template of its kind, preview it for each recipient with their real values, and send it.
// URL: /app/offers/:id/email?members=<member ids, comma-separated>|ALL, or ?offerMembers=<offer
// table row ids>, or ?job=<job id> (the members a job touched); &kind=new_code|refreshed_code|
// deactivated|reactivated. No selection means every member of the offer.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, ButtonGroup, Card, InlineStack, Layout, List, Select, Text, TextField } from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { useMemo, useState } from "react";
import { EMAIL_KIND_LABELS, EMAIL_KINDS, EMAIL_TOKENS, DEFAULT_TEMPLATES, renderEmail, templateProblems, type EmailKind } from "~/domain/email/template";
import { composeForm, parseComposeParams } from "~/domain/input/email-forms";
import { fieldMessages } from "~/domain/input/fields";
import { loadCompose, queueEmails } from "~/services/emails.server";
import { getEmailSettings } from "~/services/email-settings.server";
import { requireAdmin } from "~/services/request-context.server";
import { formFields, idParam, readForm, refused } from "~/services/forms.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const { selection, kind, invalid } = parseComposeParams(new URL(request.url).searchParams);
  const compose = await loadCompose(db, shop, idParam(params.id, "Offer"), selection);
  if (!compose) throw new Response("Offer not found", { status: 404 });
  const settings = await getEmailSettings(db, shop);
  return { ...compose, notInOffer: compose.notInOffer + invalid, kind, configured: settings.configured, sender: settings.senderName || "Creator program" };
}

type ComposeActionResult = { errors: { subject?: string; body?: string; form?: string } };

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const offerId = idParam(params.id, "Offer");
  const parsed = composeForm.safeParse(formFields(await readForm(request)));
  if (!parsed.success) {
    const messages = fieldMessages(parsed.error);
    if (messages.intent) throw new Response("Unknown action", { status: 400 });
    return refused<ComposeActionResult>({ errors: { form: Object.values(messages)[0] ?? "Check the form and try again." } });
  }
  const { selection } = parseComposeParams(new URL(request.url).searchParams);
  const result = await queueEmails(db, { shop, actor, offerId, selection, kind: parsed.data.kind, template: { subject: parsed.data.subject, body: parsed.data.body } });
  if (!result) throw new Response("Offer not found", { status: 404 });
  if (!result.ok) return refused<ComposeActionResult>({ errors: result.errors });
  return redirect(`/app/offers/${offerId}/emails?batch=${result.batchId}&queued=${result.queued}&skipped=${result.skipped.length}`);
}

export default function ComposeEmail() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [kind, setKind] = useState<EmailKind>(data.kind);
  const [subject, setSubject] = useState(DEFAULT_TEMPLATES[data.kind].subject);
  const [body, setBody] = useState(DEFAULT_TEMPLATES[data.kind].body);
  const [index, setIndex] = useState(0);
  const [showText, setShowText] = useState(false);
  const problems = templateProblems({ subject, body });
  const errors = { ...(actionData?.errors ?? {}), ...(problems ?? {}) };
  const recipient = data.recipients[Math.min(index, data.recipients.length - 1)];
  const preview = useMemo(() => (recipient && !problems ? renderEmail({ subject, body }, recipient.values) : null), [recipient, subject, body, problems]);
  const count = data.recipients.length;
  const sending = navigation.state !== "idle";
  const chooseKind = (value: string) => {
    const k = value as EmailKind;
    setKind(k);
    setSubject(DEFAULT_TEMPLATES[k].subject);
    setBody(DEFAULT_TEMPLATES[k].body);
  };
  const send = () => submit({ intent: "send", kind, subject, body }, { method: "post" });

  return (
    <AppPage
      title="Email members"
      subtitle={data.offer.name}
      backAction={{ content: data.offer.name, url: `/app/offers/${data.offer.id}` }}
      primaryAction={{
        content: count === 1 ? "Send to 1 member" : `Send to ${count} members`,
        onAction: send,
        disabled: !count || !data.configured || Boolean(problems),
        loading: sending,
      }}
      secondaryActions={[{ content: "Sent emails", url: `/app/offers/${data.offer.id}/emails` }]}
    >
      <Layout>
        {!data.configured ? (
          <Layout.Section>
            <Banner tone="critical" title="Email is not set up for this store">
              <p>
                Add your SMTP connection in <Link to="/app/settings/email">Settings › Email</Link> before sending.
              </p>
            </Banner>
          </Layout.Section>
        ) : null}
        {actionData?.errors.form ? (
          <Layout.Section>
            <Banner tone="critical">{actionData.errors.form}</Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Recipients
              </Text>
              <Text as="p">{count === 1 ? "1 member will get this email." : `${count} members will get this email.`}</Text>
              <List type="bullet">
                {data.recipients.slice(0, 8).map((r) => (
                  <List.Item key={r.memberId}>{`${r.name} · ${r.email}`}</List.Item>
                ))}
              </List>
              {count > 8 ? (
                <Text as="p" tone="subdued">
                  {`and ${count - 8} more`}
                </Text>
              ) : null}
              {data.skipped.length ? (
                <Banner tone="warning" title={data.skipped.length === 1 ? "1 member will be skipped" : `${data.skipped.length} members will be skipped`}>
                  <List type="bullet">
                    {data.skipped.slice(0, 20).map((s) => (
                      <List.Item key={s.memberId}>{`${s.name}: ${s.reason.toLowerCase()}`}</List.Item>
                    ))}
                  </List>
                  {data.skipped.length > 20 ? <p>{`and ${data.skipped.length - 20} more`}</p> : null}
                </Banner>
              ) : null}
              {data.notInOffer ? (
                <Text as="p" tone="subdued">
                  {data.notInOffer === 1 ? "1 chosen member is not in this offer and is left out." : `${data.notInOffer} chosen members are not in this offer and are left out.`}
                </Text>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Select
                  label="About"
                  options={EMAIL_KINDS.map((k) => ({ label: EMAIL_KIND_LABELS[k], value: k }))}
                  value={kind}
                  onChange={chooseKind}
                  helpText="Choosing starts again from that kind's default template."
                />
                <TextField label="Subject" value={subject} onChange={setSubject} autoComplete="off" error={errors.subject} />
                <TextField
                  label="Message"
                  value={body}
                  onChange={setBody}
                  multiline={10}
                  autoComplete="off"
                  error={errors.body}
                  helpText={`Tokens: ${EMAIL_TOKENS.map((t) => `{${t}}`).join(" ")}. {STORE_VALUES} on a line of its own lists each store's value.`}
                />
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Preview
                  </Text>
                  {count ? (
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="span" tone="subdued">{`Recipient ${Math.min(index, count - 1) + 1} of ${count}`}</Text>
                      <ButtonGroup variant="segmented">
                        <Button accessibilityLabel="Previous recipient" disabled={index <= 0} onClick={() => setIndex((i) => Math.max(0, i - 1))}>
                          ‹ Previous
                        </Button>
                        <Button accessibilityLabel="Next recipient" disabled={index >= count - 1} onClick={() => setIndex((i) => Math.min(count - 1, i + 1))}>
                          Next ›
                        </Button>
                      </ButtonGroup>
                    </InlineStack>
                  ) : null}
                </InlineStack>
                {!recipient ? (
                  <Text as="p" tone="subdued">
                    Nobody to preview: none of the chosen members can be emailed.
                  </Text>
                ) : !preview ? (
                  <Text as="p" tone="critical">
                    Fix the template to see the preview.
                  </Text>
                ) : (
                  <BlockStack gap="200">
                    <Box>
                      <Text as="p" tone="subdued">
                        {`To: ${recipient.name} <${recipient.email}>`}
                      </Text>
                      <Text as="p" tone="subdued">
                        {`From: ${data.sender}`}
                      </Text>
                      <Text as="p" variant="headingSm">
                        {preview.subject}
                      </Text>
                    </Box>
                    <iframe
                      title="Email preview"
                      sandbox=""
                      srcDoc={preview.html}
                      style={{ width: "100%", height: 320, border: "1px solid var(--p-color-border)", borderRadius: 8, background: "#fff" }}
                    />
                    <InlineStack gap="200">
                      <Badge>{EMAIL_KIND_LABELS[kind]}</Badge>
                      <Button variant="plain" onClick={() => setShowText((v) => !v)}>
                        {showText ? "Hide the text version" : "Show the text version"}
                      </Button>
                    </InlineStack>
                    {showText ? (
                      <Box padding="300" background="bg-surface-secondary" borderRadius="200">
                        <pre style={{ whiteSpace: "pre-wrap", margin: 0 }}>{preview.text}</pre>
                      </Box>
                    ) : null}
                  </BlockStack>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}
