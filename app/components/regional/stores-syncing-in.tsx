// Settings › Stores (R1a, R42): "Stores that sync into this one", each with what it manages here and
// "Revoke" (the regional owner chooses: keep its codes here, or deactivate them here only), and in
// a primary store the notices that a connected store revoked its access. One line on the page:
// it loads /app/synced/stores itself and posts there.
import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, ChoiceList, Divider, InlineStack, List, Text } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { revokeConsequences, type RevokeChoice } from "~/domain/stores/regional";
import type { loader, RegionalStoresAction } from "~/routes/app.synced.stores";

type Data = Awaited<ReturnType<typeof loader>>;
type Incoming = Data["incoming"][number];
type Told = Data["told"][number];

const ENDPOINT = "/app/synced/stores";
const situationBadge = {
  SYNCING: <Badge tone="success">Syncing</Badge>,
  PAUSED: <Badge tone="info">Paused by the other store</Badge>,
  PRIMARY_UNINSTALLED: <Badge tone="warning">Uninstalled the app</Badge>,
  UNLINKED_BY_PRIMARY: <Badge tone="warning">Unlinked</Badge>,
  REVOKED_HERE: <Badge>Revoked</Badge>,
} as const;

export function StoresSyncingIntoThisOne() {
  const fetcher = useFetcher();
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current) return;
    asked.current = true;
    fetcher.load(ENDPOINT);
  }, [fetcher]);
  const data = fetcher.data as Data | undefined;
  if (!data || (!data.incoming.length && !data.told.length)) return null;
  return (
    <BlockStack gap="400">
      {data.told.map((t) => (
        <RevokedNotice key={t.id} told={t} />
      ))}
      {data.incoming.length ? (
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Stores that sync into this one
            </Text>
            <Text as="p" tone="subdued" variant="bodySm">
              These stores create and manage creator codes in this store. What they sync here is listed on Home and Offers, read-only.
            </Text>
            {data.incoming.map((s, i) => (
              <BlockStack key={s.id} gap="300">
                {i > 0 ? <Divider /> : null}
                <IncomingStore store={s} />
              </BlockStack>
            ))}
          </BlockStack>
        </Card>
      ) : null}
    </BlockStack>
  );
}

function IncomingStore({ store }: { store: Incoming }) {
  const fetcher = useFetcher<RegionalStoresAction>();
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<RevokeChoice>("KEEP");
  const linkLive = store.status !== "REVOKED";
  // Once the link has ended here, the only decision left is to deactivate what still works here.
  const canDecide = linkLive || store.codesLive > 0;
  const effective: RevokeChoice = linkLive ? choice : "DEACTIVATE";
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
  return (
    <BlockStack gap="200">
      <InlineStack align="space-between" blockAlign="center">
        <InlineStack gap="200" blockAlign="center">
          <Text as="span" fontWeight="semibold">
            {store.primary.name}
          </Text>
          <Text as="span" tone="subdued">
            {store.primary.shop}
          </Text>
          {situationBadge[store.situation]}
        </InlineStack>
        {canDecide && !open ? (
          <Button variant="plain" tone="critical" onClick={() => setOpen(true)}>
            {linkLive ? "Revoke…" : "Deactivate its codes here…"}
          </Button>
        ) : null}
      </InlineStack>
      <Text as="p" variant="bodySm">
        {`Manages here: ${store.offers} offer${store.offers === 1 ? "" : "s"}, ${store.codesLive} code${store.codesLive === 1 ? "" : "s"} live${store.codesDeactivated ? `, ${store.codesDeactivated} deactivated here` : ""}.`}
      </Text>
      {store.situation !== "SYNCING" ? (
        <Text as="p" tone="subdued" variant="bodySm">
          {store.message}
        </Text>
      ) : null}
      {open ? (
        <Box padding="300" background="bg-surface-secondary" borderRadius="200">
          <BlockStack gap="300">
            {linkLive ? (
              <ChoiceList
                title={`What happens to ${store.primary.name}'s codes in this store?`}
                choices={[
                  { label: "Keep them working here", value: "KEEP" },
                  { label: "Deactivate them here", value: "DEACTIVATE" },
                ]}
                selected={[choice]}
                onChange={(v) => setChoice(v[0] === "DEACTIVATE" ? "DEACTIVATE" : "KEEP")}
              />
            ) : null}
            <List>
              {revokeConsequences({ primary: store.primary.name, offers: store.offers, codesLive: store.codesLive, choice: effective, linkLive }).map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
            {error ? (
              <Banner tone="critical">
                <Text as="p">{error}</Text>
              </Banner>
            ) : null}
            <InlineStack gap="200">
              <Button
                variant="primary"
                tone="critical"
                loading={fetcher.state !== "idle"}
                onClick={() => fetcher.submit({ intent: "revoke", linkId: store.id, choice: effective }, { method: "post", action: ENDPOINT })}
              >
                {linkLive ? (effective === "DEACTIVATE" ? "Revoke and deactivate codes here" : "Revoke and keep codes") : "Deactivate codes here"}
              </Button>
              <Button onClick={() => setOpen(false)}>Cancel</Button>
            </InlineStack>
          </BlockStack>
        </Box>
      ) : null}
    </BlockStack>
  );
}

function RevokedNotice({ told }: { told: Told }) {
  const fetcher = useFetcher<RegionalStoresAction>();
  const codes = `${told.codes} code${told.codes === 1 ? "" : "s"}`;
  return (
    <Banner
      tone="warning"
      title={`${told.label} revoked this store's access`}
      action={{
        content: "Dismiss",
        loading: fetcher.state !== "idle",
        onAction: () => fetcher.submit({ intent: "dismiss", revocationId: told.id }, { method: "post", action: ENDPOINT }),
      }}
    >
      <Text as="p">
        {`${told.label} (${told.store}) revoked this store's access on ${told.at.slice(0, 10)}. ${
          told.choice === "DEACTIVATE"
            ? `Its admin deactivated your ${codes} there; they still work in your other stores.`
            : `Your ${codes} there keep working in that store, but nothing syncs them any more.`
        } Offers that synced to it no longer do, and its orders no longer count.`}
      </Text>
    </Banner>
  );
}
