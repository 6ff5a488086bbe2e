// Downloads a streamed CSV from one of the app's export routes (issue 17). The app's own fetch is
// authenticated by App Bridge (session token header), so the export is fetched, not navigated to,
// and handed to the browser as a file. The server streams it; the browser keeps the file.
import { useCallback, useState } from "react";

export function useCsvDownload() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = useCallback(async (url: string, fallbackName = "export.csv") => {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(url);
      if (!res.ok) throw new Error(res.status === 404 ? "Nothing to export here." : `The export failed (${res.status}).`);
      const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") ?? "")?.[1] ?? fallbackName;
      const blob = await res.blob();
      const href = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = href;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 1000);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }, []);
  return { download, busy, error };
}
