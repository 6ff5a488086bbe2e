// Step 4 of adding members (R17): the batch's dates when the offer has dates per code; with
// unified dates, the offer's own.
import { Banner, BlockStack, Button, Card, InlineGrid, InlineStack, TextField } from "@shopify/polaris";
import type { AddMembersWizard, WizardOffer } from "./wizard";

export function DatesStep({ wizard: w, offer }: { wizard: AddMembersWizard; offer: WizardOffer }) {
  const { perCode, startsAt, setStartsAt, endsAt, setEndsAt } = w.dates;
  return (
    <Card>
      <BlockStack gap="300">
        {perCode ? (
          <InlineGrid columns={2} gap="400">
            <TextField label="Start date" type="date" value={startsAt} onChange={setStartsAt} error={w.fieldErrors.startsAt} autoComplete="off" />
            <TextField label="End date" type="date" value={endsAt} onChange={setEndsAt} error={w.fieldErrors.endsAt} autoComplete="off" helpText="Optional." />
          </InlineGrid>
        ) : (
          <Banner tone="info">
            This offer uses unified dates: every code is active from {offer.startsAt} {offer.endsAt ? `to ${offer.endsAt}` : "with no end date"}. Change them by editing the offer.
          </Banner>
        )}
        <InlineStack align="end" gap="200">
          <Button onClick={() => w.setStep("codes")}>Back</Button>
          <Button variant="primary" onClick={() => w.setStep("review")}>
            Review
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
