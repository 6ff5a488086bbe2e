import { PassThrough } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { RemixServer } from "@remix-run/react";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { isbot } from "isbot";
import { addDocumentResponseHeaders } from "./shopify.server";
import { allowEmulatorAdminToFrame } from "./shopify/emulator-routing.server";
import { startDriftJob, startEmailWorker, startRatesJob, startSyncWorker, startWebhookWorker } from "./jobs/runner.server";
import { applyPortalHeaders, isPortalPath } from "./http/portal.server";
import { startLeakWatchJob } from "./jobs/leaks.server";

// The sync worker runs in the app process, and resumes what a previous process left (R34).
startSyncWorker();
startWebhookWorker();
startEmailWorker();
startRatesJob();
startLeakWatchJob();
startDriftJob();

export const streamTimeout = 5000;

export default async function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  if (isPortalPath(new URL(request.url).pathname)) {
    // The public creator portal is never framed, whatever ?shop= says (docs/decisions/090).
    applyPortalHeaders(responseHeaders);
  } else {
    addDocumentResponseHeaders(request, responseHeaders);
    allowEmulatorAdminToFrame(responseHeaders);
  }
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        console.error(error);
      },
    });
    setTimeout(abort, streamTimeout + 1000);
  });
}

// server.mjs answers webhook deliveries before Express's middleware and Remix's router
// (decision 008); it reaches this function through the server build's entry module.
export { acceptRawWebhook, webhookLimits } from "./webhooks/receive.server";
export { crossSiteRefusal } from "./http/cross-site.server";
