// Every page of the app, in one list (#21): the screenshot, clipping, overflow and accessibility
// checks in pages.test.ts open each of them. A new page is one more line here; a nav item with no
// line fails that test.

/** Rows the pages need (seeded by pages.test.ts). */
export interface SeededIds {
  offerId: string;
  memberId: string;
  projectId: string;
  jobId: string;
  period: string;
}

export interface PageSpec {
  name: string;
  path: (ids: SeededIds) => string;
}

export const APP_PAGES: PageSpec[] = [
  { name: "home", path: () => "/app" },
  { name: "offers", path: () => "/app/offers" },
  { name: "offers-archived", path: () => "/app/offers?view=archived" },
  { name: "offer-new", path: () => "/app/offers/new" },
  { name: "offer", path: (i) => `/app/offers/${i.offerId}` },
  { name: "offer-edit", path: (i) => `/app/offers/${i.offerId}/edit` },
  { name: "offer-add-members", path: (i) => `/app/offers/${i.offerId}/add-members` },
  { name: "offer-dashboard", path: (i) => `/app/offers/${i.offerId}/dashboard` },
  { name: "offer-refresh", path: (i) => `/app/offers/${i.offerId}/refresh?all=1` },
  { name: "offer-email", path: (i) => `/app/offers/${i.offerId}/email` },
  { name: "offer-emails", path: (i) => `/app/offers/${i.offerId}/emails` },
  { name: "conversions", path: (i) => `/app/conversions?offerId=${i.offerId}` },
  { name: "projects", path: () => "/app/projects" },
  { name: "project", path: (i) => `/app/projects/${i.projectId}` },
  { name: "project-edit", path: (i) => `/app/projects/${i.projectId}/edit` },
  { name: "projects-archived", path: () => "/app/projects?view=archived" },
  { name: "project-manage", path: (i) => `/app/projects/${i.projectId}/manage?members=${i.memberId}` },
  { name: "member", path: (i) => `/app/members/${i.memberId}` },
  { name: "member-edit", path: (i) => `/app/members/${i.memberId}/edit` },
  { name: "member-dashboard", path: (i) => `/app/members/${i.memberId}/dashboard` },
  { name: "member-emails", path: (i) => `/app/members/${i.memberId}/emails` },
  { name: "jobs", path: () => "/app/jobs" },
  { name: "job", path: (i) => `/app/jobs/${i.jobId}` },
  { name: "payouts", path: () => "/app/payouts" },
  { name: "payout-period", path: (i) => `/app/payouts/${i.period}` },
  { name: "stores", path: () => "/app/settings/stores" },
  { name: "email-settings", path: () => "/app/settings/email" },
  { name: "audit-log", path: () => "/app/audit" },
  { name: "leaks", path: () => "/app/leaks" },
  { name: "offer-leak-watch", path: (i) => `/app/offers/${i.offerId}/leak-watch` },
  { name: "offer-drift", path: (i) => `/app/offers/${i.offerId}/drift` },
  { name: "offer-bulk-codes", path: (i) => `/app/offers/${i.offerId}/bulk-codes` },
  { name: "synced-offers", path: () => "/app/synced" },
];

/** The widths every page is checked at: a laptop and a narrow window. */
export const WIDTHS = [1280, 800] as const;
