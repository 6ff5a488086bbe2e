import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Card, Link, EmptyState, IndexTable, InlineStack, Select, Text, TextField, Box } from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { useListParams } from "~/components/list-params";
import { SyncedFromOtherStores } from "~/components/regional/synced-offers";
import { listOffers, type OfferSort } from "~/services/offers.server";
import { pageParam, requireAdmin, searchParam } from "~/services/request-context.server";
import { syncedIntoStore } from "~/services/regional.server";
import { ListPagination } from "~/components/list-pagination";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const url = new URL(request.url);
  const sort = (["name", "createdAt", "members"].includes(url.searchParams.get("sort") ?? "") ? url.searchParams.get("sort") : "createdAt") as OfferSort;
  const [list, synced] = await Promise.all([
    listOffers(db, shop, { query: searchParam(url), sort, page: pageParam(url), archived: url.searchParams.get("view") === "archived" }),
    syncedIntoStore(db, shop),
  ]);
  return { ...list, synced };
}

const tone = { Active: "success", Scheduled: "info", Ended: undefined, Archived: undefined } as const;

export default function Offers() {
  const data = useLoaderData<typeof loader>();
  const { params, query, setQuery, setParam: go } = useListParams();

  // The first-offer empty state only when the shop has no offer at all (archived ones included).
  const empty = data.total === 0 && data.archivedTotal === 0 && !params.get("q") && !params.get("view");
  return (
    <AppPage title="Offers" primaryAction={{ content: "Create offer", url: "/app/offers/new" }}>
      <SyncedFromOtherStores data={data.synced} />
      <Card padding="0">
        {empty ? (
          <EmptyState heading="Create your first promo-code offer" action={{ content: "Create offer", url: "/app/offers/new" }} image="">
            <p>An offer sets the discount, the creators' payout and how their codes are named.</p>
          </EmptyState>
        ) : (
          <>
            <Box padding="300">
              <InlineStack gap="300" wrap={false}>
                <div style={{ flex: 1 }}>
                  <TextField
                    label="Search offers"
                    labelHidden
                    placeholder="Search offers"
                    value={query}
                    onChange={setQuery}
                    autoComplete="off"
                    clearButton
                    onClearButtonClick={() => setQuery("")}
                  />
                </div>
                <Select
                  label="Show"
                  labelInline
                  options={[
                    { label: "Current offers", value: "" },
                    { label: "Archived", value: "archived" },
                  ]}
                  value={params.get("view") ?? ""}
                  onChange={(v) => go("view", v)}
                />
                <Select
                  label="Sort"
                  labelInline
                  options={[
                    { label: "Newest", value: "createdAt" },
                    { label: "Name", value: "name" },
                    { label: "Most members", value: "members" },
                  ]}
                  value={params.get("sort") ?? "createdAt"}
                  onChange={(v) => go("sort", v)}
                />
              </InlineStack>
            </Box>
            <IndexTable
              resourceName={{ singular: "offer", plural: "offers" }}
              itemCount={data.rows.length}
              selectable={false}
              headings={[
                { title: "Name" },
                { title: "Discount" },
                { title: "Payout" },
                { title: "Members", alignment: "end" },
                { title: "Active codes", alignment: "end" },
                { title: "Status" },
              ]}
              emptyState={
                <Box padding="400">
                  <Text as="p" tone="subdued">
                    {params.get("q")
                      ? `No ${params.get("view") === "archived" ? "archived " : ""}offers match “${params.get("q")}”.`
                      : params.get("view") === "archived"
                        ? "No archived offers."
                        : "No current offers."}
                  </Text>
                </Box>
              }
            >
              {data.rows.map((row, index) => (
                <IndexTable.Row id={row.id} key={row.id} position={index}>
                  <IndexTable.Cell>
                    <Link url={`/app/offers/${row.id}`} monochrome removeUnderline dataPrimaryLink>
                      <Text as="span" fontWeight="semibold">
                        {row.name}
                      </Text>
                    </Link>
                    {row.kind === "GROUP_CODE" ? (
                      <Text as="span" tone="subdued">
                        {" "}
                        · group code
                      </Text>
                    ) : null}
                  </IndexTable.Cell>
                  <IndexTable.Cell>{row.discount}</IndexTable.Cell>
                  <IndexTable.Cell>{row.payout}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {row.members}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {row.activeCodes}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={tone[row.status]}>{row.status}</Badge>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
            <ListPagination
              page={data.page}
              pages={data.pages}
              onPage={(n) => go("page", String(n))}
              label={`Page ${data.page} of ${data.pages} · ${data.total} offer${data.total === 1 ? "" : "s"}`}
            />
          </>
        )}
      </Card>
    </AppPage>
  );
}
