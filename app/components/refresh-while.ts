// A page that shows work under way (a sync, a send, a job, a revert) reloads its data every few
// seconds until the work is done.
import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";

/** Revalidates the page's loaders every `everyMs` while `active`, one reload at a time. */
export function useRefreshWhile(active: boolean, everyMs: number) {
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => {
      if (revalidator.state !== "idle") return;
      // A reload still in flight when the merchant leaves the page is aborted: not an error.
      Promise.resolve(revalidator.revalidate() as unknown).catch(() => {});
    }, everyMs);
    return () => clearInterval(t);
  }, [active, everyMs, revalidator]);
}
