// The audit log's filters (R36, #21): read from the URL, checked (R35), and turned into the
// bounds the service queries. Dates are days in the shop's timezone.
import { ID, parseCalendarDate } from "~/domain/input/fields";

export interface AuditFilter {
  offerId?: string;
  memberId?: string;
  actor?: string;
  action?: string;
  /** First day included, YYYY-MM-DD in the shop's timezone. */
  from?: string;
  /** Last day included. */
  to?: string;
}

export interface ParsedAuditFilter {
  filter: AuditFilter;
  /** One message per field that was ignored. */
  errors: Partial<Record<keyof AuditFilter, string>>;
}

const ACTION = /^[a-z_]+(\.[a-z_]+)*$/;
const ACTOR = /^[A-Za-z0-9_:.@-]{1,100}$/;

export function parseAuditFilter(params: URLSearchParams): ParsedAuditFilter {
  const filter: AuditFilter = {};
  const errors: ParsedAuditFilter["errors"] = {};
  const get = (k: string) => (params.get(k) ?? "").trim();
  const offer = get("offer");
  if (offer) {
    if (ID.test(offer)) filter.offerId = offer;
    else errors.offerId = "That offer does not exist.";
  }
  const member = get("member");
  if (member) {
    if (ID.test(member)) filter.memberId = member;
    else errors.memberId = "That member does not exist.";
  }
  const actor = get("actor");
  if (actor) {
    if (ACTOR.test(actor)) filter.actor = actor;
    else errors.actor = "Choose who made the change from the list.";
  }
  const action = get("kind");
  if (action) {
    if (action.length <= 64 && ACTION.test(action)) filter.action = action;
    else errors.action = "Choose a kind of change from the list.";
  }
  for (const key of ["from", "to"] as const) {
    const v = get(key);
    if (!v) continue;
    if (parseCalendarDate(v)) filter[key] = v;
    else errors[key] = "Enter a date as YYYY-MM-DD, for example 2026-11-01.";
  }
  if (filter.from && filter.to && filter.from > filter.to) {
    errors.to = "The “to” date is before the “from” date. Choose a “to” date on or after it.";
    delete filter.to;
  }
  return { filter, errors };
}

/** Milliseconds the zone is ahead of UTC at `at`. */
function zoneOffset(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The moment a day (YYYY-MM-DD) starts in a timezone. */
export function startOfDayIn(day: string, timeZone: string): Date {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  let t = midnightUtc - zoneOffset(new Date(midnightUtc), timeZone);
  // Once more, for a day whose offset differs from the guess's (a DST change near midnight).
  t = midnightUtc - zoneOffset(new Date(t), timeZone);
  return new Date(t);
}

/** [from, until) of the filter's days in the shop's timezone. */
export function auditBounds(filter: AuditFilter, timeZone: string): { gte?: Date; lt?: Date } {
  const bounds: { gte?: Date; lt?: Date } = {};
  if (filter.from) bounds.gte = startOfDayIn(filter.from, timeZone);
  if (filter.to) {
    const next = new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    bounds.lt = startOfDayIn(next, timeZone);
  }
  return bounds;
}

/** "user:123" → "Staff member 123"; the app's own work and Shopify's by name. */
export function actorLabel(actor: string): string {
  if (actor === "app") return "Creator Codes (automatic)";
  if (actor === "shopify") return "Shopify";
  const user = /^user:(.+)$/.exec(actor);
  if (user) return `Staff member ${user[1]}`;
  return actor;
}

const ACTION_LABELS: Record<string, string> = {
  "offer.create": "Offer created",
  "offer.update": "Offer edited",
  "offer.archive": "Offer archived",
  "offer.unarchive": "Offer unarchived",
  "codes.generate": "Codes generated",
  "codes.refresh": "Codes refreshed",
  "codes.activate": "Codes activated",
  "codes.deactivate": "Codes deactivated",
  "code.usage_limit": "Usage limit reached",
  "conversion.exclude": "Conversion excluded",
  "email.send": "Emails sent",
  "email.settings": "Email settings saved",
  "member.add": "Member added",
  "member.update": "Member edited",
  "member.remove": "Member removed from project",
  "members.import": "Members imported",
  "payouts.close": "Payout period closed",
  "payouts.export": "Payouts exported",
  "payouts.paid": "Payouts marked paid",
  "portal.issue": "Portal link issued",
  "portal.revoke": "Portal link revoked",
  "privacy.customer_data_request": "Customer data request",
  "privacy.customer_redact": "Customer data redacted",
  "project.create": "Project created",
  "project.rename": "Project renamed",
  "project.archive": "Project archived",
  "project.unarchive": "Project unarchived",
  "project.offer.connect": "Offer connected to project",
  "project.offer.disconnect": "Offer disconnected from project",
  "store.connect": "Store connected",
  "store.link_code": "Link code created",
  "store.link_code_failed": "Link code attempt failed",
  "store.link_code_refused": "Link code refused",
  "store.unlink": "Store unlinked",
  "store.update": "Store settings saved",
  "sync.retry": "Sync retried",
  "webhook.refused": "Webhook refused",
};

/** A readable name for an audited action; unknown ones as stored. */
export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

/** "offer:abc" → { kind: "offer", id: "abc" }; anything else → null. */
export function parseSubject(subject: string): { kind: string; id: string } | null {
  const m = /^([a-z_]+):(.+)$/.exec(subject);
  return m ? { kind: m[1]!, id: m[2]! } : null;
}

/** The details JSON as one short line: "count: 12 · job: abc". */
export function detailsSummary(details: string, max = 200): string {
  let value: unknown;
  try {
    value = JSON.parse(details);
  } catch {
    return details.slice(0, max);
  }
  if (!value || typeof value !== "object") return String(value ?? "").slice(0, max);
  const line = Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(" · ");
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
