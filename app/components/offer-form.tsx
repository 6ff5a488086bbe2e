// The offer form (R14): its state in offer-form/state.ts, one component per section in
// offer-form/sections.tsx; here the hidden fields the action reads, the save bar, the notices
// above the sections (store change to confirm, refused save) and the submit button.
import { useEffect } from "react";
import { flushSync } from "react-dom";
import { Form, useNavigation } from "@remix-run/react";
import { BlockStack, Layout, Text, Banner, InlineStack, Button } from "@shopify/polaris";
import { SaveBar } from "@shopify/app-bridge-react";
import type { OfferFormValues } from "~/domain/offers/offer-input";
import { useOfferFormState, type SyncSection } from "./offer-form/state";
import {
  CombinationsSection,
  DatesSection,
  DiscountSection,
  NamingSection,
  OfferSection,
  PayoutSection,
  RestrictionsSection,
  StoreSyncSection,
  UsageSection,
  type OfferFormErrors,
} from "./offer-form/sections";

export type { SyncSection } from "./offer-form/state";

export interface StoreChangeConfirmation {
  added: string[];
  removed: string[];
  members: number;
}

interface Props {
  /** Which offer the form edits ("new" for a new one): the typed values reset only when it changes. */
  formKey: string;
  initial: OfferFormValues;
  errors?: OfferFormErrors;
  sync: SyncSection;
  confirm?: StoreChangeConfirmation;
  submitLabel: string;
  /** Real members for the live naming preview (R16). */
  previewMembers: { firstName: string; lastName: string; handle: string }[];
  lockedStructure?: boolean;
}

/** The offer form, in the seed's order of steps (R14). Field errors come from the server (R35). */
export function OfferForm({ formKey, initial, errors = {}, submitLabel, previewMembers, lockedStructure, sync, confirm }: Props) {
  const form = useOfferFormState(formKey, initial, sync);
  const labelOf = (shop: string) => sync.available.find((a) => a.shop === shop)?.label || shop;
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  // After a refused save, bring the merchant to the summary of what to fix.
  useEffect(() => {
    if (Object.keys(errors).length) window.scrollTo({ top: 0, behavior: "smooth" });
  }, [errors]);

  return (
    <Form method="post" id="offer-form" data-save-bar>
      {Object.entries(form.values).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <input type="hidden" name="syncEnabled" value={String(form.sync.on)} />
      <input type="hidden" name="confirmStoreChange" value={String(form.confirmed)} />
      <input type="hidden" name="syncStores" value={form.sync.stores.join(",")} />
      <input type="hidden" name="sameValueAcrossStores" value={String(form.sync.sameValue)} />
      <input type="hidden" name="storePercents" value={JSON.stringify(form.sync.percents)} />
      <SaveBar id="offer-save-bar" open={form.dirty && !submitting}>
        <button variant="primary" onClick={() => (document.getElementById("offer-form") as HTMLFormElement | null)?.requestSubmit()}>
          Save
        </button>
        <button onClick={form.discard}>Discard</button>
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
                      flushSync(() => form.setConfirmed(true));
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
        <OfferSection form={form} errors={errors} lockedStructure={lockedStructure} />
        <PayoutSection form={form} errors={errors} />
        <NamingSection form={form} errors={errors} previewMembers={previewMembers} />
        <DiscountSection form={form} errors={errors} />
        <StoreSyncSection form={form} errors={errors} sync={sync} labelOf={labelOf} />
        <RestrictionsSection form={form} errors={errors} />
        <UsageSection form={form} errors={errors} />
        <DatesSection form={form} errors={errors} lockedStructure={lockedStructure} />
        <CombinationsSection form={form} />
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
