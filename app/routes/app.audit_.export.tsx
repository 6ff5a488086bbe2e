// The audit log's CSV export (R36, #21): the entries matching the page's filters, streamed.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseAuditFilter } from "~/domain/audit/log-filter";
import { streamAuditCsv } from "~/services/audit-log.server";
import { requireAdmin } from "~/services/request-context.server";
import { loadShopFormat } from "~/services/shops.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop, admin } = await requireAdmin(request);
  const { filter } = parseAuditFilter(new URL(request.url).searchParams);
  const { timeZone } = await loadShopFormat({ db, admin });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(streamAuditCsv(db, shop, filter, timeZone), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
