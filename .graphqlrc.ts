// GraphQL codegen for the Admin API documents in app/ (`npm run graphql-codegen`). The schema is
// the vendored real Admin schema (emulator/schema), never fetched: it is unpacked next to the
// generated types, where @shopify/api-codegen-preset looks for it first.
import { gunzipSync } from "node:zlib";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { ApiType, shopifyApiProject } from "@shopify/api-codegen-preset";
import { API_VERSION } from "./app/shopify/api-version";

// The app's one Admin API version (app/shopify/api-version.ts), not a second literal.
const apiVersion: string = API_VERSION;
const schemaFile = `./app/types/admin-${apiVersion}.schema.json`;
if (!existsSync(schemaFile)) {
  writeFileSync(schemaFile, gunzipSync(readFileSync(`./emulator/schema/admin-${apiVersion}.introspection.json.gz`)));
}

export default {
  schema: schemaFile,
  documents: ["./app/**/*.{js,ts,jsx,tsx}"],
  projects: {
    default: shopifyApiProject({
      apiType: ApiType.Admin,
      apiVersion,
      documents: ["./app/**/*.{js,ts,jsx,tsx}", "!./app/types/**"],
      outputDir: "./app/types",
    }),
  },
};
