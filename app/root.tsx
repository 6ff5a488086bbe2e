import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useMatches, useRouteError } from "@remix-run/react";

/**
 * A route with `handle = { hydrate: false }` is served as HTML and CSS only: no Remix or React
 * scripts (the creator portal, docs/decisions/090).
 */
function useHydrate(): boolean {
  return !useMatches().some((m) => (m.handle as { hydrate?: boolean } | undefined)?.hydrate === false);
}

export default function App() {
  const hydrate = useHydrate();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        {hydrate ? (
          <>
            <ScrollRestoration />
            <Scripts />
          </>
        ) : null}
      </body>
    </html>
  );
}

/**
 * The last resort for errors no route handles: the status and, for a refusal the app answered
 * itself (4xx with a text message), that message. Never an error's message or stack (issue 12).
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const hydrate = useHydrate();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    isRouteErrorResponse(error) && status < 500 && typeof error.data === "string" && error.data.length <= 200
      ? error.data
      : status === 404
        ? "This page does not exist."
        : "Something went wrong on our side. Reload the page to try again.";
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <title>{`${status} · Creator Codes`}</title>
        <Meta />
        <Links />
      </head>
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "2rem" }}>
        <h1>{status === 404 ? "Not found" : status < 500 ? "This request was refused" : "Something went wrong"}</h1>
        <p>{message}</p>
        {hydrate ? <Scripts /> : null}
      </body>
    </html>
  );
}
