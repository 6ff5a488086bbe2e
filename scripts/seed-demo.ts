// Seeds the demo: the emulator's three stores have the app installed (each gets its offline
// session when the app is first opened in it, by token exchange, as in Shopify), and us-store's
// database gets a project of sample creators to add to offers. Idempotent.
import { createPrismaClient } from "../app/db.server";

const emulator = process.env.SHOPIFY_EMULATOR_URL!;
for (const store of ["us-store", "ca-store", "uk-store"]) {
  const response = await fetch(`${emulator}/_emulator/shops/${store}`);
  if (!response.ok) throw new Error(`emulator has no ${store}`);
}

const SHOP = "us-store.myshopify.com";
const creators: [string, string, string][] = [
  ["Anna", "Lee", "@anna.styles"],
  ["Ben", "Ortiz", "@benruns"],
  ["Chloé", "Martin", "@chloe.cooks"],
  ["Dev", "Patel", "@devtravels"],
  ["Emma", "Johansson", "@emmaj"],
  ["Farah", "Haddad", "@farahfit"],
  ["Gus", "Nakamura", "@gus.makes"],
  ["Hana", "Kim", "@hanareads"],
  ["Isaac", "Mensah", "@isaac.m"],
  ["Julia", "Rossi", "@juliarossi"],
  ["Kofi", "Asante", "@kofi.climbs"],
  ["Lena", "Müller", "@lena.mu"],
];
const db = createPrismaClient();
const project = await db.project.upsert({ where: { shop_name: { shop: SHOP, name: "Demo creators" } }, create: { shop: SHOP, name: "Demo creators" }, update: {} });
for (const [firstName, lastName, handle] of creators) {
  const email = `${firstName}.${lastName}@creators.example`.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const member = await db.member.upsert({ where: { shop_email: { shop: SHOP, email } }, create: { shop: SHOP, firstName, lastName, email, handle }, update: {} });
  await db.projectMember.upsert({
    where: { projectId_memberId: { projectId: project.id, memberId: member.id } },
    create: { projectId: project.id, memberId: member.id },
    update: {},
  });
}
// Daily USD rates (R29) come from the app's rates job (bundled table on an empty database, then the ECB).
await db.$disconnect();
console.log(`» seeded: us-store (USD), ca-store (CAD), uk-store (GBP) with the app installed; ${creators.length} creators in us-store's "Demo creators" project`);
