// The leak watch's forms (R35): the action on a flag. An unknown intent is a 400 (the route).
import { z } from "zod";
import { MAX_DISMISS_REASON } from "./rules";

export const leakActionForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("refresh") }),
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("dismiss"), reason: z.string().max(MAX_DISMISS_REASON, `Keep the reason under ${MAX_DISMISS_REASON} characters.`).default("") }),
]);
