/** A shop's permanent domain ({handle}.myshopify.com), as webhook headers, payloads and session tokens carry it. */
export const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
