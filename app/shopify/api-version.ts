import { ApiVersion } from "@shopify/shopify-app-remix/server";

/** The one Admin API version the app speaks, everywhere (library config, client, codegen). */
export const API_VERSION = ApiVersion.October26;
