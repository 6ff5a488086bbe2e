// Step 5 of adding members (R17): what will be generated, then one job.
import { BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { AddMembersWizard, WizardOffer } from "./wizard";

export function ReviewStep({ wizard: w, offer }: { wizard: AddMembersWizard; offer: WizardOffer }) {
  const { codes } = w;
  const { perCode, startsAt, endsAt } = w.dates;
  const named = codes
    .slice(0, 5)
    .map((c) => `${c.name} (${c.code})`)
    .join(", ");
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {`Generate ${codes.length} promo code${codes.length === 1 ? "" : "s"}`}
        </Text>
        <Text as="p">
          {`Codes for ${named}${codes.length > 5 ? ` and ${codes.length - 5} more` : ""}, active ${perCode ? startsAt : offer.startsAt} – ${(perCode ? endsAt : offer.endsAt) || "no end date"}.`}
        </Text>
        <InlineStack align="end" gap="200">
          <Button onClick={() => w.setStep("dates")}>Back</Button>
          <Button variant="primary" loading={w.generating} onClick={w.generate}>
            Generate promo codes
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
