// The offer form's sections, in the seed's order of steps (R14); each reads and sets the form's
// state (state.ts) and shows the server's messages for its fields (R35).
import { Badge, BlockStack, Box, Card, Checkbox, ChoiceList, FormLayout, InlineGrid, Layout, Text, TextField, Select, InlineStack } from "@shopify/polaris";
import type { FieldErrors, OfferFormValues } from "~/domain/offers/offer-input";
import { discountLabelOfForm, NAMING_TOKENS, proposeCode } from "~/domain/codes/naming";
import type { OfferFormState, SyncSection } from "./state";

export type OfferFormErrors = FieldErrors & Partial<Record<"syncStores" | "storePercents", string>>;

interface SectionProps {
  form: OfferFormState;
  errors: OfferFormErrors;
  lockedStructure?: boolean;
}

const yes = (v: string) => v === "true";
const errOf = (errors: OfferFormErrors) => (key: keyof OfferFormValues) => errors[key];

export function OfferSection({ form: { values, set }, errors, lockedStructure }: SectionProps) {
  const err = errOf(errors);
  return (
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
  );
}

export function PayoutSection({ form: { values, set }, errors }: SectionProps) {
  const err = errOf(errors);
  return (
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
  );
}

/** The discount group's name and the naming of member codes, with a live preview (R16). */
export function NamingSection({ form: { values, set }, errors, previewMembers }: SectionProps & { previewMembers: { firstName: string; lastName: string; handle: string }[] }) {
  const err = errOf(errors);
  // The same label the server names codes with (R16), from the values as typed.
  const label = discountLabelOfForm(values);
  const samples = previewMembers.length ? previewMembers : [{ firstName: "Anna", lastName: "Lee", handle: "@anna.styles" }];
  const preview = samples
    .slice(0, 3)
    .map((m) => proposeCode({ pattern: values.namingPattern, prefix: values.namingPrefix, suffix: values.namingSuffix }, m, label ?? "20", () => 0.42));
  return (
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
  );
}

/** R3: a synced offer takes only a percentage off, on the whole order. */
function syncRule(form: OfferFormState, field: "discountType" | "appliesTo"): string | undefined {
  if (!form.sync.on) return undefined;
  if (field === "discountType") return form.values.discountType !== "PERCENTAGE" ? "Synced offers can only use a percentage discount." : undefined;
  return form.values.appliesTo !== "ALL" ? "Synced offers can't be limited to products or collections." : undefined;
}

export function DiscountSection({ form, errors }: SectionProps) {
  const { values, set } = form;
  const syncOn = form.sync.on;
  const err = errOf(errors);
  return (
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
            error={err("discountType") ?? syncRule(form, "discountType")}
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
  );
}

export function StoreSyncSection({ form, errors, sync, labelOf }: SectionProps & { sync: SyncSection; labelOf: (shop: string) => string }) {
  const { on, setOn, stores, setStores, sameValue, setSameValue, percents, setPercents } = form.sync;
  return (
    <Layout.AnnotatedSection
      title="Sync to other stores"
      description="Create every code of this offer in your connected regional stores too. Only the discount value can differ per store."
    >
      <Card>
        <BlockStack gap="300">
          <Checkbox label="Enable sync" checked={on} onChange={setOn} disabled={!sync.available.length && !on} />
          {sync.available.length ? null : (
            <Text as="p" tone="subdued">
              Connect stores on the Stores page to sync codes to them.
            </Text>
          )}
          {on ? (
            <BlockStack gap="200">
              {sync.available.map((store) => (
                <InlineStack key={store.shop} gap="200" blockAlign="center">
                  <Checkbox
                    label={`${store.label} (${store.shop.replace(".myshopify.com", "")})`}
                    checked={stores.includes(store.shop)}
                    onChange={(checked) => setStores((all) => (checked ? [...all, store.shop] : all.filter((s) => s !== store.shop)))}
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
                  {stores.map((shop) => (
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
  );
}

export function RestrictionsSection({ form, errors }: SectionProps) {
  const { values, set, setBool } = form;
  const syncOn = form.sync.on;
  const err = errOf(errors);
  return (
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
            error={err("appliesTo") ?? syncRule(form, "appliesTo")}
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
  );
}

export function UsageSection({ form: { values, set }, errors }: SectionProps) {
  const err = errOf(errors);
  return (
    <Layout.AnnotatedSection title="Usage limits" description="The most times one member's code can be used. Leave empty for no limit.">
      <Card>
        <FormLayout>
          <InlineGrid columns={2} gap="400">
            <TextField label="Limit per member's code" value={values.usageLimit} onChange={set("usageLimit")} error={err("usageLimit")} autoComplete="off" inputMode="numeric" />
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
  );
}

export function DatesSection({ form: { values, set }, errors, lockedStructure }: SectionProps) {
  const err = errOf(errors);
  return (
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
  );
}

export function CombinationsSection({ form: { values, setBool } }: Pick<SectionProps, "form">) {
  return (
    <Layout.AnnotatedSection title="Combinations" description="Other discounts a code can combine with at checkout.">
      <Card>
        <BlockStack gap="200">
          <Checkbox label="Order discounts" checked={yes(values.combinesWithOrder)} onChange={setBool("combinesWithOrder")} />
          <Checkbox label="Product discounts" checked={yes(values.combinesWithProduct)} onChange={setBool("combinesWithProduct")} />
          <Checkbox label="Shipping discounts" checked={yes(values.combinesWithShipping)} onChange={setBool("combinesWithShipping")} />
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
