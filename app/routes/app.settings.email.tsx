// Settings › Email (R18): the sender name and address, reply-to, the SMTP connection (shown back
// masked, never in full), and a test email sent at once through them.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, FormLayout, InlineStack, Layout, Text, TextField } from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { useState } from "react";
import { emailSettingsIntent } from "~/domain/input/email-forms";
import { fieldMessages } from "~/domain/input/fields";
import { getEmailSettings, saveEmailSettings, sendTestEmail } from "~/services/email-settings.server";
import { requireAdmin } from "~/services/request-context.server";
import { formFields, readForm, refused } from "~/services/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  return { shop, settings: await getEmailSettings(db, shop) };
}

type SettingsActionResult =
  | { intent: "save"; ok: true }
  | { intent: "save"; ok: false; errors: Record<string, string> }
  | { intent: "test"; ok: true; message: string }
  | { intent: "test"; ok: false; error: string };

export async function action({ request }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const fields = formFields(await readForm(request));
  const parsed = emailSettingsIntent.safeParse(fields);
  if (!parsed.success) {
    const messages = fieldMessages(parsed.error);
    if (messages.intent) throw new Response("Unknown action", { status: 400 });
    return refused<SettingsActionResult>({ intent: "test", ok: false, error: Object.values(messages)[0] ?? "Check the form and try again." });
  }
  if (parsed.data.intent === "test") {
    const result = await sendTestEmail(db, { shop, to: parsed.data.to });
    return result.ok
      ? ({ intent: "test", ok: true, message: result.message } satisfies SettingsActionResult)
      : refused<SettingsActionResult>({ intent: "test", ok: false, error: result.error });
  }
  const saved = await saveEmailSettings(db, { shop, actor, fields });
  return saved.ok ? ({ intent: "save", ok: true } satisfies SettingsActionResult) : refused<SettingsActionResult>({ intent: "save", ok: false, errors: saved.errors });
}

export default function EmailSettingsPage() {
  const { settings } = useLoaderData<typeof loader>();
  const mailboxUrl = settings.mailboxUrl;
  const saver = useFetcher<typeof action>();
  const tester = useFetcher<typeof action>();
  const [senderName, setSenderName] = useState(settings.senderName);
  const [senderEmail, setSenderEmail] = useState(settings.senderEmail);
  const [replyTo, setReplyTo] = useState(settings.replyTo);
  const [smtpUrl, setSmtpUrl] = useState("");
  const [clearSmtp, setClearSmtp] = useState(false);
  const [testTo, setTestTo] = useState("");
  const saved = saver.data && saver.data.intent === "save" ? saver.data : undefined;
  const errors = saved && !saved.ok ? saved.errors : {};
  const tested = tester.data && tester.data.intent === "test" ? tester.data : undefined;
  const save = () => {
    saver.submit({ intent: "save", senderName, senderEmail, replyTo, smtpUrl, clearSmtp: String(clearSmtp) }, { method: "post" });
    setSmtpUrl("");
  };

  return (
    <AppPage title="Email" subtitle="How your members' emails are sent" backAction={{ content: "Stores", url: "/app/settings/stores" }}>
      <Layout>
        <Layout.Section>
          {settings.source === "NONE" ? (
            <Banner tone="critical" title="Email is not set up">
              <p>Members cannot be emailed until you add an SMTP connection below (from your email provider: host, port, user name and password or API key).</p>
            </Banner>
          ) : settings.source === "DEFAULT" ? (
            <Banner tone="info" title="Using the app's default SMTP server">
              <p>
                {`Emails go to ${settings.defaultHint}`}
                {mailboxUrl ? (
                  <>
                    {" — the demo's local mailbox. Read what was sent at "}
                    <a href={mailboxUrl} target="_blank" rel="noreferrer">
                      {mailboxUrl}
                    </a>
                    .
                  </>
                ) : (
                  "."
                )}{" "}
                Add your own connection to send from your provider.
              </p>
            </Banner>
          ) : settings.smtpUrlUnreadable ? (
            <Banner tone="warning" title="Enter the SMTP connection again">
              <p>The stored connection can no longer be read (the app&apos;s secret changed).</p>
            </Banner>
          ) : null}
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                Sender
              </Text>
              {saved?.ok ? <Banner tone="success">Saved.</Banner> : null}
              <FormLayout>
                <TextField label="Sender name" value={senderName} onChange={setSenderName} autoComplete="off" placeholder="Creator program" error={errors.senderName} />
                <TextField
                  label="Sender address"
                  type="email"
                  value={senderEmail}
                  onChange={setSenderEmail}
                  autoComplete="off"
                  placeholder="creators@yourbrand.com"
                  helpText="Your provider must allow sending from it."
                  error={errors.senderEmail}
                />
                <TextField
                  label="Reply-to address"
                  type="email"
                  value={replyTo}
                  onChange={setReplyTo}
                  autoComplete="off"
                  helpText="Where members' replies go (optional)."
                  error={errors.replyTo}
                />
                <TextField
                  label="SMTP connection URL"
                  type="password"
                  value={smtpUrl}
                  onChange={setSmtpUrl}
                  autoComplete="off"
                  placeholder="smtps://user:password@smtp.example.com:465"
                  helpText={
                    settings.smtpUrlHint
                      ? `Saved: ${settings.smtpUrlHint}. Leave blank to keep it.`
                      : "smtp:// (STARTTLS when offered) or smtps:// (TLS). Stored encrypted; never shown again in full."
                  }
                  error={errors.smtpUrl}
                />
                {settings.smtpUrlHint ? <Checkbox label="Remove the saved SMTP connection" checked={clearSmtp} onChange={setClearSmtp} /> : null}
              </FormLayout>
              <InlineStack align="end">
                <Button variant="primary" onClick={save} loading={saver.state !== "idle"}>
                  Save
                </Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Send a test email
              </Text>
              <Text as="p" tone="subdued">
                Sent at once with the saved settings.
              </Text>
              <InlineStack gap="200" blockAlign="end" wrap={false}>
                <div style={{ flex: 1 }}>
                  <TextField label="Send to" type="email" value={testTo} onChange={setTestTo} autoComplete="off" placeholder="you@example.com" />
                </div>
                <Button onClick={() => tester.submit({ intent: "test", to: testTo }, { method: "post" })} loading={tester.state !== "idle"} disabled={!settings.configured}>
                  Send test email
                </Button>
              </InlineStack>
              {tested ? tested.ok ? <Banner tone="success">{tested.message}</Banner> : <Banner tone="critical">{tested.error}</Banner> : null}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}
