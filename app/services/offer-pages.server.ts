// What the offer pages load (routes keep no Prisma calls): the offer of a page, the members the
// naming preview uses (R16), whether its structure is locked, and its latest job.
import type { PrismaClient } from "@prisma/client";
import { offerToValues } from "~/domain/offers/offer-input";

const PREVIEW_MEMBER = { firstName: true, lastName: true, handle: true } as const;

/** The shop's offer, or null (another shop's offer is as absent as a missing one). */
export function findOfferSummary(db: PrismaClient, shop: string, offerId: string) {
  return db.offer.findFirst({ where: { id: offerId, shop }, select: { id: true, name: true, kind: true, datesMode: true, startsAt: true, endsAt: true } });
}

/** The create form: three recent members for the naming preview. */
export async function newOfferPage(db: PrismaClient, shop: string) {
  const previewMembers = await db.member.findMany({ where: { shop }, take: 3, orderBy: { createdAt: "desc" }, select: PREVIEW_MEMBER });
  return { previewMembers };
}

/** The edit form: the offer as form values, its members for the preview, and whether kind and dates mode are locked (it has codes). */
export async function editOfferPage(db: PrismaClient, shop: string, offerId: string) {
  const offer = await db.offer.findFirst({ where: { id: offerId, shop } });
  if (!offer) return null;
  const [codes, previewMembers] = await Promise.all([
    db.promoCode.count({ where: { offerId: offer.id, status: { not: "FAILED" } } }),
    db.member.findMany({ where: { shop, offers: { some: { offerId: offer.id } } }, take: 3, select: PREVIEW_MEMBER }),
  ]);
  return { id: offer.id, name: offer.name, initial: offerToValues(offer), previewMembers, locked: codes > 0 };
}

/** The offer's most recent job, for the detail page's link to it (plain SQL: one of the offer page's statements, #15). */
export async function latestJob(db: PrismaClient, offerId: string) {
  const [job] = await db.$queryRaw<{ id: string; status: string }[]>`SELECT "id", "status" FROM "Job" WHERE "offerId" = ${offerId} ORDER BY "createdAt" DESC, "id" DESC LIMIT 1`;
  return job ? { id: job.id, status: job.status } : null;
}

/** What the offer page's summary needs beyond the offer (issue 21): the shop's currency, the stores it syncs to with their own values, its member count. */
export async function offerSummaryContext(db: PrismaClient, offer: { id: string; shop: string }) {
  const [shop, selected, members] = await Promise.all([
    db.shop.findUnique({ where: { domain: offer.shop }, select: { currencyCode: true } }),
    db.offerStore.findMany({ where: { offerId: offer.id }, orderBy: { addedAt: "asc" }, select: { store: true, discountPercent: true } }),
    db.offerMember.count({ where: { offerId: offer.id } }),
  ]);
  const links = await db.storeLink.findMany({
    where: { primaryShop: offer.shop, connectedShop: { in: selected.map((s) => s.store) } },
    select: { connectedShop: true, label: true },
  });
  return {
    currency: shop?.currencyCode ?? "USD",
    stores: selected.map((s) => ({ label: links.find((l) => l.connectedShop === s.store)?.label ?? s.store, discountPercent: s.discountPercent })),
    members,
  };
}
