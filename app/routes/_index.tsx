import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

// Shopify opens the app at its URL with ?shop=…; the embedded app lives under /app.
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
}

export default function Landing() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 560, margin: "10vh auto", lineHeight: 1.5 }}>
      <h1>Creator Codes</h1>
      <p>Promo-code offers for creator programmes, synced across your regional Shopify stores.</p>
      <p>Open the app from your store&apos;s Shopify admin (Apps › Creator Codes).</p>
    </main>
  );
}
