// A project's members with their codes (issue 17) as a streamed CSV download.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse, projectMembersCsv } from "~/services/code-export.server";
import { requireAdmin } from "~/services/request-context.server";
import { idParam } from "~/services/forms.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await requireAdmin(request);
  const file = await projectMembersCsv(db, shop, idParam(params.id));
  if (!file) throw new Response("Project not found", { status: 404 });
  return csvResponse(file);
}
