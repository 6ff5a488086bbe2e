import type { PrismaClient } from "@prisma/client";
import { connectStore, createLinkCode } from "~/services/stores.server";
import { ACTOR } from "./factories";

/** Both stores installed; `connected` grants `primary` with a link code (R1a). */
export async function linkStores(db: PrismaClient, primary: string, connected: string, label: string) {
  for (const domain of [primary, connected]) {
    await db.shop.upsert({ where: { domain }, create: { domain, name: domain.split(".")[0]! }, update: {} });
  }
  const { code } = await createLinkCode(db, { shop: connected, actor: ACTOR });
  const result = await connectStore(db, { shop: primary, actor: ACTOR, code, label });
  if (!result.ok) throw new Error(result.error);
  return result.link;
}
