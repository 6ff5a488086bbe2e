// Step 3 of adding members (R16, R17): the codes the offer's naming proposes, each editable, with
// the row's own problems first and then the server's.
import { BlockStack, Box, Button, Card, IndexTable, InlineStack, Text, TextField } from "@shopify/polaris";
import type { AddMembersWizard } from "./wizard";

export function CodesStep({ wizard: w }: { wizard: AddMembersWizard }) {
  return (
    <Card padding="0">
      <Box padding="300">
        <Text as="p" tone="subdued">
          Codes proposed by the offer&apos;s naming strategy. Edit any of them before generating.
        </Text>
      </Box>
      <IndexTable resourceName={{ singular: "code", plural: "codes" }} itemCount={w.codes.length} selectable={false} headings={[{ title: "Member" }, { title: "Code" }]}>
        {w.codes.map((c, i) => (
          <IndexTable.Row id={c.memberId} key={c.memberId} position={i}>
            <IndexTable.Cell>
              <BlockStack>
                <Text as="span" fontWeight="semibold">
                  {c.name}
                </Text>
                <Text as="span" variant="bodySm" tone="subdued">
                  {c.email}
                </Text>
              </BlockStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <TextField
                label={`Code for ${c.name}`}
                labelHidden
                value={c.code}
                onChange={(v) => w.setCodes((all) => all.map((x, j) => (j === i ? { ...x, code: v.toUpperCase() } : x)))}
                error={w.localErrors[i] ?? w.itemErrors[i]}
                autoComplete="off"
              />
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
      <Box padding="300">
        <InlineStack align="end" gap="200">
          <Button onClick={() => w.setStep("members")}>Back</Button>
          <Button variant="primary" disabled={Object.keys(w.localErrors).length > 0} onClick={() => w.setStep("dates")}>
            Set active dates
          </Button>
        </InlineStack>
      </Box>
    </Card>
  );
}
