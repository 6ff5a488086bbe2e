// A project's "Manage offers" (R20, R23–R26): for the selected members, choose one of the offers
// connected to the project now that they belong to, then refresh, activate or deactivate their
// codes in it. Members not in that offer are left out, and the merchant is told how many.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, ChoiceList, InlineStack, Layout, Text } from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { useState } from "react";
import { requireAdmin } from "~/services/request-context.server";
import { idParam, formFields, readForm, refused } from "~/services/forms.server";
import { projectOfferChoices, projectSelectionInOffer, resolveProjectSelection, type ProjectSelection } from "~/services/manage-offers.server";
import { changeCodeStatus, previewCodeStatusChange } from "~/services/code-status.server";
import { useCodeStatusModal, type CodeStatusPreview } from "~/components/code-status-modal";

import { ID, idList } from "~/domain/input/fields";

/** The selection, as the project page sends it: `members=a,b` or `all=1`. */
function selectionOf(params: URLSearchParams | Record<string, string | undefined>): ProjectSelection {
  const get = (k: string) => (params instanceof URLSearchParams ? params.get(k) : params[k]) ?? "";
  if (get("all") === "1") return { all: true };
  return { ids: idList(get("members")) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const projectId = idParam(params.id, "Project");
  const url = new URL(request.url);
  const memberIds = await resolveProjectSelection(db, projectId, selectionOf(url.searchParams));
  const offers = await projectOfferChoices(db, shop, projectId, memberIds);
  if (!offers) throw new Response("Project not found", { status: 404 });
  return { projectId, selected: memberIds.length, offers, query: url.searchParams.toString() };
}

export type ManageActionResult = { preview: CodeStatusPreview & { offerId: string } } | { error: string } | { done: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const projectId = idParam(params.id, "Project");
  const form = formFields(await readForm(request));
  const intent = form.intent;
  if (intent !== "activate" && intent !== "deactivate") throw new Response("Unknown action", { status: 400 });
  const offerId = ID.test(form.offerId ?? "") ? form.offerId! : "";
  const memberIds = await resolveProjectSelection(db, projectId, selectionOf(form));
  // R26: only an offer connected to the project now; only the selected members who are in it.
  const inOffer = offerId ? await projectSelectionInOffer(db, shop, projectId, offerId, memberIds) : null;
  if (!inOffer) return refused<ManageActionResult>({ error: "Choose one of the offers connected to this project." });
  if (!inOffer.offerMemberIds.length) return refused<ManageActionResult>({ error: "None of the selected members is in this offer." });
  const req = { shop, actor, offerId, offerMemberIds: inOffer.offerMemberIds, target: intent === "activate" ? ("ACTIVE" as const) : ("DEACTIVATED" as const) };
  if (form.confirm !== "true") {
    const preview = await previewCodeStatusChange(db, req);
    if (!preview) return refused<ManageActionResult>({ error: "This offer does not exist in this store." });
    return { preview: { intent, ...preview, outside: inOffer.outside, offerId } } satisfies ManageActionResult;
  }
  const result = await changeCodeStatus(db, req);
  if (!result.ok) return refused<ManageActionResult>({ error: result.error });
  if (result.jobId) return redirect(`/app/jobs/${result.jobId}`);
  return { done: `Nothing to ${intent}: every chosen code is already ${intent === "activate" ? "active" : "deactivated"}.` } satisfies ManageActionResult;
}

type Choice = "refresh" | "activate" | "deactivate";

export default function ManageOffers() {
  const { projectId, selected, offers, query } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const fetcher = useFetcher<typeof action>();
  const [offerId, setOfferId] = useState(offers[0]?.id ?? "");
  const [choice, setChoice] = useState<Choice>("refresh");
  const selection = Object.fromEntries(new URLSearchParams(query));
  const { answer: result, modal } = useCodeStatusModal(
    fetcher,
    (r) => ("preview" in r && r.preview ? r.preview : null),
    (p) => ({ offerId: p.offerId, ...selection }),
  );
  const offer = offers.find((o) => o.id === offerId);
  const go = () => {
    if (choice === "refresh") {
      const params = new URLSearchParams({ ...selection, project: projectId, back: `/app/projects/${projectId}` });
      navigate(`/app/offers/${offerId}/refresh?${params.toString()}`);
    } else fetcher.submit({ intent: choice, offerId, ...selection }, { method: "post" });
  };
  const n = (k: number) => `${k.toLocaleString("en-US")} member${k === 1 ? "" : "s"}`;

  return (
    <AppPage title="Manage offers" subtitle={`${n(selected)} selected`} backAction={{ content: "Project", url: `/app/projects/${projectId}` }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result && "error" in result ? <Banner tone="critical">{result.error}</Banner> : null}
            {result && "done" in result ? <Banner tone="info">{result.done}</Banner> : null}
            {offers.length === 0 ? (
              <Banner tone="warning" title="No offer to manage">
                <p>None of the offers connected to this project has any of the selected members. Connect an offer on the project page, or add these members to one.</p>
              </Banner>
            ) : (
              <>
                <Card>
                  <ChoiceList
                    title="Offer"
                    choices={offers.map((o) => ({
                      label: o.name,
                      value: o.id,
                      helpText: `${n(o.members)} of your selection in this offer${o.outside ? ` · ${n(o.outside)} not in it will be left out` : ""}`,
                    }))}
                    selected={[offerId]}
                    onChange={([v]) => setOfferId(v ?? "")}
                  />
                </Card>
                <Card>
                  <ChoiceList
                    title="Action"
                    choices={[
                      { label: "Refresh codes", value: "refresh", helpText: "Give each member a new code name (or recreate the current one to reset its usage)." },
                      { label: "Activate codes", value: "activate", helpText: "Deactivated codes work again in every store. Active codes are left alone." },
                      { label: "Deactivate codes", value: "deactivate", helpText: "Codes stop working in every store. The members stay in the offer." },
                    ]}
                    selected={[choice]}
                    onChange={([v]) => setChoice((v as Choice) ?? "refresh")}
                  />
                </Card>
                <InlineStack align="end" gap="200">
                  <Button url={`/app/projects/${projectId}`}>Cancel</Button>
                  <Button variant="primary" disabled={!offer} loading={fetcher.state !== "idle"} onClick={go}>
                    {offer ? `Continue with ${n(offer.members)}` : "Continue"}
                  </Button>
                </InlineStack>
                {offer ? (
                  <Text as="p" tone="subdued">
                    {choice === "refresh" ? "You will review the new code of each member before anything changes." : "You will confirm before anything changes. No email is sent."}
                  </Text>
                ) : null}
              </>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
      {modal}
    </AppPage>
  );
}
