import { LoginErrorType, type LoginError } from "@shopify/shopify-app-remix/server";

/** The library's login() errors as the messages the form shows. */
export function loginErrorMessage(error: LoginError): { shop?: string } {
  if (error?.shop === LoginErrorType.MissingShop) return { shop: "Enter your store's domain to log in." };
  if (error?.shop === LoginErrorType.InvalidShop) return { shop: "Enter a valid store domain, like your-store.myshopify.com." };
  return {};
}
