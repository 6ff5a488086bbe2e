// Settings › Stores (R1, R1a): this store, the stores connected to it (label, sync toggle,
// status, unlink), entering a link code, and creating one so another store can sync into this.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, IndexTable, InlineStack, Layout, List, Modal, Text, TextField } from "@shopify/polaris";
import { useFormat } from "~/components/format";
import { AppPage } from "~/components/app-page";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useState } from "react";
import { connectStore, createLinkCode, listStores, revokeStoreLink, updateStoreLink } from "~/services/stores.server";
import { requireAdmin } from "~/services/request-context.server";
import { formFields, readForm, refused } from "~/services/forms.server";
import { fieldMessages } from "~/domain/input/fields";
import { storesForm } from "~/domain/input/route-forms";
import { StoresSyncingIntoThisOne } from "~/components/regional/stores-syncing-in";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  return listStores(db, shop);
}

type StoresActionResult =
  | { intent: "create-code"; code: string; expiresAt: string }
  | { intent: "connect"; ok: true; label: string }
  | { intent: "connect"; ok: false; error: string }
  | { intent: "change"; ok: boolean; error?: string; done?: "label" | "sync-on" | "sync-off" | "unlink" };

export async function action({ request }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  // R35: every intent's fields are checked by a schema first; an unknown intent is a 400.
  const form = formFields(await readForm(request));
  const parsed = storesForm.safeParse(form);
  if (!parsed.success) {
    const messages = fieldMessages(parsed.error);
    if (messages.intent) throw new Response("Unknown action", { status: 400 });
    const error = Object.values(messages)[0] ?? "Check the form and try again.";
    return refused<StoresActionResult>(form.intent === "connect" ? { intent: "connect", ok: false, error } : { intent: "change", ok: false, error });
  }
  const input = parsed.data;
  if (input.intent === "create-code") {
    const { code, expiresAt } = await createLinkCode(db, { shop, actor });
    return { intent: "create-code", code, expiresAt: expiresAt.toISOString() } satisfies StoresActionResult;
  }
  if (input.intent === "connect") {
    const result = await connectStore(db, { shop, actor, code: input.code, label: input.label });
    return result.ok
      ? ({ intent: "connect", ok: true, label: result.link.label } satisfies StoresActionResult)
      : refused<StoresActionResult>({ intent: "connect", ok: false, error: result.error });
  }
  const result =
    input.intent === "unlink"
      ? await revokeStoreLink(db, { shop, actor, linkId: input.linkId })
      : await updateStoreLink(db, { shop, actor, linkId: input.linkId, ...(input.intent === "label" ? { label: input.label } : { syncEnabled: input.syncEnabled === "true" }) });
  const done = input.intent === "unlink" ? "unlink" : input.intent === "label" ? "label" : input.syncEnabled === "true" ? "sync-on" : "sync-off";
  return result.ok ? ({ intent: "change", ok: true, done } satisfies StoresActionResult) : refused<StoresActionResult>({ intent: "change", ok: false, error: result.error });
}

const statusBadge = { CONNECTED: <Badge tone="success">Connected</Badge>, DISCONNECTED: <Badge tone="critical">Disconnected</Badge>, REVOKED: <Badge>Unlinked</Badge> } as const;

type ConnectedStore = { id: string; shop: string; label: string; syncEnabled: boolean; status: string; needsMerchantSince: string | null; codesLive: number };

const DONE_TOAST = { label: "Label saved", "sync-on": "Sync turned on", "sync-off": "Sync turned off", unlink: "Store unlinked" } as const;

function ConnectedStoreRow({ store, position }: { store: ConnectedStore; position: number }) {
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const [label, setLabel] = useState(store.label);
  const [confirming, setConfirming] = useState(false);
  const error = fetcher.data && "error" in fetcher.data ? fetcher.data.error : undefined;
  const done = fetcher.state === "idle" && fetcher.data && "done" in fetcher.data ? fetcher.data.done : undefined;
  useEffect(() => {
    if (done) shopify.toast.show(done === "label" ? `${label} saved` : DONE_TOAST[done]);
    // The toast is for this answer only (not for later edits of the label).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.data]);
  const codes = `${store.codesLive.toLocaleString("en-US")} code${store.codesLive === 1 ? "" : "s"}`;
  return (
    <IndexTable.Row id={store.id} position={position}>
      <IndexTable.Cell>
        <TextField
          label={`Label for ${store.shop}`}
          labelHidden
          value={label}
          onChange={setLabel}
          onBlur={() => label !== store.label && fetcher.submit({ intent: "label", linkId: store.id, label }, { method: "post" })}
          error={error}
          autoComplete="off"
        />
      </IndexTable.Cell>
      <IndexTable.Cell>{store.shop}</IndexTable.Cell>
      <IndexTable.Cell>
        <InlineStack gap="100">
          {statusBadge[store.status as keyof typeof statusBadge]}
          {store.needsMerchantSince ? <Badge tone="warning">Open the app there</Badge> : null}
        </InlineStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Checkbox
          label="Sync codes"
          checked={store.syncEnabled}
          disabled={store.status !== "CONNECTED"}
          onChange={(on) => fetcher.submit({ intent: "toggle", linkId: store.id, syncEnabled: String(on) }, { method: "post" })}
        />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Button variant="plain" tone="critical" onClick={() => setConfirming(true)} accessibilityLabel={`Unlink ${store.label}`}>
          Unlink…
        </Button>
        <Modal
          open={confirming}
          onClose={() => setConfirming(false)}
          title={`Unlink ${store.label}?`}
          primaryAction={{
            content: "Unlink store",
            destructive: true,
            loading: fetcher.state !== "idle",
            onAction: () => fetcher.submit({ intent: "unlink", linkId: store.id }, { method: "post" }),
          }}
          secondaryActions={[{ content: "Cancel", onAction: () => setConfirming(false) }]}
        >
          <Modal.Section>
            <BlockStack gap="200">
              <Text as="p">{`This store stops managing creator codes in ${store.label} (${store.shop}).`}</Text>
              <List>
                <List.Item>
                  {store.codesLive
                    ? `Its ${codes} working in ${store.label} keep working there: unlinking deletes and deactivates nothing.`
                    : `None of its codes work in ${store.label} now; nothing there changes.`}
                </List.Item>
                <List.Item>{`Offers stop syncing to ${store.label}: new codes, refreshes and deactivations no longer reach it.`}</List.Item>
                <List.Item>Conversions and payouts already recorded there are kept.</List.Item>
                <List.Item>
                  {`To stop them working there afterwards, ${store.label}'s admin opens Creator Codes › Stores › Stores that sync into this one › Deactivate its codes here.`}
                </List.Item>
                <List.Item>To sync again later, connect it with a new link code.</List.Item>
              </List>
              {error ? <Banner tone="critical">{error}</Banner> : null}
            </BlockStack>
          </Modal.Section>
        </Modal>
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

export default function StoresSettings() {
  const { primary, connected } = useLoaderData<typeof loader>();
  const shopify = useAppBridge();
  const connector = useFetcher<typeof action>();
  const coder = useFetcher<typeof action>();
  const [code, setCode] = useState("");
  const [label, setLabel] = useState("");
  const connectResult = connector.data && connector.data.intent === "connect" ? connector.data : null;
  useEffect(() => {
    if (connectResult?.ok) {
      shopify.toast.show(`${connectResult.label} connected`);
      setCode("");
      setLabel("");
    }
  }, [connectResult, shopify]);
  const created = coder.data?.intent === "create-code" ? coder.data : null;
  const format = useFormat();
  useEffect(() => {
    if (created) shopify.toast.show("Link code created");
  }, [created, shopify]);
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      shopify.toast.show("Link code copied");
    } catch {
      shopify.toast.show("Copy failed: select the code and copy it", { isError: true });
    }
  };
  const lapsed = [
    ...(primary.needsMerchantSince ? [{ shop: primary.shop, label: primary.name }] : []),
    ...connected.filter((s) => s.needsMerchantSince).map((s) => ({ shop: s.shop, label: s.label })),
  ];

  return (
    <AppPage title="Stores" subtitle="Regional stores that share this brand's creator codes.">
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {lapsed.length ? (
              <Banner tone="warning" title={lapsed.length === 1 ? "A store needs its merchant to open the app" : `${lapsed.length} stores need their merchant to open the app`}>
                <BlockStack gap="100">
                  {lapsed.map((s) => (
                    <Text as="p" key={s.shop}>
                      {`Shopify no longer accepts the app's access to ${s.label} (${s.shop}). Until a staff member of that store opens Creator Codes in its Shopify admin, no codes are created, changed or deactivated there.`}
                    </Text>
                  ))}
                </BlockStack>
              </Banner>
            ) : null}
            <Card>
              <BlockStack gap="100">
                <Text as="h2" variant="headingMd">
                  Primary store
                </Text>
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span" fontWeight="semibold">
                    {primary.name}
                  </Text>
                  <Text as="span" tone="subdued">
                    {primary.shop}
                  </Text>
                  {primary.currencyCode ? <Badge>{primary.currencyCode}</Badge> : null}
                </InlineStack>
              </BlockStack>
            </Card>
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: "connected store", plural: "connected stores" }}
                itemCount={connected.length}
                selectable={false}
                headings={[{ title: "Label" }, { title: "Store" }, { title: "Status" }, { title: "Sync" }, { title: "" }]}
                emptyState={
                  <BlockStack gap="100" inlineAlign="center">
                    <Text as="p" tone="subdued">
                      No connected stores yet. Connect one with a link code created in that store.
                    </Text>
                  </BlockStack>
                }
              >
                {connected.map((store, i) => (
                  <ConnectedStoreRow key={store.id} store={store} position={i} />
                ))}
              </IndexTable>
            </Card>
            <StoresSyncingIntoThisOne />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <connector.Form method="post">
                <input type="hidden" name="intent" value="connect" />
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Connect a store
                  </Text>
                  <Text as="p" tone="subdued" variant="bodySm">
                    In the other store&apos;s admin, open Creator Codes › Stores and create a link code. Enter it here.
                  </Text>
                  <TextField
                    label="Link code"
                    name="code"
                    value={code}
                    onChange={setCode}
                    autoComplete="off"
                    placeholder="CCL-XXXX-XXXX-XXXX"
                    error={connectResult && !connectResult.ok ? connectResult.error : undefined}
                  />
                  <TextField
                    label="Label"
                    name="label"
                    value={label}
                    onChange={setLabel}
                    autoComplete="off"
                    placeholder="Canada"
                    helpText="Optional. Defaults to the store's name."
                  />
                  <InlineStack align="end">
                    <Button submit variant="primary" loading={connector.state !== "idle"} disabled={!code.trim()}>
                      Connect store
                    </Button>
                  </InlineStack>
                </BlockStack>
              </connector.Form>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Let another store sync into this one
                </Text>
                <Text as="p" tone="subdued" variant="bodySm">
                  A link code lets one other store create and manage creator codes here. It works once and expires in 24 hours.
                </Text>
                {created ? (
                  <Banner tone="success" title="Link code created">
                    <BlockStack gap="200">
                      <InlineStack gap="200" blockAlign="center" wrap>
                        <Text as="p" variant="headingLg" breakWord>
                          <code data-testid="link-code">{created.code}</code>
                        </Text>
                        <Button size="slim" onClick={() => void copy(created.code)} accessibilityLabel="Copy the link code">
                          Copy
                        </Button>
                      </InlineStack>
                      <Text as="p" variant="bodySm">{`Valid until ${format.dateTime(created.expiresAt)}. It is shown only once.`}</Text>
                    </BlockStack>
                  </Banner>
                ) : null}
                <InlineStack align="end">
                  <Button onClick={() => coder.submit({ intent: "create-code" }, { method: "post" })} loading={coder.state !== "idle"}>
                    Create link code
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}
