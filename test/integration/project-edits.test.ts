import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { createProject, listProjects } from "~/services/members.server";
import { projectSettings, renameProject, setProjectArchived } from "~/services/project-edits.server";
import { resetDatabase } from "../support/db";
import { ACTOR, makeProjectWithMembers } from "../support/factories";

const SHOP = "us-store.myshopify.com";
const OTHER = "ca-store.myshopify.com";

describe("rename and archive a project (issue 21, R35, R36)", () => {
  afterAll(async () => {
    await prisma.$disconnect();
  });
  beforeEach(async () => {
    await resetDatabase(prisma);
  });

  it("R35: a rename is refused with a message per problem, and nothing is written", async () => {
    const { project } = await makeProjectWithMembers(prisma, SHOP, [["Anna", "Lee"]], "Spring");
    await createProject(prisma, { shop: SHOP, actor: ACTOR, name: "Autumn" });
    const rename = (name: unknown) => renameProject(prisma, { shop: SHOP, actor: ACTOR, projectId: project.id, name });
    expect(await rename("   ")).toEqual({ ok: false, errors: { name: "Enter a project name." } });
    expect(await rename(undefined)).toEqual({ ok: false, errors: { name: "Enter a project name." } });
    expect(await rename("x".repeat(101))).toEqual({ ok: false, errors: { name: "Keep the project name to 100 characters or fewer." } });
    expect(await rename("Two\nlines")).toEqual({ ok: false, errors: { name: "Keep it on one line." } });
    expect(await rename("Autumn")).toEqual({ ok: false, errors: { name: 'A project called "Autumn" already exists.' } });
    expect(await renameProject(prisma, { shop: OTHER, actor: ACTOR, projectId: project.id, name: "Mine" })).toEqual({
      ok: false,
      errors: { form: "This project does not exist in this store." },
    });
    expect((await prisma.project.findUniqueOrThrow({ where: { id: project.id } })).name).toBe("Spring");
    expect(await prisma.auditEntry.count({ where: { action: "project.rename" } })).toBe(0);
  });

  it("R36: a rename is stored and audited with the old and new name", async () => {
    const { project } = await makeProjectWithMembers(prisma, SHOP, [["Anna", "Lee"]], "Spring");
    expect(await renameProject(prisma, { shop: SHOP, actor: ACTOR, projectId: project.id, name: "  Spring 2027 " })).toEqual({ ok: true });
    expect((await prisma.project.findUniqueOrThrow({ where: { id: project.id } })).name).toBe("Spring 2027");
    const audit = await prisma.auditEntry.findFirstOrThrow({ where: { action: "project.rename" } });
    expect([audit.subject, audit.actor, JSON.parse(audit.details)]).toEqual([`project:${project.id}`, ACTOR, { from: "Spring", to: "Spring 2027" }]);
  });

  it("an archived project leaves the lists with its members kept, and comes back when unarchived", async () => {
    const { project, members } = await makeProjectWithMembers(
      prisma,
      SHOP,
      [
        ["Anna", "Lee"],
        ["Ben", "Ortiz"],
      ],
      "Spring",
    );
    await createProject(prisma, { shop: SHOP, actor: ACTOR, name: "Autumn" });
    expect(await setProjectArchived(prisma, { shop: OTHER, actor: ACTOR, projectId: project.id, archived: true })).toMatchObject({ ok: false });
    expect(await setProjectArchived(prisma, { shop: SHOP, actor: ACTOR, projectId: project.id, archived: true })).toEqual({ ok: true });
    expect((await listProjects(prisma, SHOP)).map((p) => p.name)).toEqual(["Autumn"]);
    expect((await listProjects(prisma, SHOP, { archived: true })).map((p) => [p.name, p.members])).toEqual([["Spring", 2]]);
    expect(await prisma.member.count({ where: { id: { in: members.map((m) => m.id) } } })).toBe(2);
    expect(await projectSettings(prisma, SHOP, project.id)).toMatchObject({ name: "Spring", members: 2, offers: 0, archivedAt: expect.any(String) });
    expect(await setProjectArchived(prisma, { shop: SHOP, actor: ACTOR, projectId: project.id, archived: true })).toEqual({
      ok: false,
      errors: { form: "This project is already archived." },
    });

    expect(await setProjectArchived(prisma, { shop: SHOP, actor: ACTOR, projectId: project.id, archived: false })).toEqual({ ok: true });
    expect((await listProjects(prisma, SHOP)).map((p) => p.name)).toEqual(["Autumn", "Spring"]);
    const audited = await prisma.auditEntry.findMany({ where: { subject: `project:${project.id}`, action: { in: ["project.archive", "project.unarchive"] } } });
    expect(audited.map((a) => [a.action, a.actor]).sort()).toEqual([
      ["project.archive", ACTOR],
      ["project.unarchive", ACTOR],
    ]);
  });
});
