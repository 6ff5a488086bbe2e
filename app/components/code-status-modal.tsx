// The confirmation before activating or deactivating members' codes (R23, R24): what will change,
// for how many members, in how many stores. Used from the offer, a project and a member, through
// useCodeStatusModal: the route's fetcher asks for a preview, the modal confirms it.
import type { FetcherWithComponents } from "@remix-run/react";
import { Modal, Text, BlockStack } from "@shopify/polaris";
import { useState, type ReactElement } from "react";

export interface CodeStatusPreview {
  intent: "activate" | "deactivate";
  changed: number;
  skipped: number;
  stores: number;
  /** Members of the selection who are not in the chosen offer (from a project, R26). */
  outside?: number;
}

const members = (n: number) => `${n.toLocaleString("en-US")} member${n === 1 ? "" : "s"}`;

export function CodeStatusModal({ preview, loading, onConfirm, onClose }: { preview: CodeStatusPreview | null; loading: boolean; onConfirm: () => void; onClose: () => void }) {
  if (!preview) return null;
  const verb = preview.intent === "activate" ? "Activate" : "Deactivate";
  const title = preview.changed
    ? `${verb} ${preview.changed === 1 ? "1 member's code" : `${members(preview.changed)}' codes`} in ${preview.stores} store${preview.stores === 1 ? "" : "s"}?`
    : `Nothing to ${preview.intent}`;
  return (
    <Modal
      open
      onClose={onClose}
      title={title}
      primaryAction={preview.changed ? { content: `Yes, ${preview.intent}`, destructive: preview.intent === "deactivate", loading, onAction: onConfirm } : undefined}
      secondaryActions={[{ content: preview.changed ? "Cancel" : "Close", onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="200">
          <Text as="p">
            {preview.intent === "deactivate"
              ? "Their codes stop working at checkout in every store; the members stay in the offer and their conversions are kept."
              : "Their codes work again at checkout in every store. Codes that are already active are left alone."}
          </Text>
          {preview.skipped ? (
            <Text as="p" tone="subdued">
              {`${members(preview.skipped)} ${preview.skipped === 1 ? "is" : "are"} already ${preview.intent === "activate" ? "active" : "deactivated"} (or ${preview.skipped === 1 ? "has" : "have"} no code yet) and will be left alone.`}
            </Text>
          ) : null}
          {preview.outside ? (
            <Text as="p" tone="subdued">
              {`${members(preview.outside)} of your selection ${preview.outside === 1 ? "is" : "are"} not in this offer and will be left out.`}
            </Text>
          ) : null}
          <Text as="p" tone="subdued">
            No email is sent. The job page shows each member&apos;s result in every store.
          </Text>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

/**
 * The ask-then-confirm flow of a route whose action answers a first post with a preview: returns
 * the fetcher's latest answer (undefined once the modal was closed on it, so its banners go too)
 * and the modal. Confirming posts `confirmFields(preview)` again with the preview's intent and
 * `confirm: "true"`.
 */
export function useCodeStatusModal<R, P extends CodeStatusPreview>(
  fetcher: Pick<FetcherWithComponents<R>, "data" | "state" | "submit">,
  previewOf: (answer: NonNullable<R>) => P | null,
  confirmFields: (preview: P) => Record<string, string>,
): { answer: R | undefined; modal: ReactElement } {
  const [dismissed, setDismissed] = useState<unknown>(null);
  const answer = fetcher.data === dismissed ? undefined : fetcher.data;
  const preview = answer ? previewOf(answer) : null;
  const modal = (
    <CodeStatusModal
      preview={preview}
      loading={fetcher.state !== "idle"}
      onClose={() => setDismissed(fetcher.data)}
      onConfirm={() => preview && fetcher.submit({ ...confirmFields(preview), intent: preview.intent, confirm: "true" }, { method: "post" })}
    />
  );
  return { answer, modal };
}
