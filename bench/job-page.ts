// `npm run bench -- job-page [members] [stores]`: the job page's server work (the loader's
// getJob) for a synced generation job of 1,000 members in 6 stores (the primary and 5 connected):
// 1,000 checks + 6,000 creations, 2% failed. Pages of 50 members, the "with failures" tab, and the
// live counters, read as a merchant does while the page refreshes. Prints p50/p95/max.
import { randomUUID } from "node:crypto";
import { getJob, JOB_PAGE_SIZE } from "../app/services/jobs.server";
import { eachChunk } from "../app/services/chunks.server";
import { freshDatabase } from "./support";

const members = Number(process.argv[2] ?? 1000);
const connected = Number(process.argv[3] ?? 5);
const shop = "us-store.myshopify.com";
const stores = [shop, ...Array.from({ length: connected }, (_, i) => `region-${i + 1}.myshopify.com`)];
const { db, dispose } = freshDatabase();

const offer = await db.offer.create({
  data: {
    shop,
    name: "Bench offer",
    payoutType: "FLAT",
    payoutFlatCents: 500,
    groupName: "Bench codes",
    discountType: "PERCENTAGE",
    discountPercent: 20,
    startsAt: new Date(),
    syncEnabled: true,
  },
});
await db.storeLink.createMany({ data: stores.slice(1).map((s, i) => ({ primaryShop: shop, connectedShop: s, label: `Region ${i + 1}` })) });
const job = await db.job.create({ data: { shop, kind: "GENERATE_CODES", offerId: offer.id, actor: "bench", status: "DONE" } });
const memberRows = Array.from({ length: members }, (_, i) => ({ id: randomUUID(), shop, firstName: `First${i}`, lastName: `Last${i}`, email: `m${i}@bench.example` }));
await eachChunk(memberRows, (part) => db.member.createMany({ data: part }), 100);
const codes = memberRows.map((m, i) => ({
  id: randomUUID(),
  shop,
  offerId: offer.id,
  memberId: m.id,
  code: `BENCH${i}`,
  codeKey: `BENCH${i}`,
  status: i % 50 === 0 ? "FAILED" : "ACTIVE",
  startsAt: new Date(),
}));
await eachChunk(codes, (part) => db.promoCode.createMany({ data: part }), 80);
const storeCodes = codes.flatMap((c, i) =>
  stores.map((store, s) => ({
    promoCodeId: c.id,
    store,
    state: i % 50 === 0 && s === 1 ? "FAILED" : "SYNCED",
    error: i % 50 === 0 && s === 1 ? "Shopify refused the code." : null,
  })),
);
await eachChunk(storeCodes, (part) => db.storeCode.createMany({ data: part }), 150);
const ops = codes.flatMap((c, i) => [
  { jobId: job.id, shop, store: shop, offerId: offer.id, promoCodeId: c.id, action: "CHECK_CODE", status: "SUCCEEDED", attempts: 1 },
  ...stores.map((store, s) => ({
    jobId: job.id,
    shop,
    store,
    offerId: offer.id,
    promoCodeId: c.id,
    action: "CREATE_CODE",
    status: i % 50 === 0 && s === 1 ? "FAILED" : "SUCCEEDED",
    error: i % 50 === 0 && s === 1 ? "Shopify refused the code." : null,
    attempts: 1,
  })),
]);
await eachChunk(ops, (part) => db.syncOperation.createMany({ data: part }), 80);

const pages = Math.ceil(members / JOB_PAGE_SIZE);
const times: number[] = [];
for (let round = 0; round < 4; round++) {
  for (let page = 1; page <= pages; page++) {
    const t = performance.now();
    const data = await getJob(db, shop, job.id, { page });
    times.push(performance.now() - t);
    if (!data || data.rows.length === 0) throw new Error(`page ${page} is empty`);
  }
  const t = performance.now();
  await getJob(db, shop, job.id, { failedOnly: true });
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const pct = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]! * 10) / 10;
await dispose();
console.log(
  JSON.stringify({
    bench: "job-page",
    members,
    stores: stores.length,
    operations: ops.length,
    requests: times.length,
    p50Ms: pct(50),
    p95Ms: pct(95),
    maxMs: Math.round(times.at(-1)! * 10) / 10,
  }),
);
