// Seeds the demo: the emulator's three stores have the app installed; each gets its offline
// session by opening the app once (token exchange happens on first load, as in Shopify).
const emulator = process.env.SHOPIFY_EMULATOR_URL!;
for (const store of ["us-store", "ca-store", "uk-store"]) {
  const response = await fetch(`${emulator}/_emulator/shops/${store}`);
  if (!response.ok) throw new Error(`emulator has no ${store}`);
}
console.log("» seeded: us-store (USD), ca-store (CAD), uk-store (GBP), app installed on each");
export {};
