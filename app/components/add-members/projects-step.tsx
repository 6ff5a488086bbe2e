// Step 1 of adding members (R17): which projects the members are in.
import { Banner, BlockStack, Button, Card, Checkbox, InlineStack, Text } from "@shopify/polaris";
import type { AddMembersWizard } from "./wizard";

export function ProjectsStep({ wizard: w, projects }: { wizard: AddMembersWizard; projects: { id: string; name: string; members: number }[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Which projects are the members in?
        </Text>
        {projects.length === 0 ? (
          <Banner tone="warning" action={{ content: "Create a project", url: "/app/projects" }}>
            You have no projects yet. Create one and add members to it first.
          </Banner>
        ) : (
          projects.map((p) => (
            <Checkbox
              key={p.id}
              label={`${p.name} (${p.members} members)`}
              checked={w.projectIds.includes(p.id)}
              onChange={(on) => w.setProjectIds((ids) => (on ? [...ids, p.id] : ids.filter((x) => x !== p.id)))}
            />
          ))
        )}
        <InlineStack align="end">
          <Button
            variant="primary"
            disabled={w.projectIds.length === 0}
            onClick={() => {
              w.candidates.load(w.projectIds);
              w.setStep("members");
            }}
          >
            Confirm projects
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
