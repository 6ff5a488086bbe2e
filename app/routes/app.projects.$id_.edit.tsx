// A project's settings (issue 21): rename it (R35, a message per field) and archive it after a
// confirmation, or unarchive it. Nothing of its members, codes or conversions is deleted.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Layout, Modal, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { AppPage } from "~/components/app-page";
import { useFormat } from "~/components/format";
import { formFields, idParam, readForm, refused } from "~/services/forms.server";
import { projectSettings, renameProject, setProjectArchived } from "~/services/project-edits.server";
import { requireAdmin } from "~/services/request-context.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const project = await projectSettings(db, shop, idParam(params.id, "Project"));
  if (!project) throw new Response("Project not found", { status: 404 });
  return { project };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const projectId = idParam(params.id, "Project");
  const form = formFields(await readForm(request));
  if (form.intent === "rename") {
    const result = await renameProject(db, { shop, actor, projectId, name: form.name });
    return result.ok ? redirect(`/app/projects/${projectId}?saved=renamed`) : refused({ errors: result.errors });
  }
  if (form.intent === "archive" || form.intent === "unarchive") {
    const archived = form.intent === "archive";
    const result = await setProjectArchived(db, { shop, actor, projectId, archived });
    if (!result.ok) return refused({ errors: result.errors }, 409);
    return redirect(archived ? "/app/projects?saved=archived" : `/app/projects/${projectId}?saved=unarchived`);
  }
  throw new Response("Unknown action", { status: 400 });
}

export default function ProjectSettings() {
  const { project } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const format = useFormat();
  const [name, setName] = useState(project.name);
  const [confirming, setConfirming] = useState(false);
  const busy = navigation.state !== "idle";
  const errors: { name?: string; form?: string } = data?.errors ?? {};
  const members = `${project.members.toLocaleString("en-US")} member${project.members === 1 ? "" : "s"}`;
  return (
    <AppPage title={`Edit ${project.name}`} backAction={{ content: project.name, url: `/app/projects/${project.id}` }}>
      <Layout>
        {errors.form ? (
          <Layout.Section>
            <Banner tone="critical">{errors.form}</Banner>
          </Layout.Section>
        ) : null}
        <Layout.AnnotatedSection title="Name" description="The name shown in Projects and when you add members to an offer.">
          <Card>
            <Form method="post">
              <input type="hidden" name="intent" value="rename" />
              <BlockStack gap="300">
                <TextField label="Project name" name="name" value={name} onChange={setName} error={errors.name} autoComplete="off" maxLength={100} showCharacterCount />
                <InlineStack align="end">
                  <Button submit variant="primary" loading={busy && navigation.formData?.get("intent") === "rename"} disabled={name === project.name}>
                    Save name
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title={project.archivedAt ? "Archived" : "Archive"}
          description="Archiving hides the project from Projects and from the projects you add members to offers from. Nothing is deleted."
        >
          <Card>
            <BlockStack gap="300">
              {project.archivedAt ? (
                <>
                  <Text as="p">{`Archived on ${format.dateTime(project.archivedAt)}. Its ${members} and their codes are unchanged.`}</Text>
                  <InlineStack align="end">
                    <Button loading={busy} onClick={() => submit({ intent: "unarchive" }, { method: "post" })}>
                      Unarchive project
                    </Button>
                  </InlineStack>
                </>
              ) : (
                <>
                  <Text as="p">{`${members}, connected to ${project.offers} offer${project.offers === 1 ? "" : "s"}.`}</Text>
                  <InlineStack align="end">
                    <Button tone="critical" onClick={() => setConfirming(true)}>
                      Archive project
                    </Button>
                  </InlineStack>
                </>
              )}
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Archive ${project.name}?`}
        primaryAction={{ content: "Archive project", destructive: true, loading: busy, onAction: () => submit({ intent: "archive" }, { method: "post" }) }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirming(false) }]}
      >
        <Modal.Section>
          <BlockStack gap="200">
            <Text as="p">The project leaves Projects and can&apos;t be chosen when you add members to an offer.</Text>
            <Text as="p">{`Nothing is deleted: its ${members} stay, with their codes, offers, conversions and payouts. Codes keep working.`}</Text>
            <Text as="p" tone="subdued">
              Find it under Projects › Show: Archived, and unarchive it there.
            </Text>
          </BlockStack>
        </Modal.Section>
      </Modal>
    </AppPage>
  );
}
