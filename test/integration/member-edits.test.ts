import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { removeMembersFromProject, updateMember } from "~/services/member-edits.server";
import { resetDatabase } from "../support/db";
import { US } from "../support/emulator";

describe("editing members (#21)", () => {
  afterAll(() => prisma.$disconnect());
  beforeEach(async () => {
    await resetDatabase(prisma);
    await prisma.member.createMany({
      data: [
        { id: "m1", shop: US, firstName: "Anna", lastName: "Lee", email: "anna@x.com", handle: "@anna" },
        { id: "m2", shop: US, firstName: "Ben", email: "ben@x.com" },
      ],
    });
    await prisma.project.create({ data: { id: "p1", shop: US, name: "Spring" } });
    await prisma.projectMember.createMany({
      data: [
        { projectId: "p1", memberId: "m1" },
        { projectId: "p1", memberId: "m2" },
      ],
    });
  });

  it("R35/R36: a member's name, email and handle are edited, the change audited field by field", async () => {
    const r = await updateMember(prisma, { shop: US, actor: "user:1", memberId: "m1", input: { firstName: "Annie", lastName: "Lee", email: "ANNIE@x.com", handle: "@annie" } });
    expect(r).toEqual({ ok: true });
    expect(await prisma.member.findUniqueOrThrow({ where: { id: "m1" } })).toMatchObject({ firstName: "Annie", email: "annie@x.com", handle: "@annie" });
    const audit = await prisma.auditEntry.findFirstOrThrow({ where: { action: "member.update" } });
    expect(audit.subject).toBe("member:m1");
    expect(JSON.parse(audit.details)).toEqual({
      firstName: { from: "Anna", to: "Annie" },
      email: { from: "anna@x.com", to: "annie@x.com" },
      handle: { from: "@anna", to: "@annie" },
    });
  });

  it("R35: a bad field or another member's email is refused with a message and nothing changes", async () => {
    expect(await updateMember(prisma, { shop: US, actor: "user:1", memberId: "m1", input: { firstName: "", email: "ben@x.com", handle: "=1+1" } })).toMatchObject({
      ok: false,
      errors: { firstName: "Enter a first name.", handle: expect.stringMatching(/letters, digits/) },
    });
    expect(await updateMember(prisma, { shop: US, actor: "user:1", memberId: "m1", input: { firstName: "Anna", email: "ben@x.com" } })).toEqual({
      ok: false,
      errors: { email: "Another member already has this email address." },
    });
    expect(await prisma.member.findUniqueOrThrow({ where: { id: "m1" } })).toMatchObject({ firstName: "Anna", email: "anna@x.com" });
    expect(await prisma.auditEntry.count()).toBe(0);
  });

  it("#21: removing a member from a project keeps the member (and what refers to them)", async () => {
    expect(await removeMembersFromProject(prisma, { shop: US, actor: "user:1", projectId: "p1", memberIds: ["m1"] })).toBe(1);
    expect(await prisma.projectMember.findMany({ where: { projectId: "p1" }, select: { memberId: true } })).toEqual([{ memberId: "m2" }]);
    expect(await prisma.member.count({ where: { id: "m1" } })).toBe(1);
    expect(await prisma.auditEntry.count({ where: { action: "member.remove", subject: "member:m1" } })).toBe(1);
  });
});
