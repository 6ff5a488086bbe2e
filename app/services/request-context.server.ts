import prisma from "~/db.server";
import { sessionStorage } from "~/shopify.server";
import { authenticateAdmin } from "~/shopify/authenticate-admin.server";
import { invalidSessionResponse } from "~/shopify/admin.server";
import { offlineTokens } from "~/shopify/offline-token.server";

/** What every admin route needs: the authenticated shop, who acts, the DB and the Admin client. */
export async function requireAdmin(request: Request) {
  const { session, sessionToken } = await authenticateAdmin(request);
  return {
    shop: session.shop,
    actor: sessionToken?.sub ? `user:${sessionToken.sub}` : "app",
    db: prisma,
    // An expired or replaced token is renewed (docs/decisions/030); a token that cannot be renewed
    // (app reinstalled, refresh token revoked) means a new token exchange, not an error.
    admin: offlineTokens(prisma).adminFor(session.shop, {
      initial: { accessToken: session.accessToken, expires: session.expires },
      onAuthError: async () => {
        await sessionStorage.deleteSession(session.id);
        throw invalidSessionResponse(request);
      },
    }),
  };
}

export function pageParam(url: URL): number {
  const n = Number(url.searchParams.get("page") ?? "1");
  return Number.isInteger(n) && n > 0 && n <= 1_000_000 ? n : 1;
}

/** The list search box (`q`): trimmed, at most 100 characters, without control characters. */
export function searchParam(url: URL): string | undefined {
  const q = (url.searchParams.get("q") ?? "")
    .replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, "")
    .trim()
    .slice(0, 100);
  return q || undefined;
}
