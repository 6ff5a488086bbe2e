// The email to the merchant when an offer's auto-action deactivated a leaked code (R39): what was
// seen, what the app did, and where to look. Plain text; the HTML part escapes every value.
import { escapeHtml } from "~/domain/email/template";
import type { WindowStats } from "./rules";

export interface LeakAlert {
  offerName: string;
  memberName: string;
  code: string;
  stats: Pick<WindowStats, "uses" | "distinctCustomers" | "firstTimeShare" | "stores" | "countries" | "start" | "end">;
  baselinePerHour: number;
  link: string;
}

export function renderLeakAlert(a: LeakAlert): { subject: string; text: string; html: string } {
  const pct = a.stats.firstTimeShare === null ? "unknown" : `${Math.round(a.stats.firstTimeShare * 100)}%`;
  const lines = [
    `The code ${a.code} of ${a.memberName} (offer "${a.offerName}") was used ${a.stats.uses} times in one hour, by ${a.stats.distinctCustomers} different customers.`,
    `Their normal use is about ${formatRate(a.baselinePerHour)} per hour.`,
    `First-time customers: ${pct}. Stores: ${a.stats.stores.map((s) => `${s.store} (${s.uses})`).join(", ")}. Countries: ${a.stats.countries.map((c) => `${c.country} (${c.uses})`).join(", ")}.`,
    `Window: ${a.stats.start.toISOString()} to ${a.stats.end.toISOString()} (UTC).`,
    "",
    `The offer deactivates codes automatically above its hard threshold, so ${a.code} is now being deactivated in every store. The member keeps their place in the offer.`,
    `See the evidence, refresh the code or activate it again: ${a.link}`,
  ];
  const subject = `Leak watch: ${a.code} deactivated after a spike of use`.replace(/[\r\n]+/g, " ");
  const text = lines.join("\n");
  const html = lines.map((l) => (l ? `<p>${escapeHtml(l)}</p>` : "")).join("\n");
  return { subject, text, html };
}

export const formatRate = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
