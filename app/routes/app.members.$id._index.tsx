import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Layout, Text } from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { changeCodeStatus, previewCodeStatusChange } from "~/services/code-status.server";
import { useCodeStatusModal, type CodeStatusPreview } from "~/components/code-status-modal";
import { getMemberProfile } from "~/services/members.server";
import { useFormat } from "~/components/format";
import { PortalLinkCard } from "~/components/portal-link-card";
import { requireAdmin } from "~/services/request-context.server";
import { formFields, idParam, readForm, refused } from "~/services/forms.server";
import { issuePortalLink, memberPortalLink, revokePortalLinks } from "~/services/portal.server";
import { portalLinkForm } from "~/domain/input/portal-form";
import { fieldMessages, ID } from "~/domain/input/fields";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const memberId = idParam(params.id, "Member");
  const profile = await getMemberProfile(db, shop, memberId);
  if (!profile) throw new Response("Member not found", { status: 404 });
  return { ...profile, portal: await memberPortalLink(db, shop, memberId) };
}

export type PortalActionResult = { ok: true; intent: "portal-issue" | "portal-revoke" } | { ok: false; error: string };

/** The member page's actions: the portal link (R31), or one offer's code status (R23–R25). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const memberId = idParam(params.id, "Member");
  const form = formFields(await readForm(request));
  if (form.intent === "activate" || form.intent === "deactivate") return codeStatusAction({ db, shop, actor, memberId, form });
  return portalAction({ db, shop, actor, memberId, form });
}

type Ctx = Pick<Awaited<ReturnType<typeof requireAdmin>>, "db" | "shop" | "actor"> & { memberId: string; form: Record<string, string> };

/** R31: issue the member's portal link (revoking the live one) with an optional expiry, or revoke it. */
async function portalAction({ db, shop, actor, memberId, form }: Ctx) {
  const parsed = portalLinkForm.safeParse(form);
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

export type MemberActionResult = { preview: CodeStatusPreview & { offerId: string; offerMemberId: string } } | { error: string } | { done: string };

/** One member's "Manage offers" (R23–R25): activate or deactivate their code in one offer, confirmed first. */
async function codeStatusAction({ db, shop, actor, memberId, form }: Ctx) {
  if (form.intent !== "activate" && form.intent !== "deactivate") throw new Response("Unknown action", { status: 400 });
  const profile = await getMemberProfile(db, shop, memberId);
  const membership = profile?.offers.find((o) => ID.test(form.offerMemberId ?? "") && o.offerMemberId === form.offerMemberId);
  if (!membership) return refused<MemberActionResult>({ error: "This member is not in that offer." });
  const req = {
    shop,
    actor,
    offerId: membership.offerId,
    offerMemberIds: [membership.offerMemberId],
    target: form.intent === "activate" ? ("ACTIVE" as const) : ("DEACTIVATED" as const),
  };
  if (form.confirm !== "true") {
    const preview = await previewCodeStatusChange(db, req);
    if (!preview) return refused<MemberActionResult>({ error: "This offer does not exist in this store." });
    return { preview: { intent: form.intent, ...preview, offerId: membership.offerId, offerMemberId: membership.offerMemberId } } satisfies MemberActionResult;
  }
  const result = await changeCodeStatus(db, req);
  if (!result.ok) return refused<MemberActionResult>({ error: result.error });
  if (result.jobId) return redirect(`/app/jobs/${result.jobId}`);
  return { done: "Nothing to change: the code is already in that status." } satisfies MemberActionResult;
}

export default function MemberProfile() {
  const format = useFormat();
  // A code's start and end are calendar days; its replacement is a moment (decision 150).
  const day = (iso: string | null) => format.calendarDay(iso);
  const { member, projects, offers, portal } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const { answer: result, modal } = useCodeStatusModal(
    fetcher,
    (r) => ("preview" in r && r.preview ? r.preview : null),
    (p) => ({ offerMemberId: p.offerMemberId }),
  );
  const ask = (intent: "activate" | "deactivate", offerMemberId: string) => fetcher.submit({ intent, offerMemberId }, { method: "post" });
  return (
    <AppPage
      title={member.name}
      subtitle={member.email}
      secondaryActions={[
        { content: "Edit", url: `/app/members/${member.id}/edit` },
        { content: "Audit log", url: `/app/audit?member=${member.id}` },
        { content: "Performance", url: `/app/members/${member.id}/dashboard` },
        { content: "Conversions", url: `/app/conversions?memberId=${member.id}` },
        { content: "Emails", url: `/app/members/${member.id}/emails` },
      ]}
      backAction={{ content: "Projects", url: projects[0] ? `/app/projects/${projects[0].id}` : "/app/projects" }}
    >
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
            {result && "error" in result ? <Banner tone="critical">{result.error}</Banner> : null}
            {result && "done" in result ? <Banner tone="info">{result.done}</Banner> : null}
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
                    <InlineStack gap="200" blockAlign="center" align="space-between">
                      <InlineStack gap="200" blockAlign="center">
                        <Link to={`/app/offers/${o.offerId}`}>
                          <Text as="h3" variant="headingMd">
                            {o.offerName}
                          </Text>
                        </Link>
                        <Badge tone={o.status === "ACTIVE" ? "success" : undefined}>{o.status.toLowerCase()}</Badge>
                      </InlineStack>
                      <InlineStack gap="200" blockAlign="center">
                        <Link to={`/app/offers/${o.offerId}/email?members=${member.id}`}>Email this member</Link>
                        {o.currentStatus === "ACTIVE" ? (
                          <>
                            <Button size="slim" url={`/app/offers/${o.offerId}/refresh?members=${o.offerMemberId}&back=/app/members/${member.id}`}>
                              Refresh code
                            </Button>
                            <Button size="slim" onClick={() => ask("deactivate", o.offerMemberId)}>
                              Deactivate
                            </Button>
                          </>
                        ) : null}
                        {o.currentStatus === "DEACTIVATED" ? (
                          <Button size="slim" onClick={() => ask("activate", o.offerMemberId)}>
                            Activate
                          </Button>
                        ) : null}
                      </InlineStack>
                    </InlineStack>
                    <DataTable
                      columnContentTypes={["text", "text", "text", "text"]}
                      headings={["Code", "", "Status", "Active dates"]}
                      rows={o.codes.map((c) => [
                        c.code,
                        c.role,
                        c.status.toLowerCase(),
                        c.retiredAt ? `${day(c.startsAt)} – replaced ${format.day(c.retiredAt)}` : `${day(c.startsAt)} – ${day(c.endsAt)}`,
                      ])}
                    />
                  </BlockStack>
                </Card>
              ))
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
      {modal}
    </AppPage>
  );
}
