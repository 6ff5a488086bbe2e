// Settings › Stores, regional side (R1a, R42): the stores that sync into this one, with what each
// manages here and "Revoke" (keep or deactivate its codes here); in a primary store, the notices
// that a connected store revoked its access. Data for app/components/regional/stores-syncing-in.tsx.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { dismissRevocation, revocationsToTell, revokeIncoming, storesSyncingInto } from "~/services/regional.server";
import { requireAdmin } from "~/services/request-context.server";
import { formFields, readForm, refused } from "~/services/forms.server";
import { fieldMessages } from "~/domain/input/fields";
import { regionalStoresForm } from "~/domain/input/regional-forms";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const [incoming, told] = await Promise.all([storesSyncingInto(db, shop), revocationsToTell(db, shop)]);
  return { incoming, told };
}

export type RegionalStoresAction = { intent: "revoke"; ok: true; codes: number; choice: "KEEP" | "DEACTIVATE" } | { intent: "dismiss"; ok: true } | { ok: false; error: string };

export async function action({ request }: ActionFunctionArgs) {
  const { db, shop, actor } = await requireAdmin(request);
  const form = formFields(await readForm(request));
  const parsed = regionalStoresForm.safeParse(form);
  if (!parsed.success) {
    const messages = fieldMessages(parsed.error);
    if (messages.intent) throw new Response("Unknown action", { status: 400 });
    return refused<RegionalStoresAction>({ ok: false, error: Object.values(messages)[0] ?? "Check the form and try again." });
  }
  const input = parsed.data;
  if (input.intent === "dismiss") {
    const r = await dismissRevocation(db, { shop, actor, id: input.revocationId });
    return r.ok ? ({ intent: "dismiss", ok: true } satisfies RegionalStoresAction) : refused<RegionalStoresAction>({ ok: false, error: r.error });
  }
  const r = await revokeIncoming(db, { store: shop, actor, linkId: input.linkId, choice: input.choice });
  return r.ok
    ? ({ intent: "revoke", ok: true, codes: r.codes, choice: input.choice } satisfies RegionalStoresAction)
    : refused<RegionalStoresAction>({ ok: false, error: r.error });
}
