import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Link,
  Box,
  Button,
  Card,
  DropZone,
  FormLayout,
  IndexTable,
  InlineStack,
  Layout,
  List,
  Select,
  Text,
  TextField,
  useIndexResourceState,
} from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useState } from "react";
import { addMemberToProject, getProject, importMembersCsv, type CsvRowResult } from "~/services/members.server";
import { formFields, idParam, readForm, refused } from "~/services/forms.server";
import { fieldMessages, ID, idList } from "~/domain/input/fields";
import { removeMembersFromProject } from "~/services/member-edits.server";
import { importMembersForm } from "~/domain/input/route-forms";
import { pageParam, requireAdmin, searchParam } from "~/services/request-context.server";
import { useCsvDownload } from "~/components/csv-download";
import { projectOffers, setOfferConnection } from "~/services/manage-offers.server";
import { ListPagination } from "~/components/list-pagination";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const url = new URL(request.url);
  const data = await getProject(db, shop, idParam(params.id, "Project"), { query: searchParam(url), page: pageParam(url) });
  if (!data) throw new Response("Project not found", { status: 404 });
  return { ...data, offers: await projectOffers(db, shop, data.project.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const projectId = idParam(params.id, "Project");
  const form = formFields(await readForm(request));
  const intent = form.intent ?? "add";
  if (intent === "import") {
    const parsed = importMembersForm.safeParse(form);
    if (!parsed.success)
      return refused({ import: { ok: false as const, fileError: Object.values(fieldMessages(parsed.error))[0], rows: [] as CsvRowResult[], imported: 0, valid: 0 } });
    const result = await importMembersCsv(db, { shop, actor, projectId, csv: parsed.data.csv, validRowsOnly: parsed.data.validRowsOnly === "true" });
    return result.ok ? { import: result } : refused({ import: result });
  }
  if (intent === "connect" || intent === "disconnect") {
    const offerId = form.offerId ?? "";
    const result = await setOfferConnection(db, { shop, actor, projectId, offerId: ID.test(offerId) ? offerId : "-", connected: intent === "connect" });
    return result.ok ? { connection: { ok: true as const, intent } } : refused({ connection: { ok: false as const, error: result.error } });
  }
  if (intent === "remove") {
    // #21: the chosen members leave this project; they and their codes, conversions and payouts stay.
    const removed = await removeMembersFromProject(db, { shop, actor, projectId, memberIds: idList(form.members).slice(0, 1000) });
    return { remove: { ok: true as const, removed } };
  }
  if (intent !== "add") throw new Response("Unknown action", { status: 400 });
  // The member's fields are checked by the member schema (R35) in the service.
  const result = await addMemberToProject(db, { shop, actor, projectId, input: form });
  return result.ok ? { add: { ok: true as const, name: result.member.firstName } } : refused({ add: { ok: false as const, errors: result.errors } });
}

const emptyMember = { firstName: "", lastName: "", email: "", handle: "" };

export default function ProjectPage() {
  const data = useLoaderData<typeof loader>();
  const membersExport = useCsvDownload();
  const navigate = useNavigate();
  const shopify = useAppBridge();
  const [params, setParams] = useSearchParams();
  const adder = useFetcher<typeof action>();
  const importer = useFetcher<typeof action>();
  const [member, setMember] = useState(emptyMember);
  const [csv, setCsv] = useState<{ name: string; text: string } | null>(null);
  const connector = useFetcher<typeof action>();
  const remover = useFetcher<typeof action>();
  const removed = remover.data && "remove" in remover.data ? remover.data.remove : null;
  useEffect(() => {
    const saved = params.get("saved");
    if (saved !== "renamed" && saved !== "unarchived") return;
    shopify.toast.show(saved === "renamed" ? "Project renamed" : "Project unarchived");
    const next = new URLSearchParams(params);
    next.delete("saved");
    setParams(next, { replace: true });
  }, [params, setParams, shopify]);
  useEffect(() => {
    if (removed?.ok) shopify.toast.show(`${removed.removed} member${removed.removed === 1 ? "" : "s"} removed from the project`);
  }, [removed, shopify]);
  const [toConnect, setToConnect] = useState("");
  const selection = useIndexResourceState(data.members);
  const manageUrl = () =>
    `/app/projects/${data.project.id}/manage?${new URLSearchParams(selection.allResourcesSelected && data.total > data.members.length ? { all: "1" } : { members: selection.selectedResources.join(",") }).toString()}`;

  const added = adder.data && "add" in adder.data ? adder.data.add : null;
  useEffect(() => {
    if (added?.ok) {
      shopify.toast.show(`${added.name} added`);
      setMember(emptyMember);
    }
  }, [added, shopify]);
  // #21: results belong to the file they were for; choosing another file clears them.
  const [fileVersion, setFileVersion] = useState(0);
  const [submittedVersion, setSubmittedVersion] = useState(-1);
  const imported = submittedVersion === fileVersion && importer.data && "import" in importer.data ? importer.data.import : null;
  useEffect(() => {
    if (imported?.ok) {
      shopify.toast.show(`${imported.imported} member${imported.imported === 1 ? "" : "s"} imported`);
      setCsv(null);
    }
  }, [imported, shopify]);
  const addErrors: Record<string, string | undefined> = added && !added.ok ? added.errors : {};

  return (
    <AppPage
      title={data.project.name}
      backAction={{ content: "Projects", url: "/app/projects" }}
      subtitle={`${data.total} members`}
      secondaryActions={[
        { content: "Edit project", url: `/app/projects/${data.project.id}/edit` },
        { content: "Export members with codes", disabled: membersExport.busy, onAction: () => membersExport.download(`/app/projects/${data.project.id}/export`) },
      ]}
    >
      <Layout>
        {data.project.archived ? (
          <Layout.Section>
            <Banner tone="info" title="This project is archived">
              <p>It is hidden from Projects and from adding members to offers. Its members and their codes are unchanged. Unarchive it from Edit project.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            <Box padding="300">
              <TextField
                label="Search members"
                labelHidden
                placeholder="Search members"
                value={params.get("q") ?? ""}
                onChange={(v) => setParams(v ? { q: v } : {}, { replace: true })}
                autoComplete="off"
              />
            </Box>
            <IndexTable
              resourceName={{ singular: "member", plural: "members" }}
              itemCount={data.members.length}
              selectedItemsCount={selection.allResourcesSelected ? "All" : selection.selectedResources.length}
              onSelectionChange={selection.handleSelectionChange}
              hasMoreItems={data.total > data.members.length}
              promotedBulkActions={[
                { content: "Manage offers", onAction: () => navigate(manageUrl()) },
                { content: "Remove from project", onAction: () => remover.submit({ intent: "remove", members: selection.selectedResources.join(",") }, { method: "post" }) },
              ]}
              headings={[{ title: "Member" }, { title: "Email" }, { title: "Handle" }, { title: "Offers", alignment: "end" }]}
            >
              {data.members.map((m, i) => (
                <IndexTable.Row id={m.id} key={m.id} position={i} selected={selection.selectedResources.includes(m.id)}>
                  <IndexTable.Cell>
                    <Link url={`/app/members/${m.id}`} monochrome removeUnderline dataPrimaryLink>
                      <Text as="span" fontWeight="semibold">
                        {m.name}
                      </Text>
                    </Link>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{m.email}</IndexTable.Cell>
                  <IndexTable.Cell>{m.handle}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {m.offers}
                    </Text>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
            <ListPagination page={data.page} pages={data.pages} onPage={(n) => setParams({ ...Object.fromEntries(params), page: String(n) })} />
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Connected offers
                </Text>
                <Text as="p" tone="subdued" variant="bodySm">
                  Select members, then &quot;Manage offers&quot; to refresh, activate or deactivate their codes in these offers.
                </Text>
                {data.offers.connected.length ? (
                  data.offers.connected.map((o) => (
                    <InlineStack key={o.id} align="space-between" blockAlign="center" gap="200">
                      <Button variant="plain" url={`/app/offers/${o.id}`}>
                        {o.name}
                      </Button>
                      <Button size="slim" variant="tertiary" onClick={() => connector.submit({ intent: "disconnect", offerId: o.id }, { method: "post" })}>
                        Disconnect
                      </Button>
                    </InlineStack>
                  ))
                ) : (
                  <Text as="p">No offer is connected yet. Adding members to an offer from this project connects it.</Text>
                )}
                {data.offers.available.length ? (
                  <InlineStack gap="200" blockAlign="end" wrap={false}>
                    <div style={{ flex: 1 }}>
                      <Select
                        label="Connect an offer"
                        options={[{ label: "Choose an offer", value: "" }, ...data.offers.available.map((o) => ({ label: o.name, value: o.id }))]}
                        value={toConnect}
                        onChange={setToConnect}
                      />
                    </div>
                    <Button
                      disabled={!toConnect}
                      loading={connector.state !== "idle"}
                      onClick={() => connector.submit({ intent: "connect", offerId: toConnect }, { method: "post" })}
                    >
                      Connect
                    </Button>
                  </InlineStack>
                ) : null}
              </BlockStack>
            </Card>
            <Card>
              <adder.Form method="post">
                <input type="hidden" name="intent" value="add" />
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Add a member
                  </Text>
                  <FormLayout>
                    <TextField
                      label="First name"
                      name="firstName"
                      value={member.firstName}
                      onChange={(v) => setMember({ ...member, firstName: v })}
                      error={addErrors.firstName}
                      autoComplete="off"
                    />
                    <TextField
                      label="Last name"
                      name="lastName"
                      value={member.lastName}
                      onChange={(v) => setMember({ ...member, lastName: v })}
                      error={addErrors.lastName}
                      autoComplete="off"
                    />
                    <TextField
                      label="Email"
                      name="email"
                      type="email"
                      value={member.email}
                      onChange={(v) => setMember({ ...member, email: v })}
                      error={addErrors.email}
                      autoComplete="off"
                    />
                    <TextField
                      label="Handle"
                      name="handle"
                      value={member.handle}
                      onChange={(v) => setMember({ ...member, handle: v })}
                      error={addErrors.handle}
                      autoComplete="off"
                      placeholder="@creator"
                    />
                  </FormLayout>
                  <InlineStack align="end">
                    <Button submit loading={adder.state !== "idle"}>
                      Add member
                    </Button>
                  </InlineStack>
                </BlockStack>
              </adder.Form>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Import from CSV
                </Text>
                <Text as="p" tone="subdued" variant="bodySm">
                  Columns: first_name, last_name, email, handle (first row). Existing members (same email) are added to this project.
                </Text>
                <DropZone
                  accept=".csv,text/csv"
                  type="file"
                  allowMultiple={false}
                  label="Members CSV"
                  labelHidden
                  onDropAccepted={async ([file]) => {
                    if (!file) return;
                    setFileVersion((v) => v + 1);
                    setCsv({ name: file.name, text: await file.text() });
                  }}
                >
                  {csv ? (
                    <Box padding="400">
                      <Text as="p" alignment="center">
                        {csv.name}
                      </Text>
                    </Box>
                  ) : (
                    <DropZone.FileUpload actionHint="Accepts .csv" />
                  )}
                </DropZone>
                {imported && !imported.ok ? (
                  <Banner
                    tone="critical"
                    title={
                      imported.fileError
                        ? "The file can't be imported"
                        : `${imported.rows.length} row${imported.rows.length === 1 ? " has" : "s have"} problems. Nothing was imported.`
                    }
                  >
                    {imported.fileError ? (
                      <p>{imported.fileError}</p>
                    ) : (
                      <List>
                        {imported.rows.slice(0, 20).map((r) => (
                          <List.Item key={r.row}>{`Row ${r.row}: ${r.errors.join(" ")}`}</List.Item>
                        ))}
                      </List>
                    )}
                  </Banner>
                ) : null}
                {imported?.ok && imported.skipped ? <Banner tone="info">{`${imported.skipped} row${imported.skipped === 1 ? " was" : "s were"} skipped.`}</Banner> : null}
                <InlineStack align="end" gap="200">
                  {imported && !imported.ok && !imported.fileError && (imported.valid ?? 0) > 0 && csv ? (
                    <Button
                      onClick={() => {
                        setSubmittedVersion(fileVersion);
                        importer.submit({ intent: "import", csv: csv.text, validRowsOnly: "true" }, { method: "post" });
                      }}
                    >{`Import the ${imported.valid} valid rows`}</Button>
                  ) : null}
                  <Button
                    variant="primary"
                    disabled={!csv}
                    loading={importer.state !== "idle"}
                    onClick={() => {
                      if (!csv) return;
                      setSubmittedVersion(fileVersion);
                      importer.submit({ intent: "import", csv: csv.text, validRowsOnly: "false" }, { method: "post" });
                    }}
                  >
                    Import
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}
