// The home page's setup guide (#21): each step done or linked; dismissable.
import { Form } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, InlineStack, Link, ProgressBar, Text } from "@shopify/polaris";
import type { SetupStep } from "~/services/home.server";

export function SetupGuide({ steps }: { steps: SetupStep[] }) {
  const done = steps.filter((s) => s.done).length;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" wrap={false}>
          <Text as="h2" variant="headingMd">
            Set up Creator Codes
          </Text>
          <Form method="post">
            <input type="hidden" name="intent" value="dismiss-guide" />
            <Button submit variant="plain">
              Dismiss guide
            </Button>
          </Form>
        </InlineStack>
        <InlineStack gap="200" blockAlign="center" wrap={false}>
          <Text as="span" tone="subdued">{`${done} of ${steps.length} steps done`}</Text>
          <div style={{ flex: 1 }}>
            <ProgressBar progress={(done / steps.length) * 100} size="small" tone="primary" ariaLabelledBy="setup-progress" />
          </div>
        </InlineStack>
        <span id="setup-progress" hidden>
          Setup progress
        </span>
        <BlockStack gap="200" as="ol">
          {steps.map((s) => (
            <Box as="li" key={s.id} padding="200" borderRadius="200" background={s.done ? undefined : "bg-surface-secondary"}>
              <InlineStack gap="300" blockAlign="start" wrap={false}>
                <div style={{ minWidth: 72, flexShrink: 0 }}>{s.done ? <Badge tone="success">Done</Badge> : <Badge>To do</Badge>}</div>
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm" tone={s.done ? "subdued" : undefined}>
                    {s.title}
                  </Text>
                  {s.done ? null : (
                    <>
                      <Text as="p" tone="subdued">
                        {s.description}
                      </Text>
                      <Link url={s.action.url}>{s.action.content}</Link>
                    </>
                  )}
                </BlockStack>
              </InlineStack>
            </Box>
          ))}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
