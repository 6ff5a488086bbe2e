import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { getMemberProfile } from "~/services/members.server";
import { formatDay } from "~/components/list-params";
import { requireAdmin } from "~/services/request-context.server";
import { idParam } from "~/services/forms.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const profile = await getMemberProfile(db, shop, idParam(params.id, "Member"));
  if (!profile) throw new Response("Member not found", { status: 404 });
  return profile;
}

const day = (iso: string | null) => formatDay(iso);

export default function MemberProfile() {
  const { member, projects, offers } = useLoaderData<typeof loader>();
  return (
    <Page title={member.name} subtitle={member.email} secondaryActions={[{ content: "Performance", url: `/app/members/${member.id}/dashboard` }, { content: "Conversions", url: `/app/conversions?memberId=${member.id}` }]} backAction={{ content: "Projects", url: projects[0] ? `/app/projects/${projects[0].id}` : "/app/projects" }}>
      <Layout>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Profile
              </Text>
              {member.handle ? <Text as="p">{member.handle}</Text> : null}
              <Text as="p" tone="subdued">
                Projects: {projects.map((p) => p.name).join(", ") || "none"}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="400">
            {offers.length === 0 ? (
              <Card>
                <Text as="p" tone="subdued">
                  Not in any offer yet.
                </Text>
              </Card>
            ) : (
              offers.map((o) => (
                <Card key={o.offerId}>
                  <BlockStack gap="200">
                    <InlineStack gap="200" blockAlign="center">
                      <Link to={`/app/offers/${o.offerId}`}>
                        <Text as="h3" variant="headingMd">
                          {o.offerName}
                        </Text>
                      </Link>
                      <Badge tone={o.status === "ACTIVE" ? "success" : undefined}>{o.status.toLowerCase()}</Badge>
                    </InlineStack>
                    <DataTable
                      columnContentTypes={["text", "text", "text", "text"]}
                      headings={["Code", "", "Status", "Active dates"]}
                      rows={o.codes.map((c) => [c.code, c.current ? "current" : "past", c.status.toLowerCase(), `${day(c.startsAt)} – ${day(c.endsAt)}`])}
                    />
                  </BlockStack>
                </Card>
              ))
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
