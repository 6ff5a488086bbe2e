// The `shopify` global each target's module sees, as Shopify CLI generates this file.
import "@shopify/ui-extensions";

declare module "./src/OrderBlock.tsx" {
  const shopify: import("@shopify/ui-extensions/admin.order-details.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}

declare module "./src/OrderAction.tsx" {
  const shopify: import("@shopify/ui-extensions/admin.order-details.action.render").Api;
  const globalThis: { shopify: typeof shopify };
}
