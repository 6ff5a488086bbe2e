// Generating codes for 1,000 members against the emulator on a Standard-plan bucket (100 points/s,
// 2,000 max), for unified and per-code dates. Prints wall time, Admin API calls, points spent,
// and the ratio to the floor the bucket sets (points ÷ restore rate). Target ≤ 1.15×, with every
// Admin call delayed by `latencyMs` in the emulator (100 ms, a realistic round trip: the bucket, not
// round trips, must be the limit).
//   npm run bench -- generate-codes [members=1000] [latencyMs=100] [both|unified|per-code]
import { runPendingOperations } from "../app/jobs/sync-worker.server";
import { generateCodesForMembers, proposeCodesForMembers } from "../app/services/generation.server";
import { createOffer } from "../app/services/offers.server";
import { newOfferValues, parseOfferForm } from "../app/domain/offers/offer-input";
import { PLANS } from "../emulator/src/state";
import { benchEmulator, criticalRoundTrips, freshDatabase, machine, setLatency, trackedClients } from "./support";

const MEMBERS = Number(process.argv[2] ?? 1000);
const LATENCY_MS = Number(process.argv[3] ?? 100);
const MODES = process.argv[4] ?? "both";
const SHOP = "us-store.myshopify.com";
const RESTORE = PLANS.standard.restoreRate;

async function run(datesMode: "UNIFIED" | "PER_CODE") {
  const emulator = await benchEmulator();
  const { db, dispose } = freshDatabase();
  try {
    const parsed = parseOfferForm({
      ...newOfferValues(new Date("2026-11-01T00:00:00Z")),
      name: `Bench ${datesMode}`,
      groupName: `Bench ${datesMode}`,
      payoutFlatCents: "10",
      discountPercent: "20",
      datesMode,
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const created = await createOffer(db, { shop: SHOP, actor: "bench", input: parsed.value });
    if (!created.ok) throw new Error("offer");
    const project = await db.project.create({ data: { shop: SHOP, name: "Bench" } });
    await db.member.createMany({
      data: Array.from({ length: MEMBERS }, (_, i) => ({ shop: SHOP, firstName: `Creator${i}`, lastName: "Bench", email: `creator${i}@bench.example`, handle: `@c${i}` })),
    });
    const members = await db.member.findMany({ where: { shop: SHOP }, select: { id: true } });
    await db.projectMember.createMany({ data: members.map((m) => ({ projectId: project.id, memberId: m.id })) });
    const proposals = await proposeCodesForMembers(
      db,
      SHOP,
      created.offer.id,
      members.map((m) => m.id),
    );
    const result = await generateCodesForMembers(db, { shop: SHOP, actor: "bench", offerId: created.offer.id, items: proposals, startsAt: new Date("2026-11-01T00:00:00Z") });
    if (!result.ok) throw new Error(JSON.stringify(result));

    await setLatency(emulator, [SHOP], LATENCY_MS);
    const clients = trackedClients(emulator);
    const started = performance.now();
    await runPendingOperations({ db, adminFor: clients.adminFor, workerId: "bench" });
    const wallSeconds = (performance.now() - started) / 1000;

    const job = await db.job.findUniqueOrThrow({ where: { id: result.jobId } });
    const codesInStore = Object.values((await emulator.state()).shops[SHOP]!.discounts).reduce((n, d) => n + d.codes.length, 0);
    const t = clients.totals();
    const floorSeconds = t.pointsSpent / RESTORE;
    const figures = {
      datesMode,
      members: MEMBERS,
      succeeded: job.succeeded,
      failed: job.failed,
      codesInStore,
      wallSeconds: +wallSeconds.toFixed(2),
      adminApiCalls: t.calls,
      pointsSpent: t.pointsSpent,
      pointsRequested: t.pointsRequested,
      throttled: t.throttled,
      criticalPathRoundTrips: criticalRoundTrips(clients.intervals),
      floorSeconds: +floorSeconds.toFixed(2),
      ratioToFloor: +(wallSeconds / floorSeconds).toFixed(3),
      // The bucket starts full: its first 2,000 points cost no time.
      floorAfterBurstSeconds: +(Math.max(0, t.pointsSpent - PLANS.standard.maximumAvailable) / RESTORE).toFixed(2),
    };
    console.log(`${datesMode}: ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await dispose();
    await emulator.close();
  }
}

const unified = MODES === "per-code" ? null : await run("UNIFIED");
const perCode = MODES === "unified" ? null : await run("PER_CODE");
console.log(JSON.stringify({ bench: "generate-codes", plan: "standard", restoreRate: RESTORE, latencyMs: LATENCY_MS, machine: machine(), unified, perCode }));
