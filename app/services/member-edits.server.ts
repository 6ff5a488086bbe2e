// Editing what exists (#21): a member's name, email and handle; a member out of a project.
// Nothing that conversions or payouts refer to is deleted (R36: each change audited).
import type { PrismaClient } from "@prisma/client";
import { fieldMessages } from "~/domain/input/fields";
import { recordAudit } from "./audit.server";
import { memberSchema, type MemberErrors, type MemberInput } from "./members.server";

export async function getMemberForEdit(db: PrismaClient, shop: string, memberId: string) {
  return db.member.findFirst({ where: { shop, id: memberId }, select: { id: true, firstName: true, lastName: true, email: true, handle: true } });
}

export async function updateMember(
  db: PrismaClient,
  args: { shop: string; actor: string; memberId: string; input: Record<string, unknown> },
): Promise<{ ok: true } | { ok: false; errors: MemberErrors }> {
  const parsed = memberSchema.safeParse(args.input);
  if (!parsed.success) return { ok: false, errors: fieldMessages(parsed.error) as MemberErrors };
  const next = parsed.data;
  return db.$transaction(async (tx) => {
    const member = await tx.member.findFirst({ where: { shop: args.shop, id: args.memberId } });
    if (!member) return { ok: false as const, errors: { form: "This member does not exist." } };
    if (next.email !== member.email && (await tx.member.findUnique({ where: { shop_email: { shop: args.shop, email: next.email } } })))
      return { ok: false as const, errors: { email: "Another member already has this email address." } };
    const changed = (Object.keys(next) as (keyof MemberInput)[]).filter((k) => next[k] !== member[k]);
    if (changed.length === 0) return { ok: true as const };
    await tx.member.update({ where: { id: member.id }, data: next });
    await recordAudit(tx, {
      shop: args.shop,
      actor: args.actor,
      action: "member.update",
      subject: `member:${member.id}`,
      details: Object.fromEntries(changed.map((k) => [k, { from: member[k], to: next[k] }])),
    });
    return { ok: true as const };
  });
}

/** The member leaves the project; their codes, conversions and payouts stay. */
export async function removeMembersFromProject(db: PrismaClient, args: { shop: string; actor: string; projectId: string; memberIds: string[] }): Promise<number> {
  return db.$transaction(async (tx) => {
    const project = await tx.project.findFirst({ where: { shop: args.shop, id: args.projectId } });
    if (!project) return 0;
    const { count } = await tx.projectMember.deleteMany({ where: { projectId: project.id, memberId: { in: args.memberIds }, member: { shop: args.shop } } });
    for (const memberId of args.memberIds)
      await recordAudit(tx, { shop: args.shop, actor: args.actor, action: "member.remove", subject: `member:${memberId}`, details: { project: project.id } });
    return count;
  });
}
