// An offer's drift (R37): the changes made to its discounts in a store's Shopify admin, per store,
// with the app's side and the store's, and for each one "Adopt" or "Revert" (audited, R36).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, EmptyState, InlineStack, Link, Page, Text, Tooltip } from "@shopify/polaris";
import { z } from "zod";
import { describeSide } from "~/domain/drift/describe";
import { idField } from "~/domain/input/fields";
import { decideDrift, driftForOffer, type DriftRow } from "~/services/drift.server";
import { requireAdmin } from "~/services/request-context.server";
import { useRefreshWhile } from "~/components/refresh-while";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const data = await driftForOffer(db, shop, params.id ?? "");
  if (!data) throw new Response("Not found", { status: 404 });
  return data;
}

const decisionForm = z.object({
  itemId: idField(),
  decision: z.enum(["ADOPT", "REVERT"], { message: "Choose Adopt or Revert." }),
});

export async function action({ request }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const parsed = decisionForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success)
    return json(
      {
        ok: false as const,
        error: parsed.error.issues[0]?.message ?? "Invalid request.",
      },
      { status: 400 },
    );
  const result = await decideDrift(db, { shop, actor, ...parsed.data });
  return json(result, { status: result.ok ? 200 : 409 });
}

const statusTone = {
  OPEN: "warning",
  REVERTING: "info",
  REVERTED: "success",
  ADOPTED: "success",
  RESOLVED: undefined,
} as const;
const statusLabel = {
  OPEN: "Needs attention",
  REVERTING: "Reverting",
  REVERTED: "Reverted",
  ADOPTED: "Adopted",
  RESOLVED: "Undone in Shopify",
} as const;

function Item({ row }: { row: DriftRow }) {
  const fetcher = useFetcher<{
    ok: boolean;
    error?: string;
    jobId?: string | null;
  }>();
  const busy = fetcher.state !== "idle";
  const decide = (decision: "ADOPT" | "REVERT") => fetcher.submit({ itemId: row.id, decision }, { method: "post" });
  const adopt = (
    <Button disabled={row.adopt !== true || busy} onClick={() => decide("ADOPT")}>
      Adopt
    </Button>
  );
  return (
    <Box padding="300" borderBlockEndWidth="025" borderColor="border" data-testid="drift-item">
      <BlockStack gap="200">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h3" variant="headingSm">
            {row.label}
          </Text>
          {row.member ? <Text as="span">{row.member}</Text> : null}
          {row.status !== "OPEN" && row.status !== "REVERTING" ? (
            <Text as="span" tone="subdued">
              {row.storeLabel}
            </Text>
          ) : null}
          <Badge tone={statusTone[row.status]}>{statusLabel[row.status]}</Badge>
        </InlineStack>
        <InlineStack gap="600">
          <BlockStack gap="050">
            <Text as="span" tone="subdued">
              In the app
            </Text>
            <Text as="span" fontWeight="medium">
              {describeSide(row.kind, "before", row.before)}
            </Text>
          </BlockStack>
          <BlockStack gap="050">
            <Text as="span" tone="subdued">
              Now in Shopify
            </Text>
            <Text as="span" fontWeight="medium">
              {describeSide(row.kind, "after", row.after)}
            </Text>
          </BlockStack>
        </InlineStack>
        {row.note ? (
          <Text as="p" tone="caution">
            {row.note}
          </Text>
        ) : null}
        {row.status === "OPEN" ? (
          <InlineStack gap="200" blockAlign="center">
            <Button variant="primary" loading={busy} onClick={() => decide("REVERT")}>
              Revert
            </Button>
            {row.adopt === true ? adopt : <Tooltip content={row.adopt}>{adopt}</Tooltip>}
            <Text as="span" tone="subdued">
              Revert: {row.revertEffect} Adopt: {row.adopt === true ? row.adoptEffect : row.adopt}
            </Text>
          </InlineStack>
        ) : null}
        {row.jobId && row.status !== "OPEN" ? <Link url={`/app/jobs/${row.jobId}`}>See the job</Link> : null}
        {fetcher.data && !fetcher.data.ok ? <Banner tone="critical">{fetcher.data.error}</Banner> : null}
      </BlockStack>
    </Box>
  );
}

export default function OfferDrift() {
  const data = useLoaderData<typeof loader>();
  const reverting = data.open.some((r) => r.status === "REVERTING");
  useRefreshWhile(reverting, 2000);
  const stores = [...new Set(data.open.map((r) => r.storeLabel))];
  return (
    <Page
      title="Changes made in Shopify"
      subtitle={data.offer.name}
      backAction={{
        content: data.offer.name,
        url: `/app/offers/${data.offer.id}`,
      }}
    >
      <BlockStack gap="400">
        {data.open.length === 0 ? (
          <Card>
            <EmptyState heading="The offer's discounts match the app" image="">
              <p>When someone changes this offer's discounts in a store's Shopify admin (deletes, deactivates, edits them or their codes), the changes show here.</p>
            </EmptyState>
          </Card>
        ) : (
          stores.map((store) => (
            <Card key={store} padding="0">
              <Box padding="300">
                <Text as="h2" variant="headingMd">
                  {store}
                </Text>
              </Box>
              {data.open
                .filter((r) => r.storeLabel === store)
                .map((row) => (
                  <Item key={row.id} row={row} />
                ))}
            </Card>
          ))
        )}
        {data.settled.length ? (
          <Card padding="0">
            <Box padding="300">
              <Text as="h2" variant="headingMd">
                Settled
              </Text>
            </Box>
            {data.settled.map((row) => (
              <Item key={row.id} row={row} />
            ))}
          </Card>
        ) : null}
      </BlockStack>
    </Page>
  );
}
