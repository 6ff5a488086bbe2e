// The creator portal's link for a member (R31), for the emails' {PORTAL_LINK} token (R18). A
// preview shows the member's live link (none yet: the token renders empty); sending a message that
// uses the token issues a link to each member who has none (recorded in the audit log).
import type { PrismaClient } from "@prisma/client";
import { memberPortalLink, portalLinkFor as liveOrNewLink } from "./portal.server";

export async function portalLinkFor(db: PrismaClient, shop: string, memberId: string, issueAs: string | null): Promise<string | null> {
  if (issueAs) return liveOrNewLink(db, { shop, memberId, actor: issueAs });
  return (await memberPortalLink(db, shop, memberId))?.url ?? null;
}
