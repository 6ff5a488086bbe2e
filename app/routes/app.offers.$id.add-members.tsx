// Adding members to an offer (R17): projects → members with no code in this offer → review and
// edit each proposed code → active dates → review → generate. One route; each step is a view.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useFetcher, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Pagination,
  ProgressBar,
  Text,
  TextField,
  useIndexResourceState,
} from "@shopify/polaris";
import { AppPage } from "~/components/app-page";
import { useEffect, useMemo, useState } from "react";
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

type Step = "projects" | "members" | "codes" | "dates" | "review";
const STEPS: Step[] = ["projects", "members", "codes", "dates", "review"];
const STEP_TITLES: Record<Step, string> = {
  projects: "Choose projects",
  members: "Choose members",
  codes: "Review codes",
  dates: "Set active dates",
  review: "Review and generate",
};

export default function AddMembers() {
  const { offer, projects, projectIds: initialProjectIds, candidates, preselected } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const proposer = useFetcher<typeof action>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const candidatesFetcher = useFetcher<typeof loader>();

  const [step, setStep] = useState<Step>(candidates ? "members" : "projects");
  const [projectIds, setProjectIds] = useState<string[]>(initialProjectIds);
  const [query, setQuery] = useState("");
  const [codes, setCodes] = useState<{ memberId: string; name: string; email: string; code: string }[]>([]);
  const [startsAt, setStartsAt] = useState(offer.startsAt);
  const [endsAt, setEndsAt] = useState(offer.endsAt);

  const list = candidatesFetcher.data?.candidates ?? candidates;
  const rows = list?.members ?? [];
  const { selectedResources, allResourcesSelected, handleSelectionChange } = useIndexResourceState(rows, { selectedResources: preselected });
  const [chosen, setChosen] = useState<Map<string, string>>(() => new Map(rows.filter((r) => preselected.includes(r.id)).map((r) => [r.id, r.name])));
  useEffect(() => {
    // Keep selections across pages and searches.
    setChosen((prev) => {
      const next = new Map(prev);
      for (const r of rows) {
        if (selectedResources.includes(r.id)) next.set(r.id, r.name);
        else next.delete(r.id);
      }
      return next;
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedResources]);

  const loadCandidates = (ids: string[], q = "", page = 1) => {
    const params = new URLSearchParams();
    ids.forEach((id) => params.append("project", id));
    if (q) params.set("q", q);
    params.set("page", String(page));
    candidatesFetcher.load(`/app/offers/${offer.id}/add-members?${params}`);
  };
  useEffect(() => {
    if (proposer.data && "proposals" in proposer.data) {
      setCodes(proposer.data.proposals ?? []);
      setStep("codes");
    }
  }, [proposer.data]);

  const generation = actionData && "generation" in actionData ? actionData.generation : null;
  const proposalError = proposer.data && "generation" in proposer.data && !proposer.data.generation.ok ? proposer.data.generation.formError : undefined;
  useEffect(() => {
    if (generation && !generation.ok)
      setStep(Object.keys(generation.itemErrors).length ? "codes" : generation.fieldErrors && Object.keys(generation.fieldErrors).length ? "dates" : "review");
  }, [generation]);
  const itemErrors = generation && !generation.ok ? generation.itemErrors : {};
  const fieldErrors = (generation && !generation.ok && generation.fieldErrors) || {};

  const stepIndex = STEPS.indexOf(step);
  const generating = navigation.state === "submitting";
  const selectedCount = chosen.size;
  const perCode = offer.datesMode === "PER_CODE";
  const localErrors = useMemo(() => {
    const seen = new Map<string, number>();
    const out: Record<number, string> = {};
    codes.forEach((c, i) => {
      const key = c.code.trim().toUpperCase();
      if (!key) out[i] = "Enter a code.";
      else if (/\s/.test(key)) out[i] = "Codes can't contain spaces.";
      else if (seen.has(key)) out[i] = `Same code as row ${seen.get(key)! + 1}.`;
      else seen.set(key, i);
    });
    return out;
  }, [codes]);

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
        {generation && !generation.ok && generation.formError ? (
          <Layout.Section>
            <Banner tone="critical">{generation.formError}</Banner>
          </Layout.Section>
        ) : null}
        {proposalError ? (
          <Layout.Section>
            <Banner tone="critical">{proposalError}</Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          {step === "projects" ? (
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Which projects are the members in?
                </Text>
                {projects.length === 0 ? (
                  <Banner tone="warning" action={{ content: "Create a project", url: "/app/projects" }}>
                    You have no projects yet. Create one and add members to it first.
                  </Banner>
                ) : (
                  projects.map((p) => (
                    <Checkbox
                      key={p.id}
                      label={`${p.name} (${p.members} members)`}
                      checked={projectIds.includes(p.id)}
                      onChange={(on) => setProjectIds((ids) => (on ? [...ids, p.id] : ids.filter((x) => x !== p.id)))}
                    />
                  ))
                )}
                <InlineStack align="end">
                  <Button
                    variant="primary"
                    disabled={projectIds.length === 0}
                    onClick={() => {
                      loadCandidates(projectIds);
                      setStep("members");
                    }}
                  >
                    Confirm projects
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          ) : null}

          {step === "members" ? (
            <Card padding="0">
              <Box padding="300">
                <BlockStack gap="200">
                  <Text as="p" tone="subdued">
                    Only members without a code in this offer are listed. {list ? `${list.total} available.` : ""}
                  </Text>
                  <TextField
                    label="Search members"
                    labelHidden
                    placeholder="Search members"
                    value={query}
                    onChange={(v) => {
                      setQuery(v);
                      loadCandidates(projectIds, v);
                    }}
                    autoComplete="off"
                  />
                </BlockStack>
              </Box>
              <IndexTable
                resourceName={{ singular: "member", plural: "members" }}
                itemCount={rows.length}
                selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
                onSelectionChange={handleSelectionChange}
                headings={[{ title: "Member" }, { title: "Email" }, { title: "Handle" }]}
                loading={candidatesFetcher.state === "loading"}
              >
                {rows.map((m, i) => (
                  <IndexTable.Row id={m.id} key={m.id} position={i} selected={selectedResources.includes(m.id)}>
                    <IndexTable.Cell>
                      <Text as="span" fontWeight="semibold">
                        {m.name}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{m.email}</IndexTable.Cell>
                    <IndexTable.Cell>{m.handle}</IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
              <Box padding="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Pagination
                    hasPrevious={(list?.page ?? 1) > 1}
                    hasNext={(list?.page ?? 1) < (list?.pages ?? 1)}
                    onPrevious={() => loadCandidates(projectIds, query, (list?.page ?? 1) - 1)}
                    onNext={() => loadCandidates(projectIds, query, (list?.page ?? 1) + 1)}
                  />
                  <InlineStack gap="200">
                    <Button onClick={() => setStep("projects")}>Back</Button>
                    <Button
                      variant="primary"
                      disabled={selectedCount === 0}
                      loading={proposer.state !== "idle"}
                      onClick={() => proposer.submit({ intent: "propose", memberIds: JSON.stringify([...chosen.keys()]) }, { method: "post" })}
                    >
                      {`Review ${selectedCount} code${selectedCount === 1 ? "" : "s"}`}
                    </Button>
                  </InlineStack>
                </InlineStack>
              </Box>
            </Card>
          ) : null}

          {step === "codes" ? (
            <Card padding="0">
              <Box padding="300">
                <Text as="p" tone="subdued">
                  Codes proposed by the offer&apos;s naming strategy. Edit any of them before generating.
                </Text>
              </Box>
              <IndexTable resourceName={{ singular: "code", plural: "codes" }} itemCount={codes.length} selectable={false} headings={[{ title: "Member" }, { title: "Code" }]}>
                {codes.map((c, i) => (
                  <IndexTable.Row id={c.memberId} key={c.memberId} position={i}>
                    <IndexTable.Cell>
                      <BlockStack>
                        <Text as="span" fontWeight="semibold">
                          {c.name}
                        </Text>
                        <Text as="span" variant="bodySm" tone="subdued">
                          {c.email}
                        </Text>
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <TextField
                        label={`Code for ${c.name}`}
                        labelHidden
                        value={c.code}
                        onChange={(v) => setCodes((all) => all.map((x, j) => (j === i ? { ...x, code: v.toUpperCase() } : x)))}
                        error={localErrors[i] ?? itemErrors[i]}
                        autoComplete="off"
                      />
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
              <Box padding="300">
                <InlineStack align="end" gap="200">
                  <Button onClick={() => setStep("members")}>Back</Button>
                  <Button variant="primary" disabled={Object.keys(localErrors).length > 0} onClick={() => setStep("dates")}>
                    Set active dates
                  </Button>
                </InlineStack>
              </Box>
            </Card>
          ) : null}

          {step === "dates" ? (
            <Card>
              <BlockStack gap="300">
                {perCode ? (
                  <InlineGrid columns={2} gap="400">
                    <TextField label="Start date" type="date" value={startsAt} onChange={setStartsAt} error={fieldErrors.startsAt} autoComplete="off" />
                    <TextField label="End date" type="date" value={endsAt} onChange={setEndsAt} error={fieldErrors.endsAt} autoComplete="off" helpText="Optional." />
                  </InlineGrid>
                ) : (
                  <Banner tone="info">
                    This offer uses unified dates: every code is active from {offer.startsAt} {offer.endsAt ? `to ${offer.endsAt}` : "with no end date"}. Change them by editing the
                    offer.
                  </Banner>
                )}
                <InlineStack align="end" gap="200">
                  <Button onClick={() => setStep("codes")}>Back</Button>
                  <Button variant="primary" onClick={() => setStep("review")}>
                    Review
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          ) : null}

          {step === "review" ? (
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {`Generate ${codes.length} promo code${codes.length === 1 ? "" : "s"}`}
                </Text>
                <Text as="p">
                  {`Codes for ${codes
                    .slice(0, 5)
                    .map((c) => `${c.name} (${c.code})`)
                    .join(
                      ", ",
                    )}${codes.length > 5 ? ` and ${codes.length - 5} more` : ""}, active ${perCode ? startsAt : offer.startsAt} – ${(perCode ? endsAt : offer.endsAt) || "no end date"}.`}
                </Text>
                <InlineStack align="end" gap="200">
                  <Button onClick={() => setStep("dates")}>Back</Button>
                  <Button
                    variant="primary"
                    loading={generating}
                    onClick={() =>
                      submit(
                        {
                          intent: "generate",
                          items: JSON.stringify(codes.map((c) => ({ memberId: c.memberId, code: c.code }))),
                          startsAt: perCode ? startsAt : "",
                          endsAt: perCode ? endsAt : "",
                          projectIds: JSON.stringify(projectIds),
                        },
                        { method: "post" },
                      )
                    }
                  >
                    Generate promo codes
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          ) : null}
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}
