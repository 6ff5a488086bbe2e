import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { getMemberProfile } from "~/services/members.server";
import { formatDay } from "~/components/list-params";
import { PortalLinkCard } from "~/components/portal-link-card";
import { requireAdmin } from "~/services/request-context.server";
import { formFields, idParam, readForm, refused } from "~/services/forms.server";
import { issuePortalLink, memberPortalLink, revokePortalLinks } from "~/services/portal.server";
import { portalLinkForm } from "~/domain/input/portal-form";
import { fieldMessages } from "~/domain/input/fields";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const memberId = idParam(params.id, "Member");
  const profile = await getMemberProfile(db, shop, memberId);
  if (!profile) throw new Response("Member not found", { status: 404 });
  return { ...profile, portal: await memberPortalLink(db, shop, memberId) };
}

export type PortalActionResult = { ok: true; intent: "portal-issue" | "portal-revoke" } | { ok: false; error: string };

/** R31: issue the member's portal link (revoking the live one) with an optional expiry, or revoke it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const memberId = idParam(params.id, "Member");
  const parsed = portalLinkForm.safeParse(formFields(await readForm(request)));
  if (!parsed.success) {
    const messages = fieldMessages(parsed.error);
    if (messages.intent) throw new Response("Unknown action", { status: 400 });
    return refused<PortalActionResult>({ ok: false, error: Object.values(messages)[0] ?? "Check the form and try again." });
  }
  const input = parsed.data;
  const done =
    input.intent === "portal-issue"
      ? await issuePortalLink(db, { shop, actor, memberId, expiresInDays: input.expiresInDays })
      : await revokePortalLinks(db, { shop, actor, memberId });
  if (!done) throw new Response("Member not found", { status: 404 });
  return { ok: true, intent: input.intent } satisfies PortalActionResult;
}

const day = (iso: string | null) => formatDay(iso);

export default function MemberProfile() {
  const { member, projects, offers, portal } = useLoaderData<typeof loader>();
  return (
    <Page title={member.name} subtitle={member.email} secondaryActions={[{ content: "Performance", url: `/app/members/${member.id}/dashboard` }]} backAction={{ content: "Projects", url: projects[0] ? `/app/projects/${projects[0].id}` : "/app/projects" }}>
      <Layout>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
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
            <PortalLinkCard portal={portal} memberName={member.name} />
          </BlockStack>
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
