// The rates job (R29, R40): stored rates first (the bundled table on an empty database, works
// offline), the ECB's latest when reachable, then the provisional conversions revalued against
// whatever better rate is now stored (issue 14 §5). Offline, the stored rates stay and nothing fails.
import type { PrismaClient } from "@prisma/client";
import { ensureRates } from "./rates.server";
import { revalueConversions } from "./conversions.server";

export async function runRatesJob(db: PrismaClient, fetchFn: typeof fetch = fetch) {
  const rates = await ensureRates(db, fetchFn);
  const revalued = await revalueConversions(db);
  return { ...rates, revalued };
}
