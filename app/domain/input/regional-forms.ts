// The regional store owner's actions (R42, R35): revoke a store that syncs into this one (keep or
// deactivate its codes here), or, in the primary store, dismiss the notice that a store did so.
import { z } from "zod";
import { idField } from "./fields";
import { REVOKE_CHOICES } from "../stores/regional";

export const regionalStoresForm = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("revoke"),
      linkId: idField("This store does not sync into yours."),
      choice: z.enum(REVOKE_CHOICES, { errorMap: () => ({ message: "Choose whether its codes are kept or deactivated in this store." }) }),
    }),
    z.object({ intent: z.literal("dismiss"), revocationId: idField("This notice is no longer shown.") }),
  ],
  { errorMap: () => ({ message: "Unknown action." }) },
);
