// Remix options, read by vite.config.ts (the Vite plugin takes the same options). Remix v2 with
// every v3 future flag on, so a later move to React Router 7 is mechanical
// (docs/decisions/001-stack-and-layout.md).
/** @type {import('@remix-run/dev').VitePluginConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
    v3_routeConfig: false,
  },
};
