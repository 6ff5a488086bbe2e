import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

export const ADMIN_API_VERSION = "2026-10";
export const SCHEMA_FILE = fileURLToPath(new URL(`../schema/admin-${ADMIN_API_VERSION}.introspection.json.gz`, import.meta.url));

let schema: GraphQLSchema | undefined;
/** The real Admin GraphQL schema (introspection vendored from Shopify's @shopify/dev-mcp). */
export function adminSchema(): GraphQLSchema {
  if (!schema) {
    const introspection = JSON.parse(gunzipSync(readFileSync(SCHEMA_FILE)).toString("utf8")) as { data: IntrospectionQuery };
    schema = buildClientSchema(introspection.data, { assumeValid: true });
  }
  return schema;
}
