import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BlockStack, Button, Card, Link, EmptyState, IndexTable, InlineStack, Layout, Text, TextField } from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { useState } from "react";
import { createProject, listProjects } from "~/services/members.server";
import { requireAdmin } from "~/services/request-context.server";
import { formFields, readForm, refused } from "~/services/forms.server";
import { fieldMessages } from "~/domain/input/fields";
import { projectForm } from "~/domain/input/route-forms";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  return { projects: await listProjects(db, shop) };
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
  const { projects } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const [name, setName] = useState("");
  return (
    <AppPage title="Projects" subtitle="Groups of creators you work with; members join offers from here.">
      <Layout>
        <Layout.Section>
          <Card padding="0">
            {projects.length === 0 ? (
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
