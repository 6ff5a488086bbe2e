// Leak watch (R39) on the home and offer pages: the open flags, each with its figures and the
// merchant's three one-click actions (refresh the code, deactivate it, dismiss with a reason).
// The page's loader passes the flags (`listLeakFlags`); an action posts to /app/leaks/<id>, after
// which Remix reloads the page's data (the handled flag leaves the list).
import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, InlineStack, Link, Text, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import type { LeakFlagRow } from "~/services/leaks.server";
import { formatRate } from "~/domain/leaks/alert-email";

export type LeakFlagsData = { flags: LeakFlagRow[]; open: number };
export type LeakActionData = { ok: true; status: string; jobId: string | null; message: string } | { ok: false; error: string };

export type LeakNotice = { message: string; jobId: string | null };

/**
 * The flags of the shop, or of one offer. After an action the list reloads (the handled flag
 * leaves it) and what was done stays above it, with its job.
 */
export function LeakFlags({ data, offerId }: { data: LeakFlagsData; offerId?: string }) {
  const [notice, setNotice] = useState<LeakNotice | null>(null);
  if (!data.flags.length && !notice)
    return offerId ? (
      <Text as="p" variant="bodySm" tone="subdued">
        Leak watch: no unusual use of this offer&apos;s codes. <Link url={`/app/offers/${offerId}/leak-watch`}>Settings</Link>
      </Text>
    ) : null;
  return <LeakFlagList flags={data.flags} open={data.open} offerId={offerId} notice={notice} onDone={setNotice} />;
}

export function LeakFlagList({
  flags,
  open,
  offerId,
  notice,
  onDone,
}: {
  flags: LeakFlagRow[];
  open: number;
  offerId?: string;
  notice?: LeakNotice | null;
  onDone?: (n: LeakNotice | null) => void;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              Leak watch
            </Text>
            {open ? <Badge tone="critical">{`${open} code${open === 1 ? "" : "s"} used far above normal`}</Badge> : null}
          </InlineStack>
          {offerId ? <Link url={`/app/offers/${offerId}/leak-watch`}>Settings</Link> : <Link url="/app/leaks">All flags</Link>}
        </InlineStack>
        {notice ? <NoticeBanner notice={notice} onDismiss={() => onDone?.(null)} /> : null}
        {flags.map((f) => (
          <Box key={f.id} padding="300" borderRadius="200" background={f.status === "OPEN" ? "bg-surface-critical" : "bg-surface-secondary"}>
            <BlockStack gap="200">
              <InlineStack gap="200" blockAlign="center" wrap>
                <Text as="span" fontWeight="semibold">
                  {f.memberName}
                </Text>
                <code>{f.code}</code>
                {f.severity === "HARD" ? <Badge tone="critical">Far above the hard threshold</Badge> : <Badge tone="warning">Spike</Badge>}
                {f.status !== "OPEN" ? <Badge>{f.autoAction ? "Deactivated automatically" : f.status.toLowerCase()}</Badge> : null}
                {offerId ? null : (
                  <Text as="span" tone="subdued" variant="bodySm">
                    {f.offerName}
                  </Text>
                )}
              </InlineStack>
              <Text as="p" variant="bodySm">
                {describeFlag(f)}
              </Text>
              <LeakActions flag={f} onDone={onDone} />
            </BlockStack>
          </Box>
        ))}
      </BlockStack>
    </Card>
  );
}

function NoticeBanner({ notice, onDismiss }: { notice: LeakNotice; onDismiss?: () => void }) {
  return (
    <Banner tone="success" onDismiss={onDismiss}>
      <InlineStack gap="200" blockAlign="center">
        <Text as="span">{notice.message}</Text>
        {notice.jobId ? <Link url={`/app/jobs/${notice.jobId}`}>See the job</Link> : null}
      </InlineStack>
    </Banner>
  );
}

export function describeFlag(f: Pick<LeakFlagRow, "uses" | "distinctCustomers" | "baselinePerHour" | "stores" | "firstTimeShare" | "windowEnd">): string {
  const parts = [
    `${f.uses} uses in one hour by ${f.distinctCustomers} customers`,
    `${formatRate(Math.round((f.uses / f.baselinePerHour) * 10) / 10)}× the member's normal (${formatRate(f.baselinePerHour)} an hour)`,
    `${f.stores} store${f.stores === 1 ? "" : "s"}`,
    ...(f.firstTimeShare === null ? [] : [`${Math.round(f.firstTimeShare * 100)}% first-time customers`]),
    `until ${new Date(f.windowEnd).toISOString().replace("T", " ").slice(0, 16)} UTC`,
  ];
  return parts.join(" · ");
}

/** Refresh / Deactivate / Dismiss (with a reason) for one flag, and its evidence. */
export function LeakActions({ flag, onDone }: { flag: Pick<LeakFlagRow, "id" | "status" | "code" | "jobId">; onDone?: (n: LeakNotice) => void }) {
  const act = useFetcher<LeakActionData>();
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState("");
  const busy = act.state !== "idle";
  const result = act.data;
  const reported = useRef<unknown>(null);
  useEffect(() => {
    if (act.state !== "idle" || !result?.ok || reported.current === result) return;
    reported.current = result;
    onDone?.({ message: result.message, jobId: result.jobId });
  }, [act.state, result, onDone]);
  const submit = (intent: "refresh" | "deactivate" | "dismiss") =>
    act.submit({ intent, ...(intent === "dismiss" ? { reason } : {}) }, { method: "post", action: `/app/leaks/${flag.id}` });
  if (result?.ok) return <NoticeBanner notice={{ message: result.message, jobId: result.jobId }} />;
  return (
    <BlockStack gap="200">
      {result && !result.ok ? <Banner tone="critical">{result.error}</Banner> : null}
      <InlineStack gap="200" blockAlign="center">
        {flag.status === "OPEN" ? (
          <>
            <Button variant="primary" tone="critical" loading={busy} onClick={() => submit("refresh")} accessibilityLabel={`Refresh code ${flag.code}`}>
              Refresh code
            </Button>
            <Button loading={busy} onClick={() => submit("deactivate")} accessibilityLabel={`Deactivate code ${flag.code}`}>
              Deactivate
            </Button>
            <Button variant="tertiary" disabled={busy} onClick={() => setDismissing((d) => !d)}>
              Dismiss
            </Button>
          </>
        ) : flag.jobId ? (
          <Link url={`/app/jobs/${flag.jobId}`}>See the job</Link>
        ) : null}
        <Link url={`/app/leaks/${flag.id}`}>Evidence</Link>
      </InlineStack>
      {dismissing && flag.status === "OPEN" ? (
        <InlineStack gap="200" blockAlign="end" wrap={false}>
          <div style={{ flex: 1 }}>
            <TextField label="Why is this use normal?" value={reason} onChange={setReason} autoComplete="off" placeholder="A live stream, a newsletter…" maxLength={500} />
          </div>
          <Button loading={busy} onClick={() => submit("dismiss")}>
            Dismiss flag
          </Button>
        </InlineStack>
      ) : null}
    </BlockStack>
  );
}
