// The add-members wizard's state (R17): the step, the chosen projects and members (kept across
// pages and searches), the proposed codes as edited, the batch's dates, and what the action
// answered (proposals, or a refused generation that sends the merchant back to the step to fix).
import { useActionData, useFetcher, useNavigation, useSubmit } from "@remix-run/react";
import { useIndexResourceState } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import type { GenerationResult, listCandidates, proposeCodesForMembers } from "~/services/generation.server";

export type Step = "projects" | "members" | "codes" | "dates" | "review";
export const STEPS: Step[] = ["projects", "members", "codes", "dates", "review"];
export const STEP_TITLES: Record<Step, string> = {
  projects: "Choose projects",
  members: "Choose members",
  codes: "Review codes",
  dates: "Set active dates",
  review: "Review and generate",
};

export type CandidateList = Awaited<ReturnType<typeof listCandidates>>;
export type ProposedCode = Awaited<ReturnType<typeof proposeCodesForMembers>>[number];
/** What the route's action answers: proposals for the chosen members, or a refused generation. */
export type AddMembersAnswer = { proposals: ProposedCode[] } | { generation: Extract<GenerationResult, { ok: false }> };

export interface WizardOffer {
  id: string;
  name: string;
  datesMode: string;
  startsAt: string;
  endsAt: string;
}

/** Each row's own problem with the codes as typed (empty, spaces, twice), before the server's. */
export function codeErrors(codes: { code: string }[]): Record<number, string> {
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
}

export function useAddMembersWizard({
  offer,
  projectIds: initialProjectIds,
  candidates,
  preselected,
}: {
  offer: WizardOffer;
  projectIds: string[];
  candidates: CandidateList | null;
  preselected: string[];
}) {
  const actionData = useActionData<AddMembersAnswer>();
  const proposer = useFetcher<AddMembersAnswer>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const candidatesFetcher = useFetcher<{ candidates: CandidateList | null }>();

  const [step, setStep] = useState<Step>(candidates ? "members" : "projects");
  const [projectIds, setProjectIds] = useState<string[]>(initialProjectIds);
  const [query, setQuery] = useState("");
  const [codes, setCodes] = useState<ProposedCode[]>([]);
  const [startsAt, setStartsAt] = useState(offer.startsAt);
  const [endsAt, setEndsAt] = useState(offer.endsAt);

  const list = candidatesFetcher.data?.candidates ?? candidates;
  const rows = list?.members ?? [];
  const selection = useIndexResourceState(rows, { selectedResources: preselected });
  const { selectedResources } = selection;
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
  const itemErrors: Record<number, string> = generation && !generation.ok ? generation.itemErrors : {};
  const fieldErrors = (generation && !generation.ok && generation.fieldErrors) || {};
  const localErrors = useMemo(() => codeErrors(codes), [codes]);
  const perCode = offer.datesMode === "PER_CODE";

  return {
    step,
    setStep,
    projectIds,
    setProjectIds,
    query,
    setQuery,
    codes,
    setCodes,
    dates: { startsAt, setStartsAt, endsAt, setEndsAt, perCode },
    candidates: { list, rows, loading: candidatesFetcher.state === "loading", load: loadCandidates, selection },
    chosen,
    propose: {
      busy: proposer.state !== "idle",
      send: () => proposer.submit({ intent: "propose", memberIds: JSON.stringify([...chosen.keys()]) }, { method: "post" }),
      error: proposalError,
    },
    generation,
    itemErrors,
    fieldErrors,
    localErrors,
    generating: navigation.state === "submitting",
    generate: () =>
      submit(
        {
          intent: "generate",
          items: JSON.stringify(codes.map((c) => ({ memberId: c.memberId, code: c.code }))),
          startsAt: perCode ? startsAt : "",
          endsAt: perCode ? endsAt : "",
          projectIds: JSON.stringify(projectIds),
        },
        { method: "post" },
      ),
  };
}

export type AddMembersWizard = ReturnType<typeof useAddMembersWizard>;
