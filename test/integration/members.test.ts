import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { addMemberToProject, createProject, getMemberProfile, importMembersCsv, parseMembersCsv } from "~/services/members.server";
import { resetDatabase } from "../support/db";
import { ACTOR } from "../support/factories";

const SHOP = "us-store.myshopify.com";

describe("projects and members", () => {
  beforeEach(() => resetDatabase(prisma));
  afterAll(() => prisma.$disconnect());

  it("R35: a member needs a first name and a valid email, with a message per field", async () => {
    const { project } = (await createProject(prisma, { shop: SHOP, actor: ACTOR, name: "Spring" })) as { project: { id: string } };
    const bad = await addMemberToProject(prisma, { shop: SHOP, actor: ACTOR, projectId: project.id, input: { firstName: " ", email: "not-an-email" } });
    expect(bad).toEqual({ ok: false, errors: { firstName: "Enter a first name.", email: "Enter a valid email address, like name@example.com." } });
    expect(await prisma.member.count()).toBe(0);
    const ok = await addMemberToProject(prisma, {
      shop: SHOP,
      actor: ACTOR,
      projectId: project.id,
      input: { firstName: "Anna", lastName: "Lee", email: "Anna@Example.com", handle: "@anna" },
    });
    expect(ok.ok && ok.member.email).toBe("anna@example.com");
  });

  it("project names are unique per store", async () => {
    await createProject(prisma, { shop: SHOP, actor: ACTOR, name: "Spring" });
    expect(await createProject(prisma, { shop: SHOP, actor: ACTOR, name: "Spring" })).toEqual({ ok: false, errors: { name: 'A project called "Spring" already exists.' } });
  });

  it("CSV import reads headers in any order and names, reporting bad rows by line", () => {
    const { rows } = parseMembersCsv("Email,First Name,Last Name,Instagram\nanna@x.com,Anna,Lee,@anna\nnope,Ben,,\n,Cara,Diaz,\nanna@x.com,Anna,Again,\n");
    expect(rows.map((r) => [r.row, r.errors])).toEqual([
      [2, []],
      [3, ["Enter a valid email address, like name@example.com."]],
      [4, ["Enter a valid email address, like name@example.com."]],
      [5, ["Same email as row 2."]],
    ]);
    expect(parseMembersCsv("name\nAnna").fileError).toMatch(/first_name and email/);
    expect(parseMembersCsv("").fileError).toMatch(/empty/);
  });

  it("a CSV with errors imports nothing unless the merchant asks for the valid rows", async () => {
    const { project } = (await createProject(prisma, { shop: SHOP, actor: ACTOR, name: "Spring" })) as { project: { id: string } };
    const csv = "first_name,last_name,email,handle\nAnna,Lee,anna@x.com,@anna\nBen,Ortiz,broken,\nCara,Diaz,cara@x.com,\n";
    const refused = await importMembersCsv(prisma, { shop: SHOP, actor: ACTOR, projectId: project.id, csv, validRowsOnly: false });
    expect(refused).toMatchObject({ ok: false, imported: 0, valid: 2 });
    expect(refused.rows.map((r) => r.row)).toEqual([3]);
    expect(await prisma.member.count()).toBe(0);

    const partial = await importMembersCsv(prisma, { shop: SHOP, actor: ACTOR, projectId: project.id, csv, validRowsOnly: true });
    expect(partial).toMatchObject({ ok: true, imported: 2, skipped: 1 });
    expect(await prisma.projectMember.count({ where: { projectId: project.id } })).toBe(2);

    // Importing again does not duplicate members or memberships.
    await importMembersCsv(prisma, { shop: SHOP, actor: ACTOR, projectId: project.id, csv: "first_name,email\nAnna,anna@x.com\n", validRowsOnly: false });
    expect(await prisma.member.count()).toBe(2);
    expect(await prisma.projectMember.count()).toBe(2);
  });

  it("the member profile lists projects and offers", async () => {
    const { project } = (await createProject(prisma, { shop: SHOP, actor: ACTOR, name: "Spring" })) as { project: { id: string } };
    const added = await addMemberToProject(prisma, { shop: SHOP, actor: ACTOR, projectId: project.id, input: { firstName: "Anna", email: "anna@x.com" } });
    const profile = await getMemberProfile(prisma, SHOP, (added as { member: { id: string } }).member.id);
    expect(profile).toMatchObject({ member: { name: "Anna", email: "anna@x.com" }, projects: [{ name: "Spring" }], offers: [] });
    expect(await getMemberProfile(prisma, "other-store.myshopify.com", (added as { member: { id: string } }).member.id)).toBeNull();
  });
});
