// "Manage offers" from a project and from a member (R20, R23–R26). A project lists only the
// offers connected to it now (OfferProject without disconnectedAt) that the selected members
// belong to, whatever their status in it; members of the selection who are not in the chosen
// offer are left out, and the merchant is told how many. (A member's own page lists every offer
// they belong to: members.server getMemberProfile.)
import type { PrismaClient } from "@prisma/client";
import { recordAudit } from "./audit.server";
import { inChunks } from "./chunks.server";

export interface ProjectOfferChoice {
  id: string;
  name: string;
  /** Selected members who belong to the offer (any status). */
  members: number;
  /** Selected members who don't: left out of any action on this offer. */
  outside: number;
}

/** The offers a project's "Manage offers" lists for the selected members (R26). */
export async function projectOfferChoices(db: PrismaClient, shop: string, projectId: string, memberIds: string[]): Promise<ProjectOfferChoice[] | null> {
  const project = await db.project.findFirst({ where: { id: projectId, shop }, select: { id: true } });
  if (!project) return null;
  const ids = await selectedProjectMembers(db, projectId, memberIds);
  const connected = await db.offerProject.findMany({
    where: { projectId, disconnectedAt: null, offer: { shop } },
    include: { offer: { select: { id: true, name: true } } },
    orderBy: { connectedAt: "asc" },
  });
  const memberships = await inChunks(ids, (part) =>
    db.offerMember.findMany({ where: { offerId: { in: connected.map((c) => c.offerId) }, memberId: { in: part } }, select: { offerId: true } }),
  );
  return connected
    .map((c) => {
      const members = memberships.filter((m) => m.offerId === c.offerId).length;
      return { id: c.offer.id, name: c.offer.name, members, outside: ids.length - members };
    })
    .filter((c) => c.members > 0);
}

/** The selection a project page sends: chosen member ids, or every member of the project. */
export type ProjectSelection = { ids: string[] } | { all: true };

export async function resolveProjectSelection(db: PrismaClient, projectId: string, selection: ProjectSelection): Promise<string[]> {
  if ("ids" in selection) return selection.ids;
  return (await db.projectMember.findMany({ where: { projectId }, select: { memberId: true } })).map((m) => m.memberId);
}

/** Only members of the project count as selected (an id from elsewhere is ignored). */
async function selectedProjectMembers(db: PrismaClient, projectId: string, memberIds: string[]): Promise<string[]> {
  const rows = await inChunks([...new Set(memberIds)], (part) => db.projectMember.findMany({ where: { projectId, memberId: { in: part } }, select: { memberId: true } }));
  return rows.map((r) => r.memberId);
}

/**
 * The selected project members' memberships in one offer, if the offer is connected to the
 * project now (R26); null otherwise (an offer outside the project, or only connected before).
 */
export async function projectSelectionInOffer(db: PrismaClient, shop: string, projectId: string, offerId: string, memberIds: string[]) {
  const link = await db.offerProject.findFirst({ where: { projectId, offerId, disconnectedAt: null, project: { shop }, offer: { shop } } });
  if (!link) return null;
  const ids = await selectedProjectMembers(db, projectId, memberIds);
  const memberships = await inChunks(ids, (part) => db.offerMember.findMany({ where: { offerId, memberId: { in: part } }, select: { id: true } }));
  return { offerMemberIds: memberships.map((m) => m.id), outside: ids.length - memberships.length };
}

/** Offers that can be connected to a project, and those connected now. */
export async function projectOffers(db: PrismaClient, shop: string, projectId: string) {
  const [links, offers] = await Promise.all([
    db.offerProject.findMany({
      where: { projectId, disconnectedAt: null, project: { shop } },
      include: { offer: { select: { id: true, name: true } } },
      orderBy: { connectedAt: "asc" },
    }),
    db.offer.findMany({ where: { shop, archivedAt: null }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  const connected = new Set(links.map((l) => l.offerId));
  return { connected: links.map((l) => ({ id: l.offer.id, name: l.offer.name, connectedAt: l.connectedAt.toISOString() })), available: offers.filter((o) => !connected.has(o.id)) };
}

/** Connects an offer to a project, or disconnects it (kept as history, R26). */
export async function setOfferConnection(
  db: PrismaClient,
  args: { shop: string; actor: string; projectId: string; offerId: string; connected: boolean },
): Promise<{ ok: true } | { ok: false; error: string }> {
  const [project, offer] = await Promise.all([
    db.project.findFirst({ where: { id: args.projectId, shop: args.shop }, select: { id: true } }),
    db.offer.findFirst({ where: { id: args.offerId, shop: args.shop }, select: { id: true } }),
  ]);
  if (!project || !offer) return { ok: false, error: "This offer or project does not exist in this store." };
  await db.$transaction(async (tx) => {
    if (args.connected)
      await tx.offerProject.upsert({
        where: { offerId_projectId: { offerId: offer.id, projectId: project.id } },
        create: { offerId: offer.id, projectId: project.id },
        update: { connectedAt: new Date(), disconnectedAt: null },
      });
    else await tx.offerProject.updateMany({ where: { offerId: offer.id, projectId: project.id, disconnectedAt: null }, data: { disconnectedAt: new Date() } });
    await recordAudit(tx, {
      shop: args.shop,
      actor: args.actor,
      action: args.connected ? "project.offer.connect" : "project.offer.disconnect",
      subject: `project:${project.id}`,
      details: { offer: offer.id },
    });
  });
  return { ok: true };
}
