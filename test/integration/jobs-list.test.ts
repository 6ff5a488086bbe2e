// The list of jobs (R38): every bulk action of a shop, newest first, with its progress and
// outcome, filtered by kind and outcome; never another shop's jobs. Jobs are made by the real
// writers (generation, deactivation) and worked off against the emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { changeCodeStatus } from "~/services/code-status.server";
import { generateCodesForMembers } from "~/services/generation.server";
import { listJobs } from "~/services/jobs.server";
import type { AdminClient } from "~/shopify/client.server";
import { resetDatabase } from "../support/db";
import { CA, clientFor, control, startTestEmulator, US } from "../support/emulator";
import { ACTOR, makeOffer, makeProjectWithMembers } from "../support/factories";

describe("R38: the list of jobs", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator.close();
    await prisma.$disconnect();
  });
  beforeEach(async () => {
    await resetDatabase(prisma);
    await control(emulator, "reset", {});
  });

  const clients = new Map<string, AdminClient>();
  const worker = () => runPendingOperations({ db: prisma, adminFor: async (s) => clients.get(s) ?? clients.set(s, clientFor(emulator, s)).get(s)!, pollMs: 5 });
  const takeCode = (shop: string, code: string) =>
    clientFor(emulator, shop).mutateOrThrow(
      `#graphql
      mutation TestTakeCodeForJobs($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { field message code } } }`,
      { input: { title: "Staff", code, startsAt: "2026-01-01T00:00:00Z", customerGets: { value: { percentage: 0.3 }, items: { all: true } } } },
    );
  async function generate(shop: string, offerId: string, items: { memberId: string; code: string }[]) {
    const result = await generateCodesForMembers(prisma, { shop, actor: ACTOR, offerId, items });
    if (!result.ok) throw new Error(JSON.stringify(result));
    return result.jobId;
  }

  it("R38: a shop's jobs newest first, with kind, offer, who, progress and outcome; filters by kind and outcome; pages; never another shop's", async () => {
    const { offer } = await makeOffer(prisma, US, { name: "Spring launch", groupName: "Spring launch codes" });
    const { members } = await makeProjectWithMembers(prisma, US, [
      ["Anna", "Lee"],
      ["Ben", "Ortiz"],
      ["Cara", "Diaz"],
      ["Dan", "Moss"],
      ["Eve", "Park"],
    ]);
    const [anna, ben, cara, dan, eve] = members as [(typeof members)[0], (typeof members)[0], (typeof members)[0], (typeof members)[0], (typeof members)[0]];
    await takeCode(US, "CARA20");
    await takeCode(US, "EVE20");
    await prisma.session.create({
      data: { id: "online_ada", shop: US, state: "", isOnline: true, accessToken: "x", userId: BigInt(70000001), firstName: "Ada", lastName: "Lovelace" },
    });
    // Another shop's job, with the same staff id: never listed for us-store.
    const other = await makeOffer(prisma, CA, { name: "Canada", groupName: "Canada codes" });
    const { members: caMembers } = await makeProjectWithMembers(prisma, CA, [["Zoe", "Roy"]]);
    await generate(CA, other.offer.id, [{ memberId: caMembers[0]!.id, code: "ZOE20" }]);
    await worker();

    const allDone = await generate(US, offer.id, [
      { memberId: anna.id, code: "ANNA20" },
      { memberId: ben.id, code: "BEN20" },
    ]);
    await worker();
    const withFailures = await generate(US, offer.id, [
      { memberId: cara.id, code: "CARA20" },
      { memberId: dan.id, code: "DAN20" },
    ]);
    await worker();
    const failed = await generate(US, offer.id, [{ memberId: eve.id, code: "EVE20" }]);
    await worker();
    const deactivation = await changeCodeStatus(prisma, { shop: US, actor: ACTOR, offerId: offer.id, offerMemberIds: "ALL", target: "DEACTIVATED" });
    if (!deactivation.ok || !deactivation.jobId) throw new Error("deactivation");
    const running = deactivation.jobId;
    const opsOf = (jobId: string) => prisma.syncOperation.count({ where: { jobId } });

    const list = await listJobs(prisma, US);
    expect(list.rows.map((r) => r.id)).toEqual([running, failed, withFailures, allDone]);
    expect(list.total).toBe(4);
    expect(list.rows.map((r) => [r.title, r.offer, r.who, r.outcome])).toEqual([
      ["Deactivating codes", { id: offer.id, name: "Spring launch" }, "Ada Lovelace", "RUNNING"],
      ["Generating promo codes", { id: offer.id, name: "Spring launch" }, "Ada Lovelace", "FAILED"],
      ["Generating promo codes", { id: offer.id, name: "Spring launch" }, "Ada Lovelace", "WITH_FAILURES"],
      ["Generating promo codes", { id: offer.id, name: "Spring launch" }, "Ada Lovelace", "DONE"],
    ]);
    // Progress in operations: the running job has done nothing yet (Anna, Ben and Dan's codes to deactivate).
    expect(list.rows.map((r) => [r.done, r.total])).toEqual([
      [0, 3],
      [await opsOf(failed), await opsOf(failed)],
      [await opsOf(withFailures), await opsOf(withFailures)],
      [await opsOf(allDone), await opsOf(allDone)],
    ]);

    const ids = async (opts: Parameters<typeof listJobs>[2]) => (await listJobs(prisma, US, opts)).rows.map((r) => r.id);
    expect(await ids({ kind: "GENERATE_CODES" })).toEqual([failed, withFailures, allDone]);
    expect(await ids({ kind: "DEACTIVATE_CODES" })).toEqual([running]);
    expect(await ids({ kind: "REFRESH_CODES" })).toEqual([]);
    expect(await ids({ outcome: "RUNNING" })).toEqual([running]);
    expect(await ids({ outcome: "DONE" })).toEqual([allDone]);
    expect(await ids({ outcome: "WITH_FAILURES" })).toEqual([withFailures]);
    expect(await ids({ outcome: "FAILED" })).toEqual([failed]);
    expect(await ids({ kind: "GENERATE_CODES", outcome: "RUNNING" })).toEqual([]);

    const first = await listJobs(prisma, US, { pageSize: 3 });
    const second = await listJobs(prisma, US, { pageSize: 3, page: 2 });
    expect([first.pages, first.rows.length, second.rows.map((r) => r.id)]).toEqual([2, 3, [allDone]]);

    // Live progress while it runs, final counters once done.
    await worker();
    const after = (await listJobs(prisma, US, { kind: "DEACTIVATE_CODES" })).rows[0]!;
    expect([after.done, after.total, after.outcome]).toEqual([3, 3, "DONE"]);
    // The other shop sees only its own job, by a staff member it has no name for.
    expect((await listJobs(prisma, CA)).rows.map((r) => [r.title, r.offer?.name, r.who])).toEqual([["Generating promo codes", "Canada", "Staff member #70000001"]]);
  });
});
