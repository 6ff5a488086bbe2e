import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import type { Emulator } from "../../emulator/src/server";
import type { EmulatorState } from "../../emulator/src/state";
import { runPendingOperations } from "~/jobs/sync-worker.server";
import { claim } from "~/jobs/sync/claim.server";
import { DEFAULT_LEASE_MS } from "~/jobs/sync/types";
import { generateCodesForMembers } from "~/services/generation.server";
import { getJob } from "~/services/jobs.server";
import type { AdminClient } from "~/shopify/client.server";
import { resetDatabase } from "../support/db";
import { clientFor, control, startTestEmulator, US } from "../support/emulator";
import { ACTOR, makeOffer } from "../support/factories";

// R34: work left by a worker that died (SIGKILL, a restart) resumes within one short lease, by any
// instance; a live worker keeps its lease however slow Shopify is; a restart reconciles codes
// that may have landed in pages, not one call per code.
describe("sync recovery after a restart (R34, R38)", () => {
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

  const codesIn = async (shop: string) => {
    const state = (await control(emulator, "state")) as EmulatorState;
    return Object.values(state.shops[shop]!.discounts).flatMap((d) => d.codes.map((c) => c.code));
  };

  async function generate(count: number) {
    const { offer } = await makeOffer(prisma, US);
    await prisma.member.createMany({ data: Array.from({ length: count }, (_, i) => ({ shop: US, firstName: `M${i}`, email: `m${i}@recovery.example` })) });
    const members = await prisma.member.findMany({ where: { shop: US }, orderBy: { email: "asc" } });
    const result = await generateCodesForMembers(prisma, { shop: US, actor: ACTOR, offerId: offer.id, items: members.map((m, i) => ({ memberId: m.id, code: `REC${i}` })) });
    if (!result.ok) throw new Error(JSON.stringify(result));
    return result.jobId;
  }

  it("R34: a dead worker's claims expire within one 10 s lease, the job page says it is resuming, and another instance finishes the work once", async () => {
    const jobId = await generate(20);
    // A worker claims everything, then dies before doing anything.
    const before = Date.now();
    const claimed = await claim({ db: prisma, adminFor: async () => clientFor(emulator, US), workerId: "dead-instance" }, 1000);
    expect(claimed).toHaveLength(20);
    const leases = await prisma.syncOperation.findMany({ where: { jobId }, select: { leaseUntil: true } });
    for (const l of leases) expect(l.leaseUntil!.getTime() - before).toBeLessThanOrEqual(DEFAULT_LEASE_MS + 1000);
    expect(DEFAULT_LEASE_MS).toBeLessThanOrEqual(10_000);
    // While the lease holds, a new instance leaves the work alone.
    expect(await runPendingOperations({ db: prisma, adminFor: async (s) => clientFor(emulator, s), pollMs: 5 })).toBe(0);
    expect((await getJob(prisma, US, jobId))!.job.resuming).toBe(false);
    // The lease runs out (the dead worker never renews it): the job says so, and the work resumes.
    await prisma.syncOperation.updateMany({ where: { jobId }, data: { leaseUntil: new Date(Date.now() - 1) } });
    expect((await getJob(prisma, US, jobId))!.job).toMatchObject({ resuming: true, status: "RUNNING" });
    await runPendingOperations({ db: prisma, adminFor: async (s) => clientFor(emulator, s), pollMs: 5, workerId: "new-instance" });
    expect((await codesIn(US)).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `REC${i}`).sort());
    expect((await getJob(prisma, US, jobId))!.job).toMatchObject({ resuming: false, status: "DONE", codesCreated: 20 });
  });

  it("R34: a live worker renews its lease while Shopify is slow, so no other instance takes its work over", async () => {
    const jobId = await generate(3);
    await control(emulator, `shops/${US}/faults`, { latencyMs: 1500 });
    const leaseMs = 600;
    const first = runPendingOperations({ db: prisma, adminFor: async (s) => clientFor(emulator, s), pollMs: 5, leaseMs, workerId: "slow" });
    await new Promise((r) => setTimeout(r, 1200));
    // Two lease lengths later the slow worker's claims are still held by it...
    const held = await prisma.syncOperation.findMany({ where: { jobId }, select: { leaseOwner: true, leaseUntil: true, status: true } });
    expect(held.filter((o) => o.status === "RUNNING" && o.leaseOwner?.startsWith("slow:") && o.leaseUntil! > new Date())).not.toHaveLength(0);
    // ...so a second instance finds nothing to take over.
    expect(await runPendingOperations({ db: prisma, adminFor: async (s) => clientFor(emulator, s), pollMs: 5, leaseMs, workerId: "second" })).toBe(0);
    await control(emulator, `shops/${US}/faults`, {});
    await first;
    expect((await codesIn(US)).sort()).toEqual(["REC0", "REC1", "REC2"]);
    expect(await prisma.syncOperation.count({ where: { jobId, attempts: { gt: 1 } } })).toBe(0);
  });

  it("R34: after a crash, a unified discount's codes are reconciled in pages of 250, not one call per code", { timeout: 120_000 }, async () => {
    const jobId = await generate(500);
    await runPendingOperations({ db: prisma, adminFor: async (s) => clientFor(emulator, s), pollMs: 5 });
    expect(await codesIn(US)).toHaveLength(500);
    // As if the worker had died after Shopify applied every call but before any was recorded.
    await prisma.syncOperation.updateMany({ where: { jobId }, data: { status: "RUNNING", leaseUntil: new Date(Date.now() - 1) } });
    let client: AdminClient | undefined;
    await runPendingOperations({ db: prisma, adminFor: async (s) => (client ??= clientFor(emulator, s)), pollMs: 5 });
    expect(await codesIn(US)).toHaveLength(500);
    expect((await getJob(prisma, US, jobId))!.job).toMatchObject({ status: "DONE", codesCreated: 500, codesFailed: 0 });
    // The discount's 500 codes read in 2 pages of 250 (plus, on a loaded machine, a retried call
    // or two), where a lookup per code would make 500 calls.
    expect(client!.stats.calls).toBeLessThan(20);
  });
});
