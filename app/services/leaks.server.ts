// Leak watch (R39, docs/decisions/140): a member's code used far above the member's normal pattern
// is flagged with its evidence, when its orders are recorded (finishOrderBatch) and by a periodic
// sweep (app/jobs/leaks.server.ts). The merchant refreshes the code (the refresh machinery,
// decision 013), deactivates it (decision 011), or dismisses the flag with a reason (the member's
// baseline then takes that level as normal). An offer may deactivate on a HARD flag by itself and
// email the merchant (the email worker, decision 080). The rules are app/domain/leaks/rules.ts.
import { randomUUID } from "node:crypto";
import type { LeakFlag, PrismaClient } from "@prisma/client";
import {
  baselineOf,
  DEFAULT_LEAK_SETTINGS,
  dismissReasonProblem,
  hourlySeries,
  judge,
  LOOKBACK_DAYS,
  HOUR_MS,
  minUsesToFlag,
  parseLeakSettings,
  WINDOW_MS,
  windowEnds,
  windowStats,
  type Baseline,
  type LeakFlagStatus,
  type LeakSettings,
  type LeakSeverity,
  type SettingsErrors,
  type Use,
  type WindowStats,
} from "~/domain/leaks/rules";
import { renderLeakAlert } from "~/domain/leaks/alert-email";
import { emailQueued } from "~/jobs/email/queue.server";
import { env } from "~/env.server";
import { recordAudit } from "./audit.server";
import { changeCodeStatus } from "./code-status.server";
import { emailTransportFor } from "./email-settings.server";
import { refreshCandidates, refreshCodes } from "./refresh.server";

export const LEAK_ACTOR = "leak-watch";
/** How long a dismissed flag's level is remembered by the member's baseline. */
const LEARNED_DAYS = 90;

// ---- settings ----------------------------------------------------------------------------------

export async function leakSettingsFor(db: PrismaClient, offerId: string): Promise<LeakSettings> {
  const row = await db.leakWatchSettings.findUnique({ where: { offerId } });
  return row
    ? {
        ratio: row.ratio,
        minCustomers: row.minCustomers,
        hardRatio: row.hardRatio,
        hardMinCustomers: row.hardMinCustomers,
        autoDeactivate: row.autoDeactivate,
        notifyEmail: row.notifyEmail,
      }
    : { ...DEFAULT_LEAK_SETTINGS };
}

export async function saveLeakSettings(
  db: PrismaClient,
  args: { shop: string; actor: string; offerId: string; fields: Record<string, string> },
): Promise<{ ok: true; settings: LeakSettings } | { ok: false; errors: SettingsErrors } | null> {
  const offer = await db.offer.findFirst({ where: { id: args.offerId, shop: args.shop }, select: { id: true } });
  if (!offer) return null;
  const parsed = parseLeakSettings(args.fields);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  await db.$transaction(async (tx) => {
    await tx.leakWatchSettings.upsert({ where: { offerId: offer.id }, create: { offerId: offer.id, shop: args.shop, ...value }, update: value });
    await recordAudit(tx, { shop: args.shop, actor: args.actor, action: "leak.settings", subject: `offer:${offer.id}`, details: value });
  });
  return { ok: true, settings: value };
}

// ---- evaluation --------------------------------------------------------------------------------

interface WatchedCode {
  id: string;
  memberId: string | null;
  offerMemberId: string | null;
  offer: { id: string; shop: string; kind: string };
}

/**
 * After orders are recorded (finishOrderBatch): each member's code that got new uses is judged at
 * the time of each of them. Never fails the batch: a failure is logged and the sweep judges the
 * code again later.
 */
export async function watchRecordedUses(db: PrismaClient, recorded: { codes: WatchedCode[]; at: Date }[]): Promise<void> {
  const byCode = new Map<string, { memberId: string; dates: Date[] }>();
  for (const { codes, at } of recorded)
    for (const code of codes) {
      if (!code.memberId || code.offer.kind !== "MEMBER_CODES") continue;
      byCode.set(code.id, { memberId: code.memberId, dates: [...(byCode.get(code.id)?.dates ?? []), at] });
    }
  for (const [promoCodeId, times] of byCode) {
    try {
      await evaluateCode(db, promoCodeId, windowEnds(times.dates), { memberId: times.memberId });
    } catch (error) {
      console.error(`leak watch: code ${promoCodeId} not judged now (the sweep will)`, error);
    }
  }
}

/**
 * The periodic sweep: every member's code with enough uses in the hour before `now` is judged at
 * `now` (catches what the recording path missed). Returns the flags opened or updated.
 */
export async function sweepLeaks(db: PrismaClient, now: Date = new Date()): Promise<number> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const busy = await db.conversion.groupBy({
    by: ["promoCodeId"],
    where: { occurredAt: { gt: since, lte: now }, memberId: { not: null }, testOrder: { not: true } },
    _count: { _all: true },
    having: { promoCodeId: { _count: { gte: minUsesToFlag({ ...DEFAULT_LEAK_SETTINGS, minCustomers: 1 }) } } },
  });
  let flagged = 0;
  for (const row of busy) if (await evaluateCode(db, row.promoCodeId, [now])) flagged++;
  return flagged;
}

const usesOf = (rows: { occurredAt: Date; customerId: string | null; store: string; country: string | null; firstOrder: boolean | null }[]): Use[] =>
  rows.map((r) => ({ at: r.occurredAt, customer: r.customerId, store: r.store, country: r.country, firstOrder: r.firstOrder }));

/**
 * Judges one code at the given window ends (the busiest window counts). Opens a flag, or updates
 * the code's open flag when the spike grew; a HARD flag on an offer with auto-action deactivates
 * the code and emails the merchant. Returns the flag, or null when the use is normal.
 */
export async function evaluateCode(db: PrismaClient, promoCodeId: string, ends: Date[], known?: { memberId: string }): Promise<LeakFlag | null> {
  if (!ends.length) return null;
  const load = () =>
    db.promoCode.findUnique({
      where: { id: promoCodeId },
      include: { offer: { select: { id: true, shop: true, kind: true, name: true } }, member: { select: { firstName: true, lastName: true } } },
    });
  let code: Awaited<ReturnType<typeof load>> = null;
  let memberId = known?.memberId;
  if (!memberId) {
    code = await load();
    if (!code?.memberId) return null;
    memberId = code.memberId;
  }
  const first = Math.min(...ends.map((e) => e.getTime()));
  const last = Math.max(...ends.map((e) => e.getTime()));
  // One indexed query first (the member's recent uses of this code): most codes stop here.
  const recent = await db.conversion.findMany({
    where: { memberId, promoCodeId, occurredAt: { gt: new Date(first - WINDOW_MS), lte: new Date(last) }, testOrder: { not: true } },
    select: { occurredAt: true, customerId: true, store: true, country: true, firstOrder: true },
  });
  if (recent.length < minUsesToFlag({ ...DEFAULT_LEAK_SETTINGS, minCustomers: 1 })) return null; // no setting flags fewer
  code ??= await load();
  if (!code?.memberId || code.offer.kind !== "MEMBER_CODES" || !["ACTIVE", "PENDING"].includes(code.status)) return null;
  const settings = await leakSettingsFor(db, code.offerId);
  if (recent.length < minUsesToFlag(settings)) return null;
  const uses = usesOf(recent);
  let best: WindowStats | null = null;
  for (const end of ends) {
    const stats = windowStats(uses, end);
    if (stats.uses >= minUsesToFlag(settings) && (!best || stats.uses > best.uses)) best = stats;
  }
  if (!best) return null;

  // An action already taken on this code stands: a code being refreshed or deactivated is not
  // flagged again for uses before the action landed.
  const acted = await db.leakFlag.findFirst({ where: { promoCodeId, status: { in: ["REFRESHED", "DEACTIVATED"] satisfies LeakFlagStatus[] }, resolvedAt: { gte: best.start } } });
  if (acted) return null;

  const baseline = await baselineFor(db, { offerId: code.offerId, memberId: code.memberId }, best.start, settings);
  const verdict = judge(best, baseline.perHour, settings);
  if (!verdict.flagged || !verdict.severity) return null;

  const chartTimes = await db.conversion.findMany({
    where: { memberId: code.memberId, promoCodeId, occurredAt: { gt: new Date(best.end.getTime() - 48 * HOUR_MS), lte: best.end }, testOrder: { not: true } },
    select: { occurredAt: true },
  });
  const evidence = JSON.stringify({
    series: hourlySeries(
      chartTimes.map((c) => c.occurredAt),
      best.end,
    ),
    baseline,
    times: verdict.times,
    settings: { ratio: settings.ratio, minCustomers: settings.minCustomers, hardRatio: settings.hardRatio, hardMinCustomers: settings.hardMinCustomers },
  });
  const figures = {
    severity: verdict.severity,
    windowStart: best.start,
    windowEnd: best.end,
    uses: best.uses,
    distinctCustomers: best.distinctCustomers,
    firstTimeShare: best.firstTimeShare,
    stores: JSON.stringify(best.stores),
    countries: JSON.stringify(best.countries),
    baselinePerHour: baseline.perHour,
    baselineSource: baseline.source,
    evidence,
  };
  const open = await db.leakFlag.findFirst({ where: { promoCodeId, status: "OPEN" } });
  let flag: LeakFlag;
  let newlyHard: boolean;
  if (open) {
    if (best.uses <= open.uses) return open;
    newlyHard = verdict.severity === "HARD" && open.severity !== "HARD";
    flag = await db.leakFlag.update({ where: { id: open.id }, data: { ...figures, severity: open.severity === "HARD" ? "HARD" : verdict.severity } });
  } else {
    newlyHard = verdict.severity === "HARD";
    flag = await db.$transaction(async (tx) => {
      const created = await tx.leakFlag.create({
        data: { shop: code.offer.shop, offerId: code.offerId, memberId: code.memberId!, offerMemberId: code.offerMemberId, promoCodeId, code: code.code, ...figures },
      });
      await recordAudit(tx, {
        shop: code.offer.shop,
        actor: LEAK_ACTOR,
        action: "leak.flag",
        subject: `code:${promoCodeId}`,
        stores: best.stores.map((s) => s.store),
        details: { flag: created.id, code: code.code, uses: best.uses, customers: best.distinctCustomers, baseline: baseline.perHour, severity: verdict.severity },
      });
      return created;
    });
  }
  if (newlyHard && settings.autoDeactivate && code.status === "ACTIVE" && code.current) {
    const memberName = `${code.member?.firstName ?? ""} ${code.member?.lastName ?? ""}`.trim();
    flag = (await autoDeactivate(db, flag, settings, { offerName: code.offer.name, memberName, stats: best, baseline })) ?? flag;
  }
  return flag;
}

async function baselineFor(db: PrismaClient, who: { offerId: string; memberId: string }, windowStart: Date, settings: LeakSettings): Promise<Baseline> {
  const from = new Date(windowStart.getTime() - LOOKBACK_DAYS * 24 * HOUR_MS);
  const range = { gte: from, lt: windowStart };
  const own = (
    await db.conversion.findMany({ where: { memberId: who.memberId, offerId: who.offerId, occurredAt: range, testOrder: { not: true } }, select: { occurredAt: true } })
  ).map((c) => c.occurredAt);
  const dismissed = (
    await db.leakFlag.findMany({
      where: {
        memberId: who.memberId,
        offerId: who.offerId,
        status: "DISMISSED" satisfies LeakFlagStatus,
        detectedAt: { gte: new Date(windowStart.getTime() - LEARNED_DAYS * 24 * HOUR_MS) },
      },
      select: { uses: true },
    })
  ).map((f) => f.uses);
  const ownOnly = baselineOf({ own, offer: [], dismissed, windowStart, ratio: settings.ratio });
  if (ownOnly.offerP95 === null) return ownOnly; // a week of own history: the offer is not asked
  const rows = await db.conversion.findMany({
    where: { offerId: who.offerId, occurredAt: range, memberId: { not: null }, testOrder: { not: true } },
    select: { memberId: true, occurredAt: true },
  });
  const byMember = new Map<string, Date[]>();
  for (const r of rows) byMember.set(r.memberId!, [...(byMember.get(r.memberId!) ?? []), r.occurredAt]);
  return baselineOf({ own, offer: [...byMember.values()], dismissed, windowStart, ratio: settings.ratio });
}

/** The admin link to a flag (Shopify opens the embedded app at that path). */
export function flagLink(shop: string, flagId: string): string {
  return `https://${shop}/admin/apps/${env().SHOPIFY_API_KEY}/app/leaks/${flagId}`;
}

async function autoDeactivate(
  db: PrismaClient,
  flag: LeakFlag,
  settings: LeakSettings,
  about: { offerName: string; memberName: string; stats: WindowStats; baseline: Baseline },
): Promise<LeakFlag | null> {
  if (!flag.offerMemberId) return null;
  const claimed = await db.leakFlag.updateMany({
    where: { id: flag.id, status: "OPEN" },
    data: { status: "DEACTIVATED" satisfies LeakFlagStatus, autoAction: true, resolvedAt: new Date(), resolvedBy: LEAK_ACTOR },
  });
  if (!claimed.count) return null;
  const result = await changeCodeStatus(db, { shop: flag.shop, actor: LEAK_ACTOR, offerId: flag.offerId, offerMemberIds: [flag.offerMemberId], target: "DEACTIVATED" });
  if (!result.ok) {
    await db.leakFlag.update({ where: { id: flag.id }, data: { status: "OPEN", autoAction: false, resolvedAt: null, resolvedBy: null } });
    return null;
  }
  const mail = renderLeakAlert({
    offerName: about.offerName,
    memberName: about.memberName,
    code: flag.code,
    stats: about.stats,
    baselinePerHour: about.baseline.perHour,
    link: flagLink(flag.shop, flag.id),
  });
  const transport = await emailTransportFor(db, flag.shop);
  const emailed = Boolean(transport && settings.notifyEmail);
  await db.$transaction(async (tx) => {
    if (emailed)
      await tx.emailMessage.create({
        data: {
          shop: flag.shop,
          batchId: randomUUID(),
          kind: "LEAK_ALERT",
          offerId: flag.offerId,
          jobId: result.jobId,
          toEmail: settings.notifyEmail,
          toName: "",
          subject: mail.subject,
          textBody: mail.text,
          htmlBody: mail.html,
          actor: LEAK_ACTOR,
        },
      });
    await recordAudit(tx, {
      shop: flag.shop,
      actor: LEAK_ACTOR,
      action: "leak.auto_deactivate",
      subject: `code:${flag.promoCodeId}`,
      details: {
        flag: flag.id,
        code: flag.code,
        job: result.jobId,
        emailedTo: emailed ? settings.notifyEmail : null,
        emailNotSent: emailed ? null : "email is not set up for this store",
      },
    });
  });
  if (emailed) emailQueued();
  return db.leakFlag.update({ where: { id: flag.id }, data: { jobId: result.jobId } });
}

// ---- the merchant's actions -------------------------------------------------------------------

export type LeakActionResult = { ok: true; status: LeakFlagStatus; jobId: string | null; message: string } | { ok: false; error: string };

/**
 * One click (R39): "refresh" gives the member a new code named by the offer's strategy (the old one
 * dies in every store, decision 013), "deactivate" switches the code off everywhere (decision
 * 011), "dismiss" records the reason and teaches the baseline. A flag is acted on once.
 */
export async function actOnLeakFlag(
  db: PrismaClient,
  args: { shop: string; actor: string; flagId: string; action: "refresh" | "deactivate" | "dismiss"; reason?: string },
): Promise<LeakActionResult | null> {
  const flag = await db.leakFlag.findFirst({ where: { id: args.flagId, shop: args.shop } });
  if (!flag) return null;
  if (flag.status !== "OPEN") return { ok: false, error: `This flag was already handled (${flag.status.toLowerCase()}).` };
  if (args.action === "dismiss") {
    const problem = dismissReasonProblem(args.reason ?? "");
    if (problem) return { ok: false, error: problem };
  }
  const target: LeakFlagStatus = args.action === "refresh" ? "REFRESHED" : args.action === "deactivate" ? "DEACTIVATED" : "DISMISSED";
  const claimed = await db.leakFlag.updateMany({
    where: { id: flag.id, status: "OPEN" },
    data: { status: target, resolvedAt: new Date(), resolvedBy: args.actor, reason: args.action === "dismiss" ? args.reason!.trim() : null },
  });
  if (!claimed.count) return { ok: false, error: "This flag was just handled by someone else." };
  const reopen = async (error: string): Promise<LeakActionResult> => {
    await db.leakFlag.update({ where: { id: flag.id }, data: { status: "OPEN", resolvedAt: null, resolvedBy: null, reason: null } });
    return { ok: false, error };
  };
  const code = await db.promoCode.findUnique({ where: { id: flag.promoCodeId } });
  if (args.action !== "dismiss" && (!code?.current || !flag.offerMemberId)) return reopen(`${flag.code} is no longer this member's current code.`);
  let jobId: string | null = null;
  let message: string;
  if (args.action === "refresh") {
    const [candidate] = (await refreshCandidates(db, args.shop, flag.offerId, [flag.offerMemberId!])) ?? [];
    if (!candidate?.proposed) return reopen(candidate?.reason ?? "This code cannot be refreshed now.");
    const result = await refreshCodes(db, { shop: args.shop, actor: args.actor, offerId: flag.offerId, items: [{ offerMemberId: flag.offerMemberId!, code: candidate.proposed }] });
    if (!result.ok) return reopen(result.formError ?? Object.values(result.itemErrors)[0] ?? "The refresh was refused.");
    jobId = result.jobId;
    message = `${flag.code} is being replaced by ${candidate.proposed} in every store.`;
  } else if (args.action === "deactivate") {
    const result = await changeCodeStatus(db, { shop: args.shop, actor: args.actor, offerId: flag.offerId, offerMemberIds: [flag.offerMemberId!], target: "DEACTIVATED" });
    if (!result.ok) return reopen(result.error);
    jobId = result.jobId;
    message = result.changed ? `${flag.code} is being deactivated in every store.` : `${flag.code} was already deactivated.`;
  } else message = "Dismissed: this level of use now counts as normal for this member.";
  await db.$transaction(async (tx) => {
    if (jobId) await tx.leakFlag.update({ where: { id: flag.id }, data: { jobId } });
    await recordAudit(tx, {
      shop: args.shop,
      actor: args.actor,
      action: `leak.${args.action}`,
      subject: `code:${flag.promoCodeId}`,
      details: { flag: flag.id, code: flag.code, job: jobId, reason: args.reason?.trim() || null },
    });
  });
  return { ok: true, status: target, jobId, message };
}

// ---- what the pages show ----------------------------------------------------------------------

export interface LeakFlagRow {
  id: string;
  offerId: string;
  offerName: string;
  memberId: string;
  memberName: string;
  code: string;
  status: LeakFlagStatus;
  severity: LeakSeverity;
  uses: number;
  distinctCustomers: number;
  baselinePerHour: number;
  firstTimeShare: number | null;
  stores: number;
  windowEnd: string;
  autoAction: boolean;
  jobId: string | null;
}

/** Open flags (and, for a week, codes the auto-action deactivated), newest first. */
export async function listLeakFlags(db: PrismaClient, shop: string, opts: { offerId?: string; now?: Date; take?: number } = {}): Promise<{ flags: LeakFlagRow[]; open: number }> {
  const now = opts.now ?? new Date();
  const where = {
    shop,
    ...(opts.offerId ? { offerId: opts.offerId } : {}),
    OR: [{ status: "OPEN" }, { autoAction: true, resolvedAt: { gte: new Date(now.getTime() - 7 * 24 * HOUR_MS) } }],
  };
  const [rows, open] = await Promise.all([
    db.leakFlag.findMany({ where, orderBy: [{ status: "desc" }, { detectedAt: "desc" }], take: opts.take ?? 20 }),
    db.leakFlag.count({ where: { shop, status: "OPEN", ...(opts.offerId ? { offerId: opts.offerId } : {}) } }),
  ]);
  const [offers, members] = await Promise.all([
    db.offer.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.offerId))] } }, select: { id: true, name: true } }),
    db.member.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.memberId))] } }, select: { id: true, firstName: true, lastName: true } }),
  ]);
  const offerName = new Map(offers.map((o) => [o.id, o.name]));
  const memberName = new Map(members.map((m) => [m.id, `${m.firstName} ${m.lastName}`.trim()]));
  return { flags: rows.map((r) => rowOf(r, offerName.get(r.offerId) ?? "", memberName.get(r.memberId) ?? "")), open };
}

function rowOf(r: LeakFlag, offerName: string, memberName: string): LeakFlagRow {
  return {
    id: r.id,
    offerId: r.offerId,
    offerName,
    memberId: r.memberId,
    memberName,
    code: r.code,
    status: r.status as LeakFlagStatus,
    severity: r.severity as LeakSeverity,
    uses: r.uses,
    distinctCustomers: r.distinctCustomers,
    baselinePerHour: r.baselinePerHour,
    firstTimeShare: r.firstTimeShare,
    stores: (JSON.parse(r.stores) as unknown[]).length,
    windowEnd: r.windowEnd.toISOString(),
    autoAction: r.autoAction,
    jobId: r.jobId,
  };
}

export interface LeakEvidence {
  flag: LeakFlagRow & {
    windowStart: string;
    detectedAt: string;
    resolvedAt: string | null;
    reason: string | null;
    baselineSource: string;
    codeStatus: string;
    codeCurrent: boolean;
  };
  stores: { store: string; uses: number }[];
  countries: { country: string; uses: number }[];
  series: { hourStart: string; uses: number }[];
  baseline: Baseline | null;
  times: number;
  orders: {
    id: string;
    orderName: string;
    store: string;
    occurredAt: string;
    country: string | null;
    firstOrder: boolean | null;
    customer: boolean;
    saleCents: number;
    currency: string;
  }[];
}

/** The evidence of one flag: the figures, the hourly chart and the window's orders. */
export async function leakEvidence(db: PrismaClient, shop: string, flagId: string): Promise<LeakEvidence | null> {
  const flag = await db.leakFlag.findFirst({ where: { id: flagId, shop } });
  if (!flag) return null;
  const [offer, member, code, orders] = await Promise.all([
    db.offer.findUnique({ where: { id: flag.offerId }, select: { name: true } }),
    db.member.findUnique({ where: { id: flag.memberId }, select: { firstName: true, lastName: true } }),
    db.promoCode.findUnique({ where: { id: flag.promoCodeId }, select: { status: true, current: true } }),
    db.conversion.findMany({
      where: { memberId: flag.memberId, promoCodeId: flag.promoCodeId, occurredAt: { gt: flag.windowStart, lte: flag.windowEnd } },
      orderBy: { occurredAt: "asc" },
      take: 500,
    }),
  ]);
  const evidence = JSON.parse(flag.evidence) as { series?: LeakEvidence["series"]; baseline?: Baseline; times?: number };
  return {
    flag: {
      ...rowOf(flag, offer?.name ?? "", `${member?.firstName ?? ""} ${member?.lastName ?? ""}`.trim()),
      windowStart: flag.windowStart.toISOString(),
      detectedAt: flag.detectedAt.toISOString(),
      resolvedAt: flag.resolvedAt?.toISOString() ?? null,
      reason: flag.reason,
      baselineSource: flag.baselineSource,
      codeStatus: code?.status ?? "RETIRED",
      codeCurrent: code?.current ?? false,
    },
    stores: JSON.parse(flag.stores) as LeakEvidence["stores"],
    countries: JSON.parse(flag.countries) as LeakEvidence["countries"],
    series: evidence.series ?? [],
    baseline: evidence.baseline ?? null,
    times: evidence.times ?? flag.uses / flag.baselinePerHour,
    orders: orders.map((o) => ({
      id: o.id,
      orderName: o.orderName,
      store: o.store,
      occurredAt: o.occurredAt.toISOString(),
      country: o.country,
      firstOrder: o.firstOrder,
      customer: Boolean(o.customerId),
      saleCents: o.saleCents,
      currency: o.currency,
    })),
  };
}
