import type { AdminClient } from "./client.server";

export const SHOP_INFO_QUERY = `#graphql
  query ShopInfo {
    shop {
      name
      myshopifyDomain
      currencyCode
      email
      ianaTimezone
      billingAddress { countryCodeV2 }
      plan { partnerDevelopment shopifyPlus }
    }
  }
` as const;

export interface ShopInfo {
  name: string;
  domain: string;
  currencyCode: string;
  email: string;
  ianaTimezone: string;
  countryCode: string | null;
}

export async function fetchShopInfo(admin: AdminClient): Promise<ShopInfo> {
  const { shop } = await admin.query(SHOP_INFO_QUERY);
  return {
    name: shop.name,
    domain: shop.myshopifyDomain,
    currencyCode: shop.currencyCode,
    email: shop.email,
    ianaTimezone: shop.ianaTimezone,
    countryCode: shop.billingAddress.countryCodeV2 ?? null,
  };
}
