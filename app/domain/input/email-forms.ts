// What the email pages accept (R18, R35): who a compose is for (from the URL), the compose form,
// the settings' test message.
import { z } from "zod";
import { EMAIL_KINDS, type EmailKind } from "~/domain/email/template";
import { EMAIL_ADDRESS } from "~/domain/email/delivery";
import { ID } from "./fields";

export const MAX_EMAIL_RECIPIENTS = 10_000;

export interface ComposeSelection {
  memberIds?: string[];
  offerMemberIds?: string[];
  all?: boolean;
  jobId?: string;
}

const ids = (value: string | null) =>
  (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => ID.test(s))
    .slice(0, MAX_EMAIL_RECIPIENTS);

/**
 * The compose route's URL: `?members=<member ids, comma-separated>` or `?members=ALL`,
 * `?offerMembers=<the offer table's row ids>`, `?job=<job id>` (the members the job touched);
 * none of them means every member of the offer. `?kind=` picks the default template.
 * Ids that cannot exist are dropped (and counted as not in the offer).
 */
export function parseComposeParams(params: URLSearchParams): { selection: ComposeSelection; kind: EmailKind; invalid: number } {
  const kindParam = (params.get("kind") ?? "").toUpperCase().replace(/-/g, "_");
  const kind = (EMAIL_KINDS as readonly string[]).includes(kindParam) ? (kindParam as EmailKind) : "NEW_CODE";
  const job = params.get("job");
  if (job && ID.test(job)) return { selection: { jobId: job }, kind, invalid: 0 };
  const membersParam = params.get("members");
  const offerMembersParam = params.get("offerMembers");
  if ((!membersParam && !offerMembersParam) || membersParam === "ALL") return { selection: { all: true }, kind, invalid: 0 };
  const memberIds = ids(membersParam);
  const offerMemberIds = ids(offerMembersParam);
  const given = [membersParam, offerMembersParam].flatMap((v) => (v ? v.split(",").filter((s) => s.trim()) : [])).length;
  return { selection: { memberIds, offerMemberIds }, kind, invalid: Math.max(0, given - memberIds.length - offerMemberIds.length) };
}

export const composeForm = z.object({
  intent: z.literal("send", { errorMap: () => ({ message: "Unknown action." }) }),
  kind: z.enum(EMAIL_KINDS, { errorMap: () => ({ message: "Choose what the email is about." }) }),
  subject: z.string({ required_error: "Enter a subject." }).max(10_000, "Keep the subject to 200 characters or fewer."),
  body: z.string({ required_error: "Enter the message." }).max(100_000, "Keep the message to 20,000 characters or fewer."),
});

export const emailSettingsIntent = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("save") }).passthrough(),
    z.object({
      intent: z.literal("test"),
      to: z
        .string({ required_error: "Enter the address to send the test to." })
        .trim()
        .max(254, "Keep the address to 254 characters.")
        .refine((v) => EMAIL_ADDRESS.test(v), "Enter a valid address, like you@example.com."),
    }),
  ],
  { errorMap: () => ({ message: "Unknown action." }) },
);
