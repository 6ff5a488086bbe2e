import { useEffect, useMemo, useState } from "react";
import { flushSync } from "react-dom";
import { Form, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Box, Card, Checkbox, ChoiceList, FormLayout, InlineGrid, Layout, Text, TextField, Select, Banner, InlineStack, Button } from "@shopify/polaris";
import { SaveBar } from "@shopify/app-bridge-react";
import type { FieldErrors, OfferFormValues } from "~/domain/offers/offer-input";
import { discountLabelOfForm, NAMING_TOKENS, proposeCode } from "~/domain/codes/naming";

export interface SyncSection {
  available: { shop: string; label: string }[];
  selected: string[];
  enabled: boolean;
  sameValue: boolean;
  percents: Record<string, string>;
  disconnected: string[];
}

export interface StoreChangeConfirmation {
  added: string[];
  removed: string[];
  members: number;
}

interface Props {
  /** Which offer the form edits ("new" for a new one): the typed values reset only when it changes. */
  formKey: string;
  initial: OfferFormValues;
  errors?: FieldErrors & Partial<Record<"syncStores" | "storePercents", string>>;
  sync: SyncSection;
  confirm?: StoreChangeConfirmation;
  submitLabel: string;
  /** Real members for the live naming preview (R16). */
  previewMembers: { firstName: string; lastName: string; handle: string }[];
  lockedStructure?: boolean;
}

const yes = (v: string) => v === "true";

/** The offer form, in the seed's order of steps (R14). Field errors come from the server (R35). */
export function OfferForm({ formKey, initial, errors = {}, submitLabel, previewMembers, lockedStructure, sync, confirm }: Props) {
  const [values, setValues] = useState(initial);
  const [syncOn, setSyncOn] = useState(sync.enabled);
  const [syncStores, setSyncStores] = useState(sync.selected);
  const [sameValue, setSameValue] = useState(sync.sameValue);
  const [percents, setPercents] = useState(sync.percents);
  const [confirmed, setConfirmed] = useState(false);
  // R35: after a refused save the merchant's values stay (with their messages); only another
  // offer loading (or a save that succeeds and leaves the page) starts from the stored values.
  const [loadedKey, setLoadedKey] = useState(formKey);
  if (loadedKey !== formKey) {
    setLoadedKey(formKey);
    setValues(initial);
    setSyncOn(sync.enabled);
    setSyncStores(sync.selected);
    setSameValue(sync.sameValue);
    setPercents(sync.percents);
    setConfirmed(false);
  }
  const syncDirty =
    syncOn !== sync.enabled ||
    (syncOn && (syncStores.join() !== sync.selected.join() || sameValue !== sync.sameValue || JSON.stringify(percents) !== JSON.stringify(sync.percents)));
  const labelOf = (shop: string) => sync.available.find((a) => a.shop === shop)?.label || shop;
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const formDirty = useMemo(() => JSON.stringify(values) !== JSON.stringify(initial), [values, initial]);
  // After a refused save, bring the merchant to the summary of what to fix.
  useEffect(() => {
    if (Object.keys(errors).length) window.scrollTo({ top: 0, behavior: "smooth" });
  }, [errors]);
  const set = (key: keyof OfferFormValues) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const setBool = (key: keyof OfferFormValues) => (checked: boolean) => setValues((v) => ({ ...v, [key]: String(checked) }));
  const err = (key: keyof OfferFormValues) => errors[key];
  const dirty = formDirty || syncDirty;
  // The same label the server names codes with (R16), from the values as typed.
  const label = discountLabelOfForm(values);
  const samples = previewMembers.length ? previewMembers : [{ firstName: "Anna", lastName: "Lee", handle: "@anna.styles" }];
  const preview = samples
    .slice(0, 3)
    .map((m) => proposeCode({ pattern: values.namingPattern, prefix: values.namingPrefix, suffix: values.namingSuffix }, m, label ?? "20", () => 0.42));
  // R3: a synced offer takes only a percentage off, on the whole order.
  const syncRule = (field: "discountType" | "appliesTo") =>
    syncOn && (field === "discountType" ? values.discountType !== "PERCENTAGE" : values.appliesTo !== "ALL")
      ? field === "discountType"
        ? "Synced offers can only use a percentage discount."
        : "Synced offers can't be limited to products or collections."
      : undefined;

  return (
    <Form method="post" id="offer-form" data-save-bar>
      {Object.entries(values).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <input type="hidden" name="syncEnabled" value={String(syncOn)} />
      <input type="hidden" name="confirmStoreChange" value={String(confirmed)} />
      <input type="hidden" name="syncStores" value={syncStores.join(",")} />
      <input type="hidden" name="sameValueAcrossStores" value={String(sameValue)} />
      <input type="hidden" name="storePercents" value={JSON.stringify(percents)} />
      <SaveBar id="offer-save-bar" open={dirty && !submitting}>
        <button variant="primary" onClick={() => (document.getElementById("offer-form") as HTMLFormElement | null)?.requestSubmit()}>
          Save
        </button>
        <button
          onClick={() => {
            setValues(initial);
            setSyncOn(sync.enabled);
            setSyncStores(sync.selected);
            setSameValue(sync.sameValue);
            setPercents(sync.percents);
          }}
        >
          Discard
        </button>
      </SaveBar>
      <Layout>
        {confirm ? (
          <Layout.Section>
            <Banner tone="warning" title={`Apply the store change to ${confirm.members} existing member${confirm.members === 1 ? "" : "s"}?`}>
              <BlockStack gap="200">
                <Text as="p">
                  {[
                    confirm.added.length ? `Their codes will be created in ${confirm.added.map(labelOf).join(", ")}.` : "",
                    confirm.removed.length ? `Their codes will be deleted from ${confirm.removed.map(labelOf).join(", ")}.` : "",
                  ].join(" ")}
                </Text>
                <InlineStack gap="200">
                  <Button
                    variant="primary"
                    onClick={() => {
                      flushSync(() => setConfirmed(true));
                      (document.getElementById("offer-form") as HTMLFormElement | null)?.requestSubmit();
                    }}
                  >
                    Apply to existing members
                  </Button>
                </InlineStack>
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : errors.form ? (
          <Layout.Section>
            <Banner tone="critical">{errors.form}</Banner>
          </Layout.Section>
        ) : Object.keys(errors).length ? (
          <Layout.Section>
            <Banner tone="critical" title="Some fields need your attention">
              Nothing was saved. Fix the fields marked below and save again.
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.AnnotatedSection title="Offer" description="Name the offer and say what it is for. Creators see neither.">
          <Card>
            <FormLayout>
              <TextField label="Offer name" value={values.name} onChange={set("name")} error={err("name")} autoComplete="off" maxLength={100} />
              <TextField label="Description" value={values.description} onChange={set("description")} error={err("description")} autoComplete="off" multiline={3} />
              <ChoiceList
                title="Codes"
                choices={[
                  { label: "A personal code for each member", value: "MEMBER_CODES" },
                  { label: "One shared group code for everyone (e.g. SUMMER-SALE)", value: "GROUP_CODE" },
                ]}
                selected={[values.kind]}
                onChange={([v]) => set("kind")(v!)}
                error={err("kind")}
                disabled={lockedStructure}
              />
              {values.kind === "GROUP_CODE" ? (
                <TextField
                  label="Group code"
                  value={values.groupCode}
                  onChange={(v) => set("groupCode")(v.toUpperCase())}
                  error={err("groupCode")}
                  autoComplete="off"
                  disabled={lockedStructure}
                />
              ) : null}
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Payout" description="What each conversion pays the creator, in USD, whichever store it happens in.">
          <Card>
            <FormLayout>
              <Select
                label="Payout option"
                options={[
                  { label: "Flat amount per conversion", value: "FLAT" },
                  { label: "Percentage of the sale", value: "PERCENT" },
                  { label: "Flat amount and percentage of the sale", value: "BOTH" },
                ]}
                value={values.payoutType}
                onChange={set("payoutType")}
                error={err("payoutType")}
              />
              <InlineGrid columns={2} gap="400">
                {values.payoutType !== "PERCENT" ? (
                  <TextField
                    label="Flat payout"
                    prefix="$"
                    suffix="USD"
                    value={values.payoutFlatCents}
                    onChange={set("payoutFlatCents")}
                    error={err("payoutFlatCents")}
                    autoComplete="off"
                    inputMode="decimal"
                  />
                ) : null}
                {values.payoutType !== "FLAT" ? (
                  <TextField
                    label="Payout percentage"
                    suffix="% of sale"
                    value={values.payoutPercent}
                    onChange={set("payoutPercent")}
                    error={err("payoutPercent")}
                    autoComplete="off"
                    inputMode="decimal"
                  />
                ) : null}
              </InlineGrid>
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Codes in Shopify" description="The discount group's name in Shopify admin, and how member codes are named.">
          <Card>
            <FormLayout>
              <TextField
                label="Discount group name"
                value={values.groupName}
                onChange={set("groupName")}
                error={err("groupName")}
                autoComplete="off"
                helpText="Shown in Shopify admin › Discounts."
              />
              {values.kind === "MEMBER_CODES" ? (
                <BlockStack gap="300">
                  <TextField
                    label="Naming strategy"
                    value={values.namingPattern}
                    onChange={set("namingPattern")}
                    error={err("namingPattern")}
                    autoComplete="off"
                    helpText={`Tokens: ${NAMING_TOKENS.join(" ")}. Codes are upper-cased.`}
                  />
                  <InlineGrid columns={2} gap="400">
                    <TextField label="Prefix" value={values.namingPrefix} onChange={set("namingPrefix")} error={err("namingPrefix")} autoComplete="off" />
                    <TextField label="Suffix" value={values.namingSuffix} onChange={set("namingSuffix")} error={err("namingSuffix")} autoComplete="off" />
                  </InlineGrid>
                  <Box background="bg-surface-secondary" padding="300" borderRadius="200">
                    <BlockStack gap="100">
                      <Text as="span" variant="bodySm" tone="subdued">
                        Preview{previewMembers.length ? " with your members" : ""}
                      </Text>
                      <InlineStack gap="300">
                        {preview.map((code, i) => (
                          <Text as="span" key={i} fontWeight="semibold">
                            <code data-testid="naming-preview">{code}</code>
                          </Text>
                        ))}
                      </InlineStack>
                    </BlockStack>
                  </Box>
                </BlockStack>
              ) : null}
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Discount" description="What customers get with the code.">
          <Card>
            <FormLayout>
              <Select
                label="Discount option"
                options={[
                  { label: "Percentage off", value: "PERCENTAGE" },
                  { label: syncOn ? "Fixed amount off (not with sync)" : "Fixed amount off", value: "FIXED_AMOUNT", disabled: syncOn },
                ]}
                value={values.discountType}
                onChange={set("discountType")}
                error={err("discountType") ?? syncRule("discountType")}
                helpText={syncOn ? "Synced offers use a percentage off in every store." : undefined}
              />
              {values.discountType === "PERCENTAGE" ? (
                <TextField
                  label="Percentage off"
                  suffix="%"
                  value={values.discountPercent}
                  onChange={set("discountPercent")}
                  error={err("discountPercent")}
                  autoComplete="off"
                  inputMode="decimal"
                />
              ) : (
                <TextField
                  label="Amount off"
                  helpText="In the store's currency."
                  value={values.discountAmountCents}
                  onChange={set("discountAmountCents")}
                  error={err("discountAmountCents")}
                  autoComplete="off"
                  inputMode="decimal"
                />
              )}
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Sync to other stores"
          description="Create every code of this offer in your connected regional stores too. Only the discount value can differ per store."
        >
          <Card>
            <BlockStack gap="300">
              <Checkbox label="Enable sync" checked={syncOn} onChange={setSyncOn} disabled={!sync.available.length && !syncOn} />
              {sync.available.length ? null : (
                <Text as="p" tone="subdued">
                  Connect stores on the Stores page to sync codes to them.
                </Text>
              )}
              {syncOn ? (
                <BlockStack gap="200">
                  {sync.available.map((store) => (
                    <InlineStack key={store.shop} gap="200" blockAlign="center">
                      <Checkbox
                        label={`${store.label} (${store.shop.replace(".myshopify.com", "")})`}
                        checked={syncStores.includes(store.shop)}
                        onChange={(on) => setSyncStores((all) => (on ? [...all, store.shop] : all.filter((s) => s !== store.shop)))}
                      />
                      {sync.disconnected.includes(store.shop) ? <Badge tone="critical">Disconnected</Badge> : null}
                    </InlineStack>
                  ))}
                  {errors.syncStores ? (
                    <Text as="p" tone="critical">
                      {errors.syncStores}
                    </Text>
                  ) : null}
                  <Checkbox label="Use the same discount value across stores" checked={sameValue} onChange={setSameValue} />
                  {!sameValue ? (
                    <InlineGrid columns={2} gap="300">
                      {syncStores.map((shop) => (
                        <TextField
                          key={shop}
                          label={`Percentage off in ${labelOf(shop)}`}
                          suffix="%"
                          value={percents[shop] ?? ""}
                          onChange={(v) => setPercents((p) => ({ ...p, [shop]: v }))}
                          autoComplete="off"
                          inputMode="decimal"
                        />
                      ))}
                    </InlineGrid>
                  ) : null}
                  {errors.storePercents ? (
                    <Text as="p" tone="critical">
                      {errors.storePercents}
                    </Text>
                  ) : null}
                </BlockStack>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Purchase restrictions" description="Who can use a code, on what.">
          <Card>
            <FormLayout>
              <Select
                label="Minimum purchase requirement"
                options={[
                  { label: "No minimum", value: "NONE" },
                  { label: "Minimum purchase amount", value: "SUBTOTAL" },
                  { label: "Minimum quantity of items", value: "QUANTITY" },
                ]}
                value={values.minimumType}
                onChange={set("minimumType")}
              />
              {values.minimumType === "SUBTOTAL" ? (
                <TextField
                  label="Minimum purchase amount"
                  value={values.minimumSubtotalCents}
                  onChange={set("minimumSubtotalCents")}
                  error={err("minimumSubtotalCents")}
                  autoComplete="off"
                  inputMode="decimal"
                />
              ) : null}
              {values.minimumType === "QUANTITY" ? (
                <TextField
                  label="Minimum quantity"
                  value={values.minimumQuantity}
                  onChange={set("minimumQuantity")}
                  error={err("minimumQuantity")}
                  autoComplete="off"
                  inputMode="numeric"
                />
              ) : null}
              <Checkbox label="Limit to one use per customer" checked={yes(values.oncePerCustomer)} onChange={setBool("oncePerCustomer")} />
              <Select
                label="Applies to"
                options={[
                  { label: "The entire order", value: "ALL" },
                  { label: syncOn ? "Specific products (not with sync)" : "Specific products", value: "PRODUCTS", disabled: syncOn },
                  { label: syncOn ? "Specific collections (not with sync)" : "Specific collections", value: "COLLECTIONS", disabled: syncOn },
                ]}
                value={values.appliesTo}
                onChange={set("appliesTo")}
                error={err("appliesTo") ?? syncRule("appliesTo")}
                helpText={syncOn ? "Synced offers apply to the entire order." : undefined}
              />
              {values.appliesTo === "PRODUCTS" ? (
                <TextField
                  label="Product IDs"
                  helpText="Shopify product GIDs, separated by commas."
                  value={values.productIds}
                  onChange={set("productIds")}
                  error={err("productIds")}
                  autoComplete="off"
                  multiline={2}
                />
              ) : null}
              {values.appliesTo === "COLLECTIONS" ? (
                <TextField
                  label="Collection IDs"
                  helpText="Shopify collection GIDs, separated by commas."
                  value={values.collectionIds}
                  onChange={set("collectionIds")}
                  error={err("collectionIds")}
                  autoComplete="off"
                  multiline={2}
                />
              ) : null}
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Usage limits" description="The most times one member's code can be used. Leave empty for no limit.">
          <Card>
            <FormLayout>
              <InlineGrid columns={2} gap="400">
                <TextField
                  label="Limit per member's code"
                  value={values.usageLimit}
                  onChange={set("usageLimit")}
                  error={err("usageLimit")}
                  autoComplete="off"
                  inputMode="numeric"
                />
                <Select
                  label="Counted"
                  options={[
                    { label: "Per order", value: "PER_ORDER" },
                    { label: "Per discounted item", value: "PER_ITEM" },
                  ]}
                  value={values.usageUnit}
                  onChange={set("usageUnit")}
                />
              </InlineGrid>
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Active dates"
          description="Unified: every code shares the offer's dates (one discount in Shopify). Per code: each batch of codes gets its own dates."
        >
          <Card>
            <FormLayout>
              {values.kind === "MEMBER_CODES" ? (
                <ChoiceList
                  title="Dates"
                  choices={[
                    { label: "Unified dates for all codes", value: "UNIFIED" },
                    { label: "Dates per code", value: "PER_CODE" },
                  ]}
                  selected={[values.datesMode]}
                  onChange={([v]) => set("datesMode")(v!)}
                  error={err("datesMode")}
                  disabled={lockedStructure}
                />
              ) : null}
              <InlineGrid columns={2} gap="400">
                <TextField label="Start date" type="date" value={values.startsAt} onChange={set("startsAt")} error={err("startsAt")} autoComplete="off" />
                <TextField label="End date" type="date" value={values.endsAt} onChange={set("endsAt")} error={err("endsAt")} autoComplete="off" helpText="Optional." />
              </InlineGrid>
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Combinations" description="Other discounts a code can combine with at checkout.">
          <Card>
            <BlockStack gap="200">
              <Checkbox label="Order discounts" checked={yes(values.combinesWithOrder)} onChange={setBool("combinesWithOrder")} />
              <Checkbox label="Product discounts" checked={yes(values.combinesWithProduct)} onChange={setBool("combinesWithProduct")} />
              <Checkbox label="Shipping discounts" checked={yes(values.combinesWithShipping)} onChange={setBool("combinesWithShipping")} />
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.Section>
          <InlineStack align="end">
            <Button variant="primary" submit loading={submitting}>
              {submitLabel}
            </Button>
          </InlineStack>
        </Layout.Section>
      </Layout>
    </Form>
  );
}
