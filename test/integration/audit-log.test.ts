import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { AUDIT_PAGE_SIZE, listAuditEntries, streamAuditCsv } from "~/services/audit-log.server";
import { recordAudit } from "~/services/audit.server";
import { resetDatabase } from "../support/db";
import { CA, US } from "../support/emulator";

const NY = "America/New_York";

async function csvOf(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("the audit log page and export (R36)", () => {
  afterAll(() => prisma.$disconnect());
  beforeEach(async () => {
    await resetDatabase(prisma);
    await prisma.offer.create({
      data: {
        id: "offer-1",
        shop: US,
        name: "Spring",
        payoutType: "FLAT",
        payoutFlatCents: 100,
        groupName: "Spring",
        discountType: "PERCENTAGE",
        discountPercent: 10,
        startsAt: new Date("2026-11-01T00:00:00Z"),
      },
    });
    await prisma.member.create({ data: { id: "member-1", shop: US, firstName: "Anna", lastName: "Lee", email: "anna@creators.example" } });
  });

  it("R36: who changed what, when and in which stores, newest first, with the subject's name and link", async () => {
    await recordAudit(prisma, { shop: US, actor: "user:42", action: "offer.update", subject: "offer:offer-1", stores: [US, CA], details: { name: "Spring" } });
    await prisma.auditEntry.updateMany({ data: { createdAt: new Date("2026-11-20T12:00:00Z") } });
    await recordAudit(prisma, { shop: US, actor: "app", action: "member.update", subject: "member:member-1" });
    await recordAudit(prisma, { shop: CA, actor: "user:7", action: "offer.update", subject: "offer:other-shop" });
    const { rows, total } = await listAuditEntries(prisma, US, {}, { page: 1, timeZone: NY });
    expect(total).toBe(2);
    expect(rows.map((r) => r.action)).toEqual(["member.update", "offer.update"]);
    expect(rows[1]).toMatchObject({
      actorLabel: "Staff member 42",
      actionLabel: "Offer edited",
      stores: [US, CA],
      subject: { label: "Spring", url: "/app/offers/offer-1" },
      details: "name: Spring",
    });
    expect(rows[0]!.subject).toMatchObject({ label: "Anna Lee", url: "/app/members/member-1" });
  });

  it("R36: filters by offer (as subject or in the details), member, actor, kind and the shop's days", async () => {
    const at = async (iso: string, entry: Parameters<typeof recordAudit>[1]) => {
      await recordAudit(prisma, entry);
      const last = await prisma.auditEntry.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
      await prisma.auditEntry.update({ where: { id: last.id }, data: { createdAt: new Date(iso) } });
    };
    await at("2026-11-10T15:00:00Z", { shop: US, actor: "user:1", action: "offer.update", subject: "offer:offer-1" });
    await at("2026-11-11T15:00:00Z", { shop: US, actor: "user:2", action: "project.offer.connect", subject: "project:p1", details: { offer: "offer-1" } });
    await at("2026-11-12T15:00:00Z", { shop: US, actor: "user:2", action: "member.update", subject: "member:member-1" });
    // 03:00 UTC on Nov 13 is still Nov 12 in New York.
    await at("2026-11-13T03:00:00Z", { shop: US, actor: "user:1", action: "codes.generate", subject: "offer:offer-2" });
    const actions = async (filter: Parameters<typeof listAuditEntries>[2]) => (await listAuditEntries(prisma, US, filter, { page: 1, timeZone: NY })).rows.map((r) => r.action);
    expect(await actions({ offerId: "offer-1" })).toEqual(["project.offer.connect", "offer.update"]);
    expect(await actions({ memberId: "member-1" })).toEqual(["member.update"]);
    expect(await actions({ actor: "user:1" })).toEqual(["codes.generate", "offer.update"]);
    expect(await actions({ action: "member.update" })).toEqual(["member.update"]);
    expect(await actions({ from: "2026-11-12", to: "2026-11-12" })).toEqual(["codes.generate", "member.update"]);
    expect(await actions({ from: "2026-11-13" })).toEqual([]);
  });

  it("R36: paginated 50 per page; a page past the end shows the last", async () => {
    await prisma.auditEntry.createMany({
      data: Array.from({ length: AUDIT_PAGE_SIZE + 3 }, (_, i) => ({
        shop: US,
        actor: "app",
        action: "codes.generate",
        subject: `offer:o${i}`,
        createdAt: new Date(Date.UTC(2026, 10, 1, 0, i)),
      })),
    });
    const first = await listAuditEntries(prisma, US, {}, { page: 1, timeZone: NY });
    expect(first).toMatchObject({ total: AUDIT_PAGE_SIZE + 3, pages: 2, page: 1 });
    expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
    const last = await listAuditEntries(prisma, US, {}, { page: 9, timeZone: NY });
    expect(last.page).toBe(2);
    expect(last.rows.map((r) => r.subject?.label)).toEqual(["Offer o2", "Offer o1", "Offer o0"]);
  });

  it("R36: the CSV export streams every matching entry (across batches) with formulas neutralised", async () => {
    const n = 1234;
    await prisma.auditEntry.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        shop: US,
        actor: "user:1",
        action: "member.update",
        subject: "member:member-1",
        createdAt: new Date(Date.UTC(2026, 10, 1, 0, 0, i)),
      })),
    });
    await recordAudit(prisma, { shop: US, actor: "user:9", action: "member.add", subject: "member:member-1", details: { memberId: "member-1" } });
    await prisma.auditEntry.updateMany({ where: { action: "member.add" }, data: { actor: "=HYPERLINK(1)" } });
    await recordAudit(prisma, { shop: US, actor: "user:9", action: "offer.update", subject: "offer:offer-1" });
    const csv = await csvOf(streamAuditCsv(prisma, US, { memberId: "member-1" }, NY));
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("time_utc,actor,action,subject,stores,details");
    expect(lines).toHaveLength(1 + n + 1);
    expect(lines[1]).toContain("member.add");
    expect(lines[1]!.split(",")[1]).toBe("'=HYPERLINK(1)");
    expect(new Set(lines.slice(2).map((l) => l.split(",")[2]))).toEqual(new Set(["member.update"]));
    // Every row once, newest first.
    const times = lines.slice(2).map((l) => l.split(",")[0]);
    expect(new Set(times).size).toBe(n);
    expect([...times].sort().reverse()).toEqual(times);
  });
});
