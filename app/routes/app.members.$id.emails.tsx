// Sent emails of a member (R18), across offers, with their delivery status.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Layout } from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { EmailMessages } from "~/components/email-messages";
import { listMessages } from "~/services/emails.server";
import { findMemberName } from "~/services/members.server";
import { pageParam, requireAdmin } from "~/services/request-context.server";
import { idParam } from "~/services/forms.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const member = await findMemberName(db, shop, idParam(params.id, "Member"));
  if (!member) throw new Response("Member not found", { status: 404 });
  return { member, list: await listMessages(db, shop, { memberId: member.id }, pageParam(new URL(request.url))) };
}

export default function MemberEmails() {
  const { member, list } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const page = (n: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(n));
    setParams(next);
  };
  return (
    <AppPage title="Emails" subtitle={member.name} backAction={{ content: member.name, url: `/app/members/${member.id}` }}>
      <Layout>
        <Layout.Section>
          <EmailMessages data={list} show="member" onPage={page} />
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}
