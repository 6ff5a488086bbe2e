// Edit a member (#21): name, email, handle; a message per field (R35); focus moves to the first
// field with an error; audited (R36).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { AppPage } from "~/components/app-page";
import { formFields, idParam, readForm, refused } from "~/services/forms.server";
import { getMemberForEdit, updateMember } from "~/services/member-edits.server";
import { requireAdmin } from "~/services/request-context.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const member = await getMemberForEdit(db, shop, idParam(params.id, "Member"));
  if (!member) throw new Response("Member not found", { status: 404 });
  return member;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const memberId = idParam(params.id, "Member");
  const result = await updateMember(db, { shop, actor, memberId, input: formFields(await readForm(request)) });
  if (result.ok) return redirect(`/app/members/${memberId}`);
  return refused({ errors: result.errors });
}

const FIELDS = ["firstName", "lastName", "email", "handle"] as const;

export default function EditMember() {
  const member = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Partial<Record<string, string>> = data?.errors ?? {};
  const submitting = useNavigation().state === "submitting";
  const [values, setValues] = useState({ firstName: member.firstName, lastName: member.lastName, email: member.email, handle: member.handle });
  const set = (k: keyof typeof values) => (v: string) => setValues((x) => ({ ...x, [k]: v }));
  // After a refused save, the first field with a message gets the focus.
  useEffect(() => {
    const first = FIELDS.find((k) => errors[k]);
    if (first) document.getElementById(`member-${first}`)?.focus();
  }, [data]); // eslint-disable-line react-hooks/exhaustive-deps
  const name = `${member.firstName} ${member.lastName}`.trim();
  return (
    <AppPage title={`Edit ${name}`} backAction={{ content: name, url: `/app/members/${member.id}` }}>
      <Layout>
        <Layout.Section>
          <Form method="post">
            <Card>
              <BlockStack gap="400">
                {errors.form ? <Banner tone="critical">{errors.form}</Banner> : null}
                <FormLayout>
                  <FormLayout.Group>
                    <TextField
                      id="member-firstName"
                      name="firstName"
                      label="First name"
                      value={values.firstName}
                      onChange={set("firstName")}
                      error={errors.firstName}
                      autoComplete="off"
                    />
                    <TextField
                      id="member-lastName"
                      name="lastName"
                      label="Last name"
                      value={values.lastName}
                      onChange={set("lastName")}
                      error={errors.lastName}
                      autoComplete="off"
                    />
                  </FormLayout.Group>
                  <TextField
                    id="member-email"
                    name="email"
                    label="Email"
                    type="email"
                    value={values.email}
                    onChange={set("email")}
                    error={errors.email}
                    autoComplete="off"
                    helpText="Where the member's codes and portal link are emailed."
                  />
                  <TextField
                    id="member-handle"
                    name="handle"
                    label="Handle"
                    value={values.handle}
                    onChange={set("handle")}
                    error={errors.handle}
                    autoComplete="off"
                    helpText="Letters, digits, _ . and -, for example @anna.lee"
                  />
                </FormLayout>
                <InlineStack align="end" gap="200">
                  <Button url={`/app/members/${member.id}`}>Cancel</Button>
                  <Button submit variant="primary" loading={submitting}>
                    Save
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </Form>
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}
