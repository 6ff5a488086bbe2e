import { Badge } from "@shopify/polaris";

/** A payout statement's status (issue 14). */
export function PayoutStatusBadge({ status }: { status: string }) {
  return status === "PAID" ? <Badge tone="success">Paid</Badge> : status === "CLOSED" ? <Badge tone="info">Closed</Badge> : <Badge tone="attention">Open</Badge>;
}
