// Step 2 of adding members (R17): members of those projects with no code in this offer, searched
// and paged; the selection is kept across pages and searches.
import { BlockStack, Box, Button, Card, IndexTable, InlineStack, Pagination, Text, TextField } from "@shopify/polaris";
import type { AddMembersWizard } from "./wizard";

export function MembersStep({ wizard: w }: { wizard: AddMembersWizard }) {
  const { list, rows, selection } = w.candidates;
  const { selectedResources, allResourcesSelected, handleSelectionChange } = selection;
  const selectedCount = w.chosen.size;
  const page = list?.page ?? 1;
  return (
    <Card padding="0">
      <Box padding="300">
        <BlockStack gap="200">
          <Text as="p" tone="subdued">
            Only members without a code in this offer are listed. {list ? `${list.total} available.` : ""}
          </Text>
          <TextField
            label="Search members"
            labelHidden
            placeholder="Search members"
            value={w.query}
            onChange={(v) => {
              w.setQuery(v);
              w.candidates.load(w.projectIds, v);
            }}
            autoComplete="off"
          />
        </BlockStack>
      </Box>
      <IndexTable
        resourceName={{ singular: "member", plural: "members" }}
        itemCount={rows.length}
        selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
        onSelectionChange={handleSelectionChange}
        headings={[{ title: "Member" }, { title: "Email" }, { title: "Handle" }]}
        loading={w.candidates.loading}
      >
        {rows.map((m, i) => (
          <IndexTable.Row id={m.id} key={m.id} position={i} selected={selectedResources.includes(m.id)}>
            <IndexTable.Cell>
              <Text as="span" fontWeight="semibold">
                {m.name}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>{m.email}</IndexTable.Cell>
            <IndexTable.Cell>{m.handle}</IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
      <Box padding="300">
        <InlineStack align="space-between" blockAlign="center">
          <Pagination
            hasPrevious={page > 1}
            hasNext={page < (list?.pages ?? 1)}
            onPrevious={() => w.candidates.load(w.projectIds, w.query, page - 1)}
            onNext={() => w.candidates.load(w.projectIds, w.query, page + 1)}
          />
          <InlineStack gap="200">
            <Button onClick={() => w.setStep("projects")}>Back</Button>
            <Button variant="primary" disabled={selectedCount === 0} loading={w.propose.busy} onClick={w.propose.send}>
              {`Review ${selectedCount} code${selectedCount === 1 ? "" : "s"}`}
            </Button>
          </InlineStack>
        </InlineStack>
      </Box>
    </Card>
  );
}
