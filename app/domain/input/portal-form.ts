// The member page's portal-link actions (R31, R35): issue (first link, or revoke and issue a new
// one) with an optional expiry, or revoke.
import { z } from "zod";
import { PORTAL_EXPIRY_DAYS, type PortalExpiryDays } from "~/domain/portal/secret";

const expiry = z
  .string({ invalid_type_error: "Choose when the link expires." })
  .default("0")
  .refine((v): v is `${PortalExpiryDays}` => (PORTAL_EXPIRY_DAYS as readonly number[]).map(String).includes(v), "Choose when the link expires.")
  .transform((v) => Number(v) as PortalExpiryDays);

export const portalLinkForm = z.discriminatedUnion(
  "intent",
  [z.object({ intent: z.literal("portal-issue"), expiresInDays: expiry }), z.object({ intent: z.literal("portal-revoke") })],
  { errorMap: () => ({ message: "Unknown action." }) },
);
