// Sent emails of an offer (R18): every message with its delivery status; after a send, that
// send's messages first (?batch=), with how many were queued and skipped.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Layout } from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { EmailMessages } from "~/components/email-messages";
import { ID } from "~/domain/input/fields";
import { listMessages } from "~/services/emails.server";
import { findOfferSummary } from "~/services/offer-pages.server";
import { pageParam, requireAdmin } from "~/services/request-context.server";
import { idParam } from "~/services/forms.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const offer = await findOfferSummary(db, shop, idParam(params.id, "Offer"));
  if (!offer) throw new Response("Offer not found", { status: 404 });
  const url = new URL(request.url);
  const batch = url.searchParams.get("batch");
  const batchId = batch && ID.test(batch) ? batch : undefined;
  const list = await listMessages(db, shop, { offerId: offer.id, batchId }, pageParam(url));
  return { offer: { id: offer.id, name: offer.name }, batchId: batchId ?? null, list };
}

export default function OfferEmails() {
  const { offer, batchId, list } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const queued = Number(params.get("queued") ?? 0);
  const skipped = Number(params.get("skipped") ?? 0);
  const page = (n: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(n));
    setParams(next);
  };
  return (
    <AppPage
      title="Sent emails"
      subtitle={offer.name}
      backAction={{ content: offer.name, url: `/app/offers/${offer.id}` }}
      primaryAction={{ content: "Email members", url: `/app/offers/${offer.id}/email` }}
      secondaryActions={batchId ? [{ content: "All of this offer's emails", url: `/app/offers/${offer.id}/emails` }] : []}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {batchId && queued ? (
              <Banner tone="success" title={`${queued} email${queued === 1 ? "" : "s"} queued`}>
                <p>
                  {`They are sent in the background; the statuses below update as the SMTP server answers.${skipped ? ` ${skipped} member${skipped === 1 ? " was" : "s were"} skipped (no email address or no code).` : ""}`}
                </p>
              </Banner>
            ) : null}
            <EmailMessages data={list} show="offer" onPage={page} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}
