// Emailing members (R18, R22, R38): who a compose is for (chosen members of an offer, all of
// them, or the members a job touched), each one's real values for the preview, queueing the
// rendered messages (one stored row per member; the email worker sends them), and the lists of
// sent messages per offer, per member and per send.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { DEFAULT_TEMPLATES, renderEmail, templateProblems, tokensIn, type EmailKind, type EmailTemplate, type EmailValues } from "~/domain/email/template";
import { EMAIL_STATUSES, sendableAddress, type EmailStatus } from "~/domain/email/delivery";
import { describeDiscount } from "~/domain/offers/describe";
import { emailQueued } from "~/jobs/email/queue.server";
import { recordAudit } from "./audit.server";
import { eachChunk, inChunks } from "./chunks.server";
import { emailTransportFor } from "./email-settings.server";
import { portalLinkFor } from "./portal-link.server";
import { percentFor } from "./stores.server";

/** At most this many recipients in one send. */
export const MAX_RECIPIENTS = 10_000;

/** Who a compose is for: chosen members (Member ids or the offer table's OfferMember ids), all the offer's members, or the members of a job. */
export interface RecipientSelection {
  memberIds?: string[];
  offerMemberIds?: string[];
  all?: boolean;
  jobId?: string;
}

export interface Recipient {
  memberId: string;
  name: string;
  email: string;
  values: EmailValues;
}

export interface SkippedRecipient {
  memberId: string;
  name: string;
  reason: string;
}

export interface ComposeData {
  offer: { id: string; name: string };
  recipients: Recipient[];
  skipped: SkippedRecipient[];
  /** Chosen ids that are not members of this offer (another offer's, another shop's, unknown). */
  notInOffer: number;
  jobId: string | null;
}

const nameOf = (m: { firstName: string; lastName: string }) => `${m.firstName} ${m.lastName}`.trim();
/** A code's day as members read it: "Dec 1, 2026" (UTC, as the offer pages show it). */
const longDay = (d: Date | null) => (d ? d.toLocaleDateString("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }) : "no end date");

/** Each synced store's value of the offer's discount (R4, R10): the primary store first. */
async function storeValues(
  db: PrismaClient,
  offer: {
    id: string;
    shop: string;
    syncEnabled: boolean;
    discountType: string;
    discountPercent: number | null;
    discountAmountCents: number | null;
    sameValueAcrossStores: boolean;
  },
) {
  const selected = offer.syncEnabled ? await db.offerStore.findMany({ where: { offerId: offer.id }, orderBy: { addedAt: "asc" } }) : [];
  const stores = [offer.shop, ...selected.map((s) => s.store)];
  const [shops, links] = await Promise.all([
    db.shop.findMany({ where: { domain: { in: stores } }, select: { domain: true, name: true, currencyCode: true } }),
    db.storeLink.findMany({ where: { primaryShop: offer.shop, connectedShop: { in: stores } }, select: { connectedShop: true, label: true } }),
  ]);
  const out: { store: string; value: string }[] = [];
  for (const store of stores) {
    const shop = shops.find((s) => s.domain === store);
    const label = links.find((l) => l.connectedShop === store)?.label || shop?.name || store.replace(/\.myshopify\.com$/, "");
    const value = offer.discountType === "PERCENTAGE" ? `${await percentFor(db, offer, store)}% off` : describeDiscount(offer, shop?.currencyCode ?? "");
    out.push({ store: label, value });
  }
  return out;
}

/** The offer's members a selection names (members of this offer only), with their current codes. */
export async function loadCompose(
  db: PrismaClient,
  shop: string,
  offerId: string,
  selection: RecipientSelection,
  opts: { issuePortalLinksAs?: string } = {},
): Promise<ComposeData | null> {
  const offer = await db.offer.findFirst({ where: { id: offerId, shop } });
  if (!offer) return null;
  let jobId: string | null = null;
  let asked = 0;
  let where: { offerId: string; memberId?: { in: string[] }; id?: { in: string[] } } = { offerId };
  if (selection.jobId) {
    const job = await db.job.findFirst({ where: { id: selection.jobId, shop, offerId }, select: { id: true } });
    if (!job) return { offer: { id: offer.id, name: offer.name }, recipients: [], skipped: [], notInOffer: 0, jobId: null };
    jobId = job.id;
    const touched = await db.syncOperation.findMany({
      where: { jobId: job.id, promoCode: { memberId: { not: null } } },
      select: { promoCode: { select: { memberId: true } } },
      distinct: ["promoCodeId"],
    });
    const ids = [...new Set(touched.map((t) => t.promoCode!.memberId!))];
    where = { offerId, memberId: { in: ids } };
    asked = ids.length;
  } else if (!selection.all) {
    const memberIds = [...new Set(selection.memberIds ?? [])].slice(0, MAX_RECIPIENTS);
    const offerMemberIds = [...new Set(selection.offerMemberIds ?? [])].slice(0, MAX_RECIPIENTS);
    asked = memberIds.length + offerMemberIds.length;
    if (asked === 0) return { offer: { id: offer.id, name: offer.name }, recipients: [], skipped: [], notInOffer: 0, jobId };
    const rows = [
      ...(memberIds.length ? await inChunks(memberIds, (part) => db.offerMember.findMany({ where: { offerId, memberId: { in: part } }, select: { id: true } })) : []),
      ...(offerMemberIds.length ? await inChunks(offerMemberIds, (part) => db.offerMember.findMany({ where: { offerId, id: { in: part } }, select: { id: true } })) : []),
    ];
    where = { offerId, id: { in: [...new Set(rows.map((r) => r.id))] } };
  }
  const ids = where.id?.in ?? where.memberId?.in;
  const select = {
    id: true,
    memberId: true,
    member: { select: { id: true, firstName: true, lastName: true, email: true } },
    codes: { where: { current: true }, orderBy: { createdAt: "desc" as const }, take: 1, select: { code: true, status: true, startsAt: true, endsAt: true } },
  };
  const offerMembers = ids
    ? await inChunks(ids, (part) =>
        db.offerMember.findMany({ where: where.id ? { offerId, id: { in: part } } : { offerId, memberId: { in: part } }, select, orderBy: { createdAt: "asc" } }),
      )
    : await db.offerMember.findMany({ where: { offerId }, select, orderBy: { createdAt: "asc" }, take: MAX_RECIPIENTS });
  const stores = await storeValues(db, offer);
  const recipients: Recipient[] = [];
  const skipped: SkippedRecipient[] = [];
  for (const om of offerMembers) {
    const m = om.member;
    const name = nameOf(m);
    const email = sendableAddress(m.email);
    const code = om.codes[0];
    if (!email) {
      skipped.push({ memberId: m.id, name, reason: "No email address" });
      continue;
    }
    if (!code || code.status === "FAILED" || code.status === "RETIRED") {
      skipped.push({ memberId: m.id, name, reason: "No code in this offer yet" });
      continue;
    }
    recipients.push({
      memberId: m.id,
      name,
      email,
      values: {
        firstName: m.firstName,
        lastName: m.lastName,
        code: code.code,
        startDate: longDay(code.startsAt),
        endDate: longDay(code.endsAt),
        offer: offer.name,
        discount: stores[0]?.value ?? describeDiscount(offer),
        storeValues: stores,
        portalLink: await portalLinkFor(db, shop, m.id, opts.issuePortalLinksAs ?? null),
      },
    });
  }
  const notInOffer = selection.all || selection.jobId ? 0 : Math.max(0, asked - offerMembers.length);
  return { offer: { id: offer.id, name: offer.name }, recipients, skipped, notInOffer, jobId };
}

export type QueueResult = { ok: true; batchId: string; queued: number; skipped: SkippedRecipient[] } | { ok: false; errors: { subject?: string; body?: string; form?: string } };

/**
 * Renders the template for each recipient and stores one QUEUED message per member, in one
 * transaction; the worker is woken after the commit. Nothing is stored when the template is
 * refused, email is not configured, or a token cannot be filled for someone.
 */
export async function queueEmails(
  db: PrismaClient,
  args: { shop: string; actor: string; offerId: string; selection: RecipientSelection; kind: EmailKind; template: EmailTemplate },
): Promise<QueueResult | null> {
  const problems = templateProblems(args.template);
  if (problems) return { ok: false, errors: problems };
  const transport = await emailTransportFor(db, args.shop);
  if (!transport) return { ok: false, errors: { form: "Email is not set up for this store yet. Add an SMTP connection in Settings › Email, then send." } };
  // Sending with {PORTAL_LINK} gives each recipient without a portal link a new one (R31).
  const compose = await loadCompose(db, args.shop, args.offerId, args.selection, tokensIn(args.template).used.includes("PORTAL_LINK") ? { issuePortalLinksAs: args.actor } : {});
  if (!compose) return null;
  if (compose.recipients.length === 0)
    return { ok: false, errors: { form: compose.skipped.length ? "None of the chosen members can be emailed (see why below)." : "Choose at least one member of this offer." } };
  if (tokensIn(args.template).used.includes("PORTAL_LINK")) {
    const without = compose.recipients.filter((r) => !r.values.portalLink);
    if (without.length)
      return {
        ok: false,
        errors: {
          body: `{PORTAL_LINK}: ${without.length === compose.recipients.length ? "no member has a portal link" : `${without[0]!.name} and ${without.length - 1} other(s) have no portal link yet`}. Remove the token to send now.`,
        },
      };
  }
  const batchId = randomUUID();
  const rows = compose.recipients.map((r) => {
    const rendered = renderEmail(args.template, r.values);
    return {
      shop: args.shop,
      batchId,
      kind: args.kind,
      offerId: compose.offer.id,
      memberId: r.memberId,
      jobId: compose.jobId,
      toEmail: r.email,
      toName: r.name,
      subject: rendered.subject,
      textBody: rendered.text,
      htmlBody: rendered.html,
      actor: args.actor,
    };
  });
  await db.$transaction(async (tx) => {
    await eachChunk(rows, (part) => tx.emailMessage.createMany({ data: part }), 50);
    await recordAudit(tx, {
      shop: args.shop,
      actor: args.actor,
      action: "email.send",
      subject: `offer:${compose.offer.id}`,
      details: { batchId, kind: args.kind, messages: rows.length, skipped: compose.skipped.length, jobId: compose.jobId },
    });
  });
  emailQueued();
  return { ok: true, batchId, queued: rows.length, skipped: compose.skipped };
}

export function defaultTemplate(kind: EmailKind): EmailTemplate {
  return DEFAULT_TEMPLATES[kind];
}

export interface MessageRow {
  id: string;
  to: string;
  toName: string;
  memberId: string | null;
  offerId: string | null;
  offerName: string | null;
  subject: string;
  kind: string;
  status: EmailStatus;
  error: string | null;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
}

/** Sent messages of an offer, a member, or one send (batch), newest first, 50 a page, with counts per status. */
export async function listMessages(db: PrismaClient, shop: string, filter: { offerId?: string; memberId?: string; batchId?: string }, page = 1, pageSize = 50) {
  const where = {
    shop,
    ...(filter.offerId ? { offerId: filter.offerId } : {}),
    ...(filter.memberId ? { memberId: filter.memberId } : {}),
    ...(filter.batchId ? { batchId: filter.batchId } : {}),
  };
  const [rows, grouped] = await Promise.all([
    db.emailMessage.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: {
        id: true,
        toEmail: true,
        toName: true,
        memberId: true,
        offerId: true,
        subject: true,
        kind: true,
        status: true,
        error: true,
        attempts: true,
        createdAt: true,
        sentAt: true,
      },
    }),
    db.emailMessage.groupBy({ by: ["status"], where, _count: { _all: true } }),
  ]);
  const offerIds = [...new Set(rows.map((r) => r.offerId).filter((id): id is string => Boolean(id)))];
  const offers = offerIds.length ? await db.offer.findMany({ where: { id: { in: offerIds }, shop }, select: { id: true, name: true } }) : [];
  const counts = Object.fromEntries(EMAIL_STATUSES.map((s) => [s, grouped.find((g) => g.status === s)?._count._all ?? 0])) as Record<EmailStatus, number>;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    counts,
    total,
    page,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    open: counts.QUEUED + counts.SENDING > 0,
    messages: rows.map((r): MessageRow => ({
      id: r.id,
      to: r.toEmail,
      toName: r.toName,
      memberId: r.memberId,
      offerId: r.offerId,
      offerName: offers.find((o) => o.id === r.offerId)?.name ?? null,
      subject: r.subject,
      kind: r.kind,
      status: r.status as EmailStatus,
      error: r.error,
      attempts: r.attempts,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
    })),
  };
}
