import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import tableStyles from "~/styles/tables.css?url";
import { env } from "~/env.server";
import { NavigationLoadingBar } from "~/components/app-page";
import { requireAdmin } from "~/services/request-context.server";
import { loadShopFormat } from "~/services/shops.server";

// Every page has a document title (axe: document-title); App Bridge shows the page's own in the admin.
export const meta: MetaFunction = () => [{ title: "Creator Codes" }];

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: polarisStyles },
  { rel: "stylesheet", href: tableStyles },
];

// Every page under /app is authenticated here, so none can forget to.
export async function loader({ request }: LoaderFunctionArgs) {
  const { db, admin } = await requireAdmin(request);
  const { SHOPIFY_API_KEY, APP_BRIDGE_URL } = env();
  // The shop's timezone and region for every date and amount (app/components/format.ts, useFormat).
  const format = await loadShopFormat({ db, admin });
  return { apiKey: SHOPIFY_API_KEY, appBridgeUrl: APP_BRIDGE_URL ?? null, format };
}

export default function AppLayout() {
  const { apiKey, appBridgeUrl } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} {...(appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {})}>
      <NavMenu>
        <Link to="/app" rel="home">
          Home
        </Link>
        <Link to="/app/offers">Offers</Link>
        <Link to="/app/projects">Projects</Link>
        <Link to="/app/jobs">Jobs</Link>
        <Link to="/app/payouts">Payouts</Link>
        <Link to="/app/settings/stores">Stores</Link>
        <Link to="/app/settings/email">Email</Link>
        <Link to="/app/audit">Audit log</Link>
      </NavMenu>
      <NavigationLoadingBar />
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses, so that their headers are included.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
