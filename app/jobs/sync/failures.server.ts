// How a failure reads to the merchant, and whether it is worth retrying.
import { MerchantMustOpenAppError, ShopifyAuthError, ShopifyGraphqlError } from "~/shopify/client.server";
import type { Outcome } from "./types";

export class NotConnectedError extends Error {
  constructor(
    readonly store: string,
    primary: string,
  ) {
    super(`${store} is no longer connected to ${primary}, so the code was created in no store.`);
  }
}

export function failureOf(error: unknown, store: string): Outcome {
  if (error instanceof NotConnectedError) return { ok: false, message: error.message };
  // The store's refresh token was revoked: its merchant must open the app (decision 030).
  if (error instanceof MerchantMustOpenAppError) return { ok: false, message: error.message };
  if (error instanceof ShopifyAuthError) return { ok: false, message: `The app is no longer installed on ${store}.` };
  if (error instanceof ShopifyGraphqlError) return { ok: false, message: `Shopify refused the request: ${error.errors.map((e) => e.message).join("; ")}` };
  return { ok: false, retry: true, message: `Shopify did not answer (${(error as Error).message ?? String(error)}).` };
}

export const takenMessage = (code: string, store: string) => `"${code}" already exists in ${store}. Pick another code for this member.`;
