import prisma from "~/db.server";
import { sessionStorage } from "~/shopify.server";
import { authenticateAdmin } from "~/shopify/authenticate-admin.server";
import { adminClientForSession, invalidSessionResponse } from "~/shopify/admin.server";
import { kickSyncWorker } from "~/jobs/runner.server";

/** What every admin route needs: the authenticated shop, who acts, the DB and the Admin client. */
export async function requireAdmin(request: Request) {
  const { session, sessionToken } = await authenticateAdmin(request);
  return {
    shop: session.shop,
    actor: sessionToken?.sub ? `user:${sessionToken.sub}` : "app",
    db: prisma,
    // A refused token (app reinstalled, token revoked) means a new token exchange, not an error.
    admin: adminClientForSession(session, {
      onAuthError: async () => {
        await sessionStorage.deleteSession(session.id);
        throw invalidSessionResponse(request);
      },
    }),
    /** Call after queuing operations: the worker starts on them at once. */
    kick: () => kickSyncWorker(),
  };
}

export function pageParam(url: URL): number {
  const n = Number(url.searchParams.get("page") ?? "1");
  return Number.isInteger(n) && n > 0 ? n : 1;
}
