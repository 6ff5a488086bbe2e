import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticateAdmin } from "~/shopify/authenticate-admin.server";
import { allowEmulatorAdminToFrame } from "~/shopify/emulator-routing.server";

export async function loader({ request }: LoaderFunctionArgs) {
  try {
    await authenticateAdmin(request);
  } catch (response) {
    // The library's own pages (the session-token bounce page) are framed by the admin too.
    if (response instanceof Response) allowEmulatorAdminToFrame(response.headers);
    throw response;
  }
  return null;
}
