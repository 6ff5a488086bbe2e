// Rename and archive a project (issue 21, R35, R36). Archiving hides the project from the
// projects list and from the projects members are added to offers from; nothing is deleted: its
// members, their codes, offers, conversions and payouts are untouched, and it can be unarchived.
import type { PrismaClient } from "@prisma/client";
import { fieldMessages } from "~/domain/input/fields";
import { projectForm } from "~/domain/input/route-forms";
import { recordAudit } from "./audit.server";

export type ProjectEditResult = { ok: true } | { ok: false; errors: { name?: string; form?: string } };

export async function projectSettings(db: PrismaClient, shop: string, projectId: string) {
  const project = await db.project.findFirst({ where: { id: projectId, shop }, select: { id: true, name: true, archivedAt: true } });
  if (!project) return null;
  const [members, offers] = await Promise.all([db.projectMember.count({ where: { projectId } }), db.offerProject.count({ where: { projectId } })]);
  return { id: project.id, name: project.name, archivedAt: project.archivedAt?.toISOString() ?? null, members, offers };
}

/** R35: the same rules as a new project's name (required, 100 characters, one line, unique in the shop). */
export async function renameProject(db: PrismaClient, args: { shop: string; actor: string; projectId: string; name: unknown }): Promise<ProjectEditResult> {
  const project = await db.project.findFirst({ where: { id: args.projectId, shop: args.shop }, select: { id: true, name: true } });
  if (!project) return { ok: false, errors: { form: "This project does not exist in this store." } };
  const parsed = projectForm.safeParse({ name: args.name });
  if (!parsed.success) return { ok: false, errors: { name: fieldMessages(parsed.error).name ?? "Enter a project name." } };
  const name = parsed.data.name;
  if (name === project.name) return { ok: true };
  const taken = await db.project.findFirst({ where: { shop: args.shop, name, id: { not: project.id } }, select: { id: true } });
  if (taken) return { ok: false, errors: { name: `A project called "${name}" already exists.` } };
  await db.$transaction(async (tx) => {
    await tx.project.update({ where: { id: project.id }, data: { name } });
    await recordAudit(tx, { shop: args.shop, actor: args.actor, action: "project.rename", subject: `project:${project.id}`, details: { from: project.name, to: name } });
  });
  return { ok: true };
}

export async function setProjectArchived(db: PrismaClient, args: { shop: string; actor: string; projectId: string; archived: boolean }): Promise<ProjectEditResult> {
  const project = await db.project.findFirst({ where: { id: args.projectId, shop: args.shop }, select: { id: true, name: true, archivedAt: true } });
  if (!project) return { ok: false, errors: { form: "This project does not exist in this store." } };
  if (Boolean(project.archivedAt) === args.archived) return { ok: false, errors: { form: args.archived ? "This project is already archived." : "This project is not archived." } };
  await db.$transaction(async (tx) => {
    await tx.project.update({ where: { id: project.id }, data: { archivedAt: args.archived ? new Date() : null } });
    await recordAudit(tx, {
      shop: args.shop,
      actor: args.actor,
      action: args.archived ? "project.archive" : "project.unarchive",
      subject: `project:${project.id}`,
      details: { name: project.name },
    });
  });
  return { ok: true };
}
