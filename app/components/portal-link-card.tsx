// The member page's creator portal section (R31): the member's live link with a copy button,
// "Revoke and issue a new link" and "Revoke link" after a confirmation, and an optional expiry.
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useId, useState } from "react";
import { useFormat } from "./format";

interface PortalLink {
  url: string | null;
  createdAt: string;
  expiresAt: string | null;
}

type ActionResult = { ok: true; intent: "portal-issue" | "portal-revoke" } | { ok: false; error: string };

const EXPIRY_OPTIONS = [
  { label: "Never", value: "0" },
  { label: "In 7 days", value: "7" },
  { label: "In 30 days", value: "30" },
  { label: "In 90 days", value: "90" },
  { label: "In 1 year", value: "365" },
];

/** Copies through the Clipboard API, or by selecting the field's text when the admin's frame does not allow it. */
async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  // Chromium reports a blocked Clipboard API call as a console error: ask the frame's policy first.
  const policy = (document as Document & { featurePolicy?: { allowsFeature(feature: string): boolean } }).featurePolicy;
  try {
    if (!navigator.clipboard || (policy && !policy.allowsFeature("clipboard-write"))) throw new Error("clipboard-write not allowed here");
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!input) return false;
    input.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    }
  }
}

export function PortalLinkCard({ portal, memberName }: { portal: PortalLink | null; memberName: string }) {
  const format = useFormat();
  const fetcher = useFetcher<ActionResult>();
  const shopify = useAppBridge();
  const fieldId = useId();
  const [expiry, setExpiry] = useState("0");
  const [confirming, setConfirming] = useState<null | "reissue" | "revoke">(null);
  const busy = fetcher.state !== "idle";
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data.error : undefined;
  const result = fetcher.data?.ok ? fetcher.data.intent : null;
  useEffect(() => {
    if (fetcher.state !== "idle" || !result) return;
    setConfirming(null);
    shopify.toast.show(result === "portal-issue" ? "New portal link issued" : "Portal link revoked");
  }, [fetcher.state, result, shopify]);

  const submit = (intent: "portal-issue" | "portal-revoke") => fetcher.submit(intent === "portal-issue" ? { intent, expiresInDays: expiry } : { intent }, { method: "post" });
  const expirySelect = <Select label="Link expires" options={EXPIRY_OPTIONS} value={expiry} onChange={setExpiry} />;
  const copy = async () => {
    if (!portal?.url) return;
    const ok = await copyText(portal.url, document.getElementById(fieldId) as HTMLInputElement | null);
    shopify.toast.show(ok ? "Portal link copied" : "Select the link and copy it", ok ? undefined : { isError: true });
  };

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Creator portal
        </Text>
        <Text as="p" tone="subdued" variant="bodySm">
          {`A private page where ${memberName} sees their codes, dates, status and performance. Anyone with the link can open it.`}
        </Text>
        {error ? <Banner tone="critical">{error}</Banner> : null}
        {portal ? (
          <BlockStack gap="200">
            {portal.url ? (
              <TextField
                id={fieldId}
                label="Portal link"
                value={portal.url}
                readOnly
                autoComplete="off"
                selectTextOnFocus
                connectedRight={<Button onClick={copy}>Copy link</Button>}
              />
            ) : (
              <Banner tone="warning">This link was issued under another app secret and cannot be shown again. Issue a new link.</Banner>
            )}
            <Text as="p" variant="bodySm" tone="subdued">
              {`Issued ${format.day(portal.createdAt)}. ${portal.expiresAt ? `Expires ${format.dateTime(portal.expiresAt)}.` : "Does not expire."}`}
            </Text>
            {portal.url ? (
              <InlineStack>
                <Button url={portal.url} target="_blank" variant="plain">
                  Open the portal
                </Button>
              </InlineStack>
            ) : null}
            {confirming === "reissue" ? (
              <BlockStack gap="200">
                <Text as="p">The current link stops working at once. Send the new link to the member.</Text>
                {expirySelect}
                <InlineStack gap="200">
                  <Button tone="critical" variant="primary" loading={busy} onClick={() => submit("portal-issue")}>
                    Revoke and issue new link
                  </Button>
                  <Button onClick={() => setConfirming(null)}>Cancel</Button>
                </InlineStack>
              </BlockStack>
            ) : confirming === "revoke" ? (
              <BlockStack gap="200">
                <Text as="p">The link stops working at once and the member has no portal until you issue a new link.</Text>
                <InlineStack gap="200">
                  <Button tone="critical" variant="primary" loading={busy} onClick={() => submit("portal-revoke")}>
                    Revoke link
                  </Button>
                  <Button onClick={() => setConfirming(null)}>Cancel</Button>
                </InlineStack>
              </BlockStack>
            ) : (
              <InlineStack gap="200">
                <Button onClick={() => setConfirming("reissue")}>Revoke and issue a new link…</Button>
                <Button tone="critical" variant="plain" onClick={() => setConfirming("revoke")}>
                  Revoke…
                </Button>
              </InlineStack>
            )}
          </BlockStack>
        ) : (
          <BlockStack gap="200">
            {expirySelect}
            <InlineStack>
              <Button variant="primary" loading={busy} onClick={() => submit("portal-issue")}>
                Create portal link
              </Button>
            </InlineStack>
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
