// R42: "Synced from <store>" sections: in a connected store's admin, each offer another store syncs
// into it, read-only: its discount here, dates, codes live here, sync health, and who manages it.
// Placed on Home, Offers and Synced with the page loader's `syncedIntoStore`; renders nothing in a
// store nothing is synced into.
import { Badge, Banner, BlockStack, Box, Card, IndexTable, InlineStack, Link, Text } from "@shopify/polaris";
import type { syncedIntoStore } from "~/services/regional.server";

export type SyncedIntoStore = Awaited<ReturnType<typeof syncedIntoStore>>;
type Group = SyncedIntoStore["groups"][number];

const situationTone = { SYNCING: "info", PAUSED: "info", PRIMARY_UNINSTALLED: "warning", UNLINKED_BY_PRIMARY: "warning", REVOKED_HERE: undefined } as const;
const statusTone = { Active: "success", Scheduled: "info", Ended: undefined, Archived: undefined } as const;

/** The sections themselves, from the page loader's `syncedIntoStore`. */
export function SyncedFromOtherStores({ data: shown }: { data: SyncedIntoStore }) {
  if (!shown.groups.length) return null;
  return (
    <Box paddingBlockEnd="400">
      <BlockStack gap="400">
        {shown.groups.map((g) => (
          <SyncedGroup key={g.link.id} group={g} />
        ))}
      </BlockStack>
    </Box>
  );
}

function SyncedGroup({ group }: { group: Group }) {
  const { link, offers } = group;
  return (
    <Card padding="0">
      <Box padding="400">
        <BlockStack gap="200">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {`Synced from ${link.primary.name} (${link.primary.shop.replace(".myshopify.com", "")})`}
            </Text>
            <Badge tone="info">Read-only</Badge>
          </InlineStack>
          <Banner tone={situationTone[link.situation]}>
            <Text as="p">{link.message}</Text>
          </Banner>
          <Text as="p" tone="subdued" variant="bodySm">
            {`This store is “${link.label}” in ${link.primary.name}'s list of stores. To end its access, use Stores › Stores that sync into this one.`}
          </Text>
        </BlockStack>
      </Box>
      <IndexTable
        resourceName={{ singular: "synced offer", plural: "synced offers" }}
        itemCount={offers.length}
        selectable={false}
        headings={[
          { title: "Offer" },
          { title: "Discount here" },
          { title: "Dates" },
          { title: "Codes live here", alignment: "end" },
          { title: "Sync health" },
          { title: "Status" },
        ]}
        emptyState={
          <Box padding="400">
            <Text as="p" tone="subdued">{`${link.primary.name} can sync offers into this store; none is synced here yet.`}</Text>
          </Box>
        }
      >
        {offers.map((o, i) => (
          <IndexTable.Row id={o.id} key={o.id} position={i}>
            <IndexTable.Cell>
              <Link url={`/app/synced/${o.id}`} removeUnderline>
                <Text as="span" fontWeight="semibold">
                  {o.name}
                </Text>
              </Link>
            </IndexTable.Cell>
            <IndexTable.Cell>{o.discount}</IndexTable.Cell>
            <IndexTable.Cell>{o.datesMode === "PER_CODE" ? "Per code" : `${o.startsAt} → ${o.endsAt ?? "no end"}`}</IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {o.codesLive}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <InlineStack gap="100" blockAlign="center">
                <Badge tone={o.health.tone}>{o.health.label}</Badge>
                {o.lastSyncedAt ? <Text as="span" tone="subdued" variant="bodySm">{`last synced ${o.lastSyncedAt.slice(0, 16).replace("T", " ")} UTC`}</Text> : null}
              </InlineStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Badge tone={statusTone[o.status]}>{o.status}</Badge>
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Card>
  );
}
