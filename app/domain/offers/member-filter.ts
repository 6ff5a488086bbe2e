// The offer's member table filters (R23–R25 bulk actions act on what they match): the code's
// status, overall or in one store.
export const MEMBER_CODE_FILTERS = ["ACTIVE", "DEACTIVATED", "PENDING", "FAILED"] as const;
export type MemberCodeFilter = (typeof MEMBER_CODE_FILTERS)[number];

export const isMemberCodeFilter = (value: string | null | undefined): value is MemberCodeFilter => (MEMBER_CODE_FILTERS as readonly string[]).includes(value ?? "");

/** A code's state in one store, for a status filter applied to that store. */
export const STATE_IN_STORE: Record<MemberCodeFilter, string> = { ACTIVE: "SYNCED", DEACTIVATED: "DEACTIVATED", PENDING: "PENDING", FAILED: "FAILED" };
