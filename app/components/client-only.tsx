import { useEffect, useState, type ReactNode } from "react";

/**
 * Renders `children` only in the browser, after hydration; `fallback` on the server and in the
 * first client render (so both match). For components that read browser globals while
 * rendering: Polaris Viz's charts read `navigator`, which made every dashboard answer 500 on a
 * full page load (issue 12).
 */
export function ClientOnly({ children, fallback = null }: { children: () => ReactNode; fallback?: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return <>{mounted ? children() : fallback}</>;
}
