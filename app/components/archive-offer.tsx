// The offer page's Archive / Unarchive (issue 21): a confirmation that says what happens (codes
// deactivated in every store, nothing deleted, conversions and payouts kept), then the job.
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Modal, Text } from "@shopify/polaris";
import { useState } from "react";
import type { ArchivePreview } from "~/services/offer-archive.server";

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** The page action that opens the confirmation, and the confirmation itself. */
export function useArchiveOffer(offerId: string, archived: boolean) {
  const [open, setOpen] = useState(false);
  const preview = useFetcher<{ preview: ArchivePreview }>();
  const submit = useFetcher<{ error?: string }>();
  const url = `/app/offers/${offerId}/archive`;
  const action = archived
    ? { content: "Unarchive", loading: submit.state !== "idle", onAction: () => submit.submit({ intent: "unarchive" }, { method: "post", action: url }) }
    : {
        content: "Archive offer",
        destructive: true,
        onAction: () => {
          setOpen(true);
          preview.load(url);
        },
      };
  const p = preview.data?.preview;
  const modal = (
    <Modal
      open={open}
      onClose={() => setOpen(false)}
      title="Archive this offer?"
      loading={!p}
      primaryAction={{
        content: "Archive offer",
        destructive: true,
        disabled: !p,
        loading: submit.state !== "idle",
        onAction: () => submit.submit({ intent: "archive" }, { method: "post", action: url }),
      }}
      secondaryActions={[{ content: "Cancel", onAction: () => setOpen(false) }]}
    >
      <Modal.Section>
        {p ? (
          <BlockStack gap="200">
            <Text as="p">
              {p.activeCodes
                ? `${plural(p.activeCodes, "active code")} ${p.activeCodes === 1 ? "stops" : "stop"} working at checkout in ${plural(p.stores, "store")}. A job deactivates them; its page shows each code's result per store.`
                : "No code of this offer is active, so nothing changes at checkout."}
            </Text>
            <Text as="p">
              {`Nothing is deleted: the ${plural(p.members, "member")}, their codes and ${plural(p.conversions, "conversion")} stay, and payouts keep counting them.`}
            </Text>
            <Text as="p" tone="subdued">
              The offer leaves the offers list (filter by Archived to find it) and takes no new members. You can unarchive it later; its codes then stay deactivated until you
              activate them.
            </Text>
            {submit.data?.error ? <Banner tone="critical">{submit.data.error}</Banner> : null}
          </BlockStack>
        ) : (
          <Text as="p">Counting the codes to deactivate…</Text>
        )}
      </Modal.Section>
    </Modal>
  );
  return { action, modal, error: open ? undefined : submit.data?.error };
}
