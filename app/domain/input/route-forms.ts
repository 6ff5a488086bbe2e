// The forms that route actions accept (R35), as schemas: what the add-members, projects and
// stores pages send. The offer form has its own parser (domain/offers/offer-input.ts).
import { z } from "zod";
import { dateField, idField, jsonField, text } from "./fields";
import { MEMBER_CODE_FILTERS } from "../offers/member-filter";

/** At most this many members in one proposal or generation (the service's own limit). */
export const MAX_MEMBERS_PER_REQUEST = 10_000;
const DATE = (which: string) => dateField(`Enter a real ${which} date between 2000 and 2100, like 2026-12-01.`);

export const addMembersForm = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("propose"),
      memberIds: jsonField(
        z
          .array(idField("One of the chosen members does not exist."), { invalid_type_error: "The chosen members could not be read. Choose them again." })
          .max(MAX_MEMBERS_PER_REQUEST, `Choose at most ${MAX_MEMBERS_PER_REQUEST.toLocaleString("en-US")} members at a time.`),
        "The chosen members could not be read. Choose them again.",
      ),
    }),
    z.object({
      intent: z.literal("generate"),
      items: jsonField(
        z
          .array(
            z.object({
              memberId: idField("One of the members does not exist in this store."),
              code: z
                .string({ invalid_type_error: "Enter a code for every member.", required_error: "Enter a code for every member." })
                .max(10_000, "Codes can be at most 255 characters."),
            }),
            { invalid_type_error: "The reviewed codes could not be read. Review them again." },
          )
          .max(MAX_MEMBERS_PER_REQUEST, `Generate at most ${MAX_MEMBERS_PER_REQUEST.toLocaleString("en-US")} codes at a time.`),
        "The reviewed codes could not be read. Review them again.",
      ),
      startsAt: DATE("start"),
      endsAt: DATE("end"),
      // The projects the members were chosen from: the offer is connected to them (R26).
      projectIds: jsonField(z.array(idField("One of the chosen projects does not exist.")).max(1000), "The chosen projects could not be read.").optional(),
    }),
  ],
  { errorMap: () => ({ message: "Unknown action." }) },
);

export const projectForm = z.object({ name: text({ label: "the project name", required: "Enter a project name.", min: 1, max: 100 }) });

/** The members CSV travels as text in the form: up to 5 MB (10,000 rows fit easily). */
export const MAX_CSV_CHARS = 5_000_000;
export const importMembersForm = z.object({
  csv: z
    .string({ required_error: "Choose a CSV file.", invalid_type_error: "Choose a CSV file." })
    .min(1, "Choose a CSV file.")
    .max(MAX_CSV_CHARS, "The file is larger than 5 MB. Split it into smaller files."),
  validRowsOnly: z.enum(["true", "false"]).default("false"),
});

const LABEL = text({ label: "the label", required: "Enter a label of 1 to 50 characters.", max: 50 });
export const storesForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("create-code") }),
    z.object({
      intent: z.literal("connect"),
      code: z.string({ required_error: "Enter the link code." }).max(100, "Enter the link code exactly as shown in the other store, like CCL-ABCD-EFGH-JKLM."),
      label: LABEL.default(""),
    }),
    z.object({ intent: z.literal("label"), linkId: idField("This store is not connected to yours."), label: LABEL }),
    z.object({
      intent: z.literal("toggle"),
      linkId: idField("This store is not connected to yours."),
      syncEnabled: z.enum(["true", "false"], { errorMap: () => ({ message: "Turn sync on or off." }) }),
    }),
    z.object({ intent: z.literal("unlink"), linkId: idField("No such link.") }),
  ],
  { errorMap: () => ({ message: "Unknown action." }) },
);

/** The offer page's actions: retry failed sync, or activate / deactivate chosen members' codes. */
export const offerPageForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("retry") }),
    z.object({
      intent: z.enum(["activate", "deactivate"]),
      members: z.union([
        z.literal("ALL"),
        jsonField(
          z
            .array(idField("One of the chosen members is not in this offer."), { invalid_type_error: "The chosen members could not be read. Choose them again." })
            .min(1, "Choose at least one member.")
            .max(MAX_MEMBERS_PER_REQUEST, `Choose at most ${MAX_MEMBERS_PER_REQUEST.toLocaleString("en-US")} members at a time.`),
          "The chosen members could not be read. Choose them again.",
        ),
      ]),
      confirm: z.enum(["true", "false"]).default("false"),
      // With "ALL": the table's filters, so "select all N matching" acts on what they match.
      q: z.string().max(200, "The search is too long.").optional(),
      status: z.enum(MEMBER_CODE_FILTERS).optional(),
      store: z.string().max(255).optional(),
    }),
  ],
  { errorMap: () => ({ message: "Unknown action." }) },
);

/** The refresh page (R20, R21): a new name per chosen member. */
export const refreshForm = z.object({
  items: jsonField(
    z
      .array(
        z.object({
          offerMemberId: idField("One of the members is not in this offer."),
          code: z
            .string({ invalid_type_error: "Enter a code for every member.", required_error: "Enter a code for every member." })
            .max(10_000, "Codes can be at most 255 characters."),
        }),
        { invalid_type_error: "The new codes could not be read. Review them again." },
      )
      .min(1, "Choose at least one member.")
      .max(MAX_MEMBERS_PER_REQUEST, `Refresh at most ${MAX_MEMBERS_PER_REQUEST.toLocaleString("en-US")} codes at a time.`),
    "The new codes could not be read. Review them again.",
  ),
});

/** The payouts statement page (issue 14): close the month, export its CSV, mark it paid. */
export const payoutsForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("close") }),
    z.object({ intent: z.literal("export") }),
    z.object({ intent: z.literal("paid"), reference: text({ label: "the payment reference", required: "Enter the payment's reference.", min: 1, max: 200 }) }),
  ],
  { errorMap: () => ({ message: "Unknown action." }) },
);

/** The conversions list (issue 14, R41): exclude an order's conversion from payouts, with a reason. */
export const conversionsForm = z.object({
  intent: z.literal("exclude", { errorMap: () => ({ message: "Unknown action." }) }),
  conversionId: idField("This conversion does not exist."),
  reason: text({ label: "the reason", required: "Say why the order is excluded.", min: 1, max: 500 }),
});
