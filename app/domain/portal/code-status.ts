// How a member reads a code's state in the portal (R23–R25, R20 as the member sees them).

export type PortalCodeStatus = "Active" | "Scheduled" | "Ended" | "Deactivated" | "Being set up" | "Not available" | "Replaced";

export function portalCodeStatus(
  args: {
    code: { status: string; current: boolean; startsAt: Date; endsAt: Date | null };
    membership: { status: string };
    offer: { startsAt: Date; endsAt: Date | null; archivedAt: Date | null };
  },
  now: Date,
): PortalCodeStatus {
  const { code, membership, offer } = args;
  if (!code.current || code.status === "RETIRED") return "Replaced";
  if (membership.status === "DEACTIVATED" || code.status === "DEACTIVATED") return "Deactivated";
  if (code.status === "FAILED") return "Not available";
  if (code.status === "PENDING") return "Being set up";
  if (offer.archivedAt) return "Ended";
  const ends = [code.endsAt, offer.endsAt].filter((d): d is Date => d !== null);
  if (ends.some((d) => d <= now)) return "Ended";
  if (code.startsAt > now || offer.startsAt > now) return "Scheduled";
  return "Active";
}

/** Whether the member is offered a copy button: the code works now or will. */
export function isUsable(status: PortalCodeStatus): boolean {
  return status === "Active" || status === "Scheduled";
}
