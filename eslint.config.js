import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  { ignores: ["build/**", "extensions/*/dist/**", "node_modules/**", ".cache/**", "app/types/**", "test-results/**", ".tmp/**", "prisma/data/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
    },
  },
  {
    // Domain rules are plain modules (issue 22): no framework, database or Shopify code in them.
    files: ["app/domain/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@remix-run/*", "react", "react-dom", "@shopify/*"],
              message: "app/domain holds plain rules: no Remix, React or Shopify code (put it in services, routes or app/shopify).",
            },
            { group: ["@prisma/*", ".prisma/*", "~/db.server", "**/db.server"], message: "app/domain holds plain rules: no Prisma (database work belongs in app/services)." },
            { group: ["~/shopify/*", "~/services/*", "~/routes/*"], message: "app/domain is below services, routes and app/shopify: it imports none of them." },
          ],
        },
      ],
    },
  },
  {
    files: ["emulator/src/app-bridge-standin.js"],
    // Plain ES5-style browser script served as is: `var self = this` is its idiom.
    rules: { "@typescript-eslint/no-this-alias": "off" },
    languageOptions: {
      globals: {
        window: "readonly",
        document: "readonly",
        location: "readonly",
        customElements: "readonly",
        HTMLElement: "readonly",
        MutationObserver: "readonly",
        CustomEvent: "readonly",
        Event: "readonly",
        Request: "readonly",
        Headers: "readonly",
        URL: "readonly",
        URLSearchParams: "readonly",
        Promise: "readonly",
        Map: "readonly",
      },
    },
  },
  {
    files: ["emulator/src/ui-extensions-standin.js"],
    // The emulator's admin UI extension runtime stand-in (issue 19), a browser script served as is.
    languageOptions: {
      globals: {
        window: "readonly",
        document: "readonly",
        customElements: "readonly",
        HTMLElement: "readonly",
        MutationObserver: "readonly",
        ResizeObserver: "readonly",
        Event: "readonly",
        Headers: "readonly",
        URL: "readonly",
        Intl: "readonly",
        Promise: "readonly",
        Map: "readonly",
        console: "readonly",
      },
    },
  },
  {
    files: ["public/portal-copy.js"],
    // The creator portal's one browser script, served as is (docs/decisions/090).
    languageOptions: { globals: { window: "readonly", document: "readonly", navigator: "readonly", setTimeout: "readonly", Promise: "readonly" } },
  },
  {
    files: ["scripts/**", "prisma.config.ts", "remix.config.js", "*.config.{ts,js}"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
  {
    files: ["server.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", setTimeout: "readonly" } },
  },
);
