// The list of sent emails (R18) on an offer's and a member's pages: one row per message with its
// status (and the SMTP error), counts per status, refreshed while messages are still going out.
import { Link } from "@remix-run/react";
import { Badge, BlockStack, Box, Card, IndexTable, InlineStack, Text } from "@shopify/polaris";
import { EMAIL_STATUS_LABELS, EMAIL_STATUSES, type EmailStatus } from "~/domain/email/delivery";
import { EMAIL_KIND_LABELS, isEmailKind } from "~/domain/email/template";
import type { MessageRow } from "~/services/emails.server";
import { useRefreshWhile } from "~/components/refresh-while";
import { ListPagination } from "~/components/list-pagination";

export interface MessageListData {
  counts: Record<EmailStatus, number>;
  total: number;
  page: number;
  pages: number;
  open: boolean;
  messages: MessageRow[];
}

const tone: Record<EmailStatus, "info" | "success" | "critical" | "warning" | "attention" | undefined> = {
  QUEUED: "info",
  SENDING: "attention",
  SENT: "success",
  FAILED: "critical",
  BOUNCED: "critical",
  UNKNOWN: "warning",
};

const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString("en-US", { month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" }) : "—";

export function EmailMessages({ data, show, onPage }: { data: MessageListData; show: "offer" | "member"; onPage: (page: number) => void }) {
  useRefreshWhile(data.open, 1500);
  return (
    <Card padding="0">
      <Box padding="300">
        <InlineStack gap="200" blockAlign="center">
          {EMAIL_STATUSES.filter((s) => data.counts[s] > 0).map((s) => (
            <Badge key={s} tone={tone[s]}>{`${data.counts[s]} ${EMAIL_STATUS_LABELS[s].toLowerCase()}`}</Badge>
          ))}
          {data.total === 0 ? (
            <Text as="span" tone="subdued">
              No emails yet.
            </Text>
          ) : null}
        </InlineStack>
      </Box>
      {data.total ? (
        <IndexTable
          resourceName={{ singular: "email", plural: "emails" }}
          itemCount={data.messages.length}
          selectable={false}
          headings={[{ title: show === "offer" ? "Member" : "Offer" }, { title: "Subject" }, { title: "Status" }, { title: "Sent" }]}
        >
          {data.messages.map((m, i) => (
            <IndexTable.Row id={m.id} key={m.id} position={i}>
              <IndexTable.Cell>
                {show === "offer" ? (
                  <BlockStack>
                    {m.memberId ? (
                      <Link to={`/app/members/${m.memberId}`}>
                        <Text as="span" fontWeight="semibold">
                          {m.toName || m.to}
                        </Text>
                      </Link>
                    ) : (
                      <Text as="span" fontWeight="semibold">
                        {m.toName || m.to}
                      </Text>
                    )}
                    <Text as="span" tone="subdued" variant="bodySm">
                      {m.to}
                    </Text>
                  </BlockStack>
                ) : m.offerId ? (
                  <Link to={`/app/offers/${m.offerId}/emails`}>{m.offerName ?? "Offer"}</Link>
                ) : (
                  "—"
                )}
              </IndexTable.Cell>
              <IndexTable.Cell>
                <BlockStack>
                  <Text as="span">{m.subject}</Text>
                  <Text as="span" tone="subdued" variant="bodySm">
                    {isEmailKind(m.kind) ? EMAIL_KIND_LABELS[m.kind] : m.kind}
                  </Text>
                </BlockStack>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <BlockStack gap="100">
                  <span data-status={m.status}>
                    <Badge tone={tone[m.status]}>{EMAIL_STATUS_LABELS[m.status]}</Badge>
                  </span>
                  {m.error ? (
                    <div style={{ maxWidth: 360, whiteSpace: "normal" }}>
                      <Text as="span" variant="bodySm" tone={m.status === "QUEUED" ? "subdued" : "critical"} breakWord>
                        {m.status === "QUEUED" ? `Will try again (attempt ${m.attempts + 1}): ${m.error}` : m.error}
                      </Text>
                    </div>
                  ) : null}
                </BlockStack>
              </IndexTable.Cell>
              <IndexTable.Cell>{when(m.sentAt)}</IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      ) : null}
      {data.pages > 1 ? <ListPagination page={data.page} pages={data.pages} onPage={onPage} label={`Page ${data.page} of ${data.pages}`} /> : null}
    </Card>
  );
}
