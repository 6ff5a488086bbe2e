import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { BlockStack, Box, Button, Card, Link, EmptyState, IndexTable, InlineStack, Layout, Select, Text, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { AppPage } from "~/components/app-page";
import { useEffect, useState } from "react";
import { createProject, listProjects } from "~/services/members.server";
import { requireAdmin } from "~/services/request-context.server";
import { formFields, readForm, refused } from "~/services/forms.server";
import { fieldMessages } from "~/domain/input/fields";
import { projectForm } from "~/domain/input/route-forms";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const archived = new URL(request.url).searchParams.get("view") === "archived";
  return { projects: await listProjects(db, shop, { archived }), archived };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const parsed = projectForm.safeParse(formFields(await readForm(request)));
  if (!parsed.success) return refused({ errors: fieldMessages(parsed.error) as { name?: string } });
  const result = await createProject(db, { shop, actor, name: parsed.data.name });
  if (!result.ok) return refused({ errors: result.errors });
  return redirect(`/app/projects/${result.project.id}`);
}

export default function Projects() {
  const { projects, archived } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const [name, setName] = useState("");
  const shopify = useAppBridge();
  const [params, setParams] = useSearchParams();
  useEffect(() => {
    if (params.get("saved") !== "archived") return;
    shopify.toast.show("Project archived");
    const next = new URLSearchParams(params);
    next.delete("saved");
    setParams(next, { replace: true });
  }, [params, setParams, shopify]);
  const view = (
    <Box padding="300">
      <Select
        label="Show"
        labelInline
        options={[
          { label: "Current projects", value: "" },
          { label: "Archived", value: "archived" },
        ]}
        value={archived ? "archived" : ""}
        onChange={(v) => setParams(v ? { view: v } : {})}
      />
    </Box>
  );
  return (
    <AppPage title="Projects" subtitle="Groups of creators you work with; members join offers from here.">
      <Layout>
        <Layout.Section>
          <Card padding="0">
            {view}
            {projects.length === 0 && archived ? (
              <Box padding="400">
                <Text as="p" tone="subdued">
                  No archived projects.
                </Text>
              </Box>
            ) : projects.length === 0 ? (
              <EmptyState heading="No projects yet" image="">
                <p>Create a project, then add its members by hand or from a CSV file.</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "project", plural: "projects" }}
                itemCount={projects.length}
                selectable={false}
                headings={[{ title: "Project" }, { title: "Members", alignment: "end" }]}
              >
                {projects.map((p, i) => (
                  <IndexTable.Row id={p.id} key={p.id} position={i}>
                    <IndexTable.Cell>
                      <Link url={`/app/projects/${p.id}`} monochrome removeUnderline dataPrimaryLink>
                        <Text as="span" fontWeight="semibold">
                          {p.name}
                        </Text>
                      </Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {p.members}
                      </Text>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <Form method="post">
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  New project
                </Text>
                <TextField label="Project name" name="name" value={name} onChange={setName} error={data?.errors?.name} autoComplete="off" />
                <InlineStack align="end">
                  <Button submit variant="primary" loading={navigation.state === "submitting"}>
                    Create project
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}
