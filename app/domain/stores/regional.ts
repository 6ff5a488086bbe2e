// The regional store owner's view (R42, R1a, R11): how a connected store reads what another store
// syncs into it. Pure rules; app/services/regional.server.ts feeds them from the database.

/** What the regional owner chooses for the codes that live in their store when a link ends. */
export const REVOKE_CHOICES = ["KEEP", "DEACTIVATE"] as const;
export type RevokeChoice = (typeof REVOKE_CHOICES)[number];

export function isRevokeChoice(value: unknown): value is RevokeChoice {
  return (REVOKE_CHOICES as readonly unknown[]).includes(value);
}

/** A code's state in one store, as the sync engine records it (StoreCode.state). */
export type StoreCodeStateHere = "PENDING" | "SYNCED" | "FAILED" | "DEACTIVATED";

export type HereTone = "success" | "info" | "attention" | "critical" | "warning" | undefined;

export interface CodeHere {
  label: "Active" | "Scheduled" | "Expired" | "Deactivated here" | "Being created" | "Failed here";
  tone: HereTone;
}

/**
 * How a code reads in the store it lives in: what a checkout there would do with it now. A code
 * synced here works between its dates; one deactivated here (by the primary store's bulk action,
 * its usage limit, or this store's own revoke) does not, whatever it does elsewhere.
 */
export function codeHere(code: { state: string; startsAt: Date; endsAt: Date | null }, now = new Date()): CodeHere {
  switch (code.state as StoreCodeStateHere) {
    case "DEACTIVATED":
      return { label: "Deactivated here", tone: undefined };
    case "PENDING":
      return { label: "Being created", tone: "info" };
    case "FAILED":
      return { label: "Failed here", tone: "critical" };
    default:
      if (code.endsAt && code.endsAt <= now) return { label: "Expired", tone: undefined };
      if (code.startsAt > now) return { label: "Scheduled", tone: "info" };
      return { label: "Active", tone: "success" };
  }
}

/** Where a store that syncs into this one stands, from this store's side. */
export type LinkSituation = "SYNCING" | "PAUSED" | "PRIMARY_UNINSTALLED" | "UNLINKED_BY_PRIMARY" | "REVOKED_HERE";

export function linkSituation(args: { status: string; syncEnabled: boolean; primaryUninstalledAt: Date | null; revokedHere: boolean }): LinkSituation {
  if (args.revokedHere) return "REVOKED_HERE";
  if (args.status === "CONNECTED") return args.syncEnabled ? "SYNCING" : "PAUSED";
  // A link ends as DISCONNECTED when either side uninstalls (R11); the primary's side is the one
  // whose codes this store would otherwise lose track of.
  if (args.primaryUninstalledAt) return "PRIMARY_UNINSTALLED";
  return "UNLINKED_BY_PRIMARY";
}

/** One sentence for the banner of a store that syncs (or synced) into this one. */
export function describeSituation(situation: LinkSituation, primary: string, opts: { since?: string | null; choice?: RevokeChoice | null } = {}): string {
  const since = opts.since ? ` on ${opts.since}` : "";
  switch (situation) {
    case "SYNCING":
      return `Managed in ${primary}: offers, codes and discount values are edited there and synced into this store.`;
    case "PAUSED":
      return `Managed in ${primary}, which has paused syncing new offers into this store. Existing codes keep working here.`;
    case "PRIMARY_UNINSTALLED":
      return `${primary} uninstalled Creator Codes${since}. Its codes stay in this store exactly as they are until you decide what happens to them (Stores › Stores that sync into this one).`;
    case "UNLINKED_BY_PRIMARY":
      return `${primary} unlinked this store${since}. Its codes stay in this store as they are until you decide what happens to them.`;
    case "REVOKED_HERE":
      return opts.choice === "DEACTIVATE"
        ? `You revoked ${primary}'s access${since} and deactivated its codes in this store. They still work in ${primary}.`
        : `You revoked ${primary}'s access${since} and kept its codes here: they keep working in this store, and nothing syncs them any more.`;
  }
}

/** What revoking does, shown before the regional owner confirms (R1a, R42). */
export function revokeConsequences(args: { primary: string; offers: number; codesLive: number; choice: RevokeChoice; linkLive: boolean }): string[] {
  const one = args.codesLive === 1;
  const codes = `${args.codesLive} code${one ? "" : "s"}`;
  const lines = args.linkLive
    ? [`${args.primary} can no longer create, change or deactivate codes in this store, and orders here stop counting for its creators from now on.`]
    : [`${args.primary} is no longer connected; this records your decision for the codes it left here.`];
  lines.push(
    args.choice === "DEACTIVATE"
      ? `The ${codes} of ${args.offers} offer${args.offers === 1 ? "" : "s"} that ${one ? "works" : "work"} in this store now ${one ? "is" : "are"} deactivated here only. ${one ? "It keeps" : "They keep"} working in ${args.primary} and any other store.`
      : `The ${codes} that ${one ? "works" : "work"} in this store now ${one ? "keeps" : "keep"} working here as ${one ? "it is" : "they are"}. You can deactivate ${one ? "it" : "them"} here later.`,
  );
  lines.push(`${args.primary} is told, and both stores' audit logs record who did it.`);
  return lines;
}

export type SyncHealthTone = "success" | "attention" | "critical";

/** An offer's sync health in this store: failures first, then work under way. */
export function syncHealth(args: { pending: number; failed: number; lastSyncedAt: Date | null }): { tone: SyncHealthTone; label: string } {
  if (args.failed > 0) return { tone: "critical", label: `${args.failed} failed${args.pending > 0 ? ` · ${args.pending} pending` : ""}` };
  if (args.pending > 0) return { tone: "attention", label: `${args.pending} pending` };
  return { tone: "success", label: args.lastSyncedAt ? "In sync" : "Nothing synced yet" };
}
