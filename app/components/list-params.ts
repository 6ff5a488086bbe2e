import { useEffect, useState } from "react";
import { useSearchParams } from "@remix-run/react";

/**
 * A list page's URL state: a search box written to ?q= after a pause (back to page 1), and a
 * setter for any other parameter (page, sort). The server reads the same parameters.
 */
export function useListParams() {
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(params.get("q") ?? "");
  useEffect(() => {
    const t = setTimeout(() => {
      if ((params.get("q") ?? "") === query) return;
      const next = new URLSearchParams(params);
      if (query) next.set("q", query);
      else next.delete("q");
      next.delete("page");
      setParams(next, { replace: true });
    }, 300);
    return () => clearTimeout(t);
  }, [query, params, setParams]);
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    if (key !== "page") next.delete("page");
    setParams(next);
  };
  return { params, setParams, query, setQuery, setParam };
}
