// Adding members to an offer (R17): projects → members with no code in this offer → review and
// edit each proposed code → active dates → review → generate. One route; each step is a component
// in app/components/add-members/, the wizard's state the useAddMembersWizard hook.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, InlineStack, Layout, ProgressBar } from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { STEP_TITLES, STEPS, useAddMembersWizard } from "~/components/add-members/wizard";
import { ProjectsStep } from "~/components/add-members/projects-step";
import { MembersStep } from "~/components/add-members/members-step";
import { CodesStep } from "~/components/add-members/codes-step";
import { DatesStep } from "~/components/add-members/dates-step";
import { ReviewStep } from "~/components/add-members/review-step";
import { generateCodesForMembers, listCandidates, proposeCodesForMembers } from "~/services/generation.server";
import { listProjects } from "~/services/members.server";
import { pageParam, requireAdmin, searchParam } from "~/services/request-context.server";
import { findOfferSummary } from "~/services/offer-pages.server";
import { formFields, idParam, readForm, refused } from "~/services/forms.server";
import { fieldMessages, ID } from "~/domain/input/fields";
import { addMembersForm } from "~/domain/input/route-forms";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const offer = await findOfferSummary(db, shop, idParam(params.id, "Offer"));
  if (!offer) throw new Response("Offer not found", { status: 404 });
  const url = new URL(request.url);
  const preselected = url.searchParams.getAll("member").filter((id) => ID.test(id));
  const projects = await listProjects(db, shop);
  // Retrying failed members: look in every project for them.
  let projectIds = url.searchParams.getAll("project").filter((id) => ID.test(id));
  if (preselected.length && projectIds.length === 0) projectIds = projects.map((p) => p.id);
  const candidates = projectIds.length ? await listCandidates(db, shop, offer.id, projectIds, { query: searchParam(url), page: pageParam(url), pageSize: 100 }) : null;
  return {
    offer: {
      id: offer.id,
      name: offer.name,
      datesMode: offer.datesMode,
      kind: offer.kind,
      startsAt: offer.startsAt.toISOString().slice(0, 10),
      endsAt: offer.endsAt?.toISOString().slice(0, 10) ?? "",
    },
    projects,
    projectIds,
    candidates,
    preselected,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const offer = await findOfferSummary(db, shop, idParam(params.id, "Offer"));
  if (!offer) throw new Response("Offer not found", { status: 404 });
  // R35: the JSON fields and dates are checked by a schema before anything is read or written.
  const parsed = addMembersForm.safeParse(formFields(await readForm(request)));
  if (!parsed.success) {
    const messages = fieldMessages(parsed.error);
    const fieldErrors: { startsAt?: string; endsAt?: string } = {};
    if (messages.startsAt) fieldErrors.startsAt = messages.startsAt;
    if (messages.endsAt) fieldErrors.endsAt = messages.endsAt;
    const formError = messages.intent ?? messages.memberIds ?? messages.items ?? (Object.keys(fieldErrors).length ? undefined : Object.values(messages)[0]);
    return refused({ generation: { ok: false as const, formError, itemErrors: {} as Record<number, string>, fieldErrors } }, messages.intent ? 400 : 422);
  }
  const input = parsed.data;
  if (input.intent === "propose") return { proposals: await proposeCodesForMembers(db, shop, offer.id, input.memberIds) };
  const result = await generateCodesForMembers(db, {
    shop,
    actor,
    offerId: offer.id,
    items: input.items,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    projectIds: input.projectIds,
  });
  if (!result.ok) return refused({ generation: result });
  return redirect(`/app/jobs/${result.jobId}`);
}

export default function AddMembers() {
  const { offer, projects, projectIds, candidates, preselected } = useLoaderData<typeof loader>();
  const w = useAddMembersWizard({ offer, projectIds, candidates, preselected });
  const stepIndex = STEPS.indexOf(w.step);
  const formError = w.generation && !w.generation.ok ? w.generation.formError : undefined;

  return (
    <AppPage title="Add members" subtitle={offer.name} backAction={{ content: offer.name, url: `/app/offers/${offer.id}` }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="200">
            <InlineStack gap="200">
              {STEPS.map((s, i) => (
                <Badge key={s} tone={i === stepIndex ? "info" : i < stepIndex ? "success" : undefined}>{`${i + 1}. ${STEP_TITLES[s]}`}</Badge>
              ))}
            </InlineStack>
            <ProgressBar progress={((stepIndex + 1) / STEPS.length) * 100} size="small" />
          </BlockStack>
        </Layout.Section>
        {formError ? (
          <Layout.Section>
            <Banner tone="critical">{formError}</Banner>
          </Layout.Section>
        ) : null}
        {w.propose.error ? (
          <Layout.Section>
            <Banner tone="critical">{w.propose.error}</Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          {w.step === "projects" ? <ProjectsStep wizard={w} projects={projects} /> : null}
          {w.step === "members" ? <MembersStep wizard={w} /> : null}
          {w.step === "codes" ? <CodesStep wizard={w} /> : null}
          {w.step === "dates" ? <DatesStep wizard={w} offer={offer} /> : null}
          {w.step === "review" ? <ReviewStep wizard={w} offer={offer} /> : null}
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}
