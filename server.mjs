// The app's production server: what remix-serve does (compression, static assets, request log,
// Remix), plus webhook deliveries answered first, without the middleware and the router: at
// Shopify's rates (orders/create for every order of five stores) the acknowledgement must stay
// well under Shopify's 5 s limit (R32, docs/decisions/008). `npm start`, after `npm run build`.
import path from "node:path";
import url from "node:url";
import { clearTimeout } from "node:timers";
import express from "express";
import compression from "compression";
import morgan from "morgan";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";

process.env.NODE_ENV = process.env.NODE_ENV ?? "production";
const buildPath = path.resolve(process.argv[2] ?? "build/server/index.js");
const build = await import(url.pathToFileURL(buildPath).href);
installGlobals({ nativeFetch: build.future.v3_singleFetch });
const { acceptRawWebhook, webhookLimits, crossSiteRefusal } = build.entry.module;
const { maxBodyBytes } = webhookLimits();

const app = express();
app.disable("x-powered-by");
// Behind a TLS proxy, TRUST_PROXY (Express's "trust proxy": a hop count like 1, or addresses)
// lets req.ip come from X-Forwarded-For; unset, it is the socket's peer. The creator portal's
// per-IP rate limit reads req.ip (docs/decisions/090).
if (process.env.TRUST_PROXY) {
  const hops = Number(process.env.TRUST_PROXY);
  app.set("trust proxy", Number.isInteger(hops) ? hops : process.env.TRUST_PROXY === "true" ? true : process.env.TRUST_PROXY);
}

app.post("/webhooks/*", (req, res) => {
  // R32: a body over the limit (WEBHOOK_MAX_BODY_BYTES, 5 MB by default) is refused with 413 as
  // soon as its Content-Length or the bytes read so far pass the limit: nothing beyond the limit
  // is ever held, so a flood of huge bodies leaves memory flat (issue 12).
  let chunks = [];
  let size = 0;
  let refused = false;
  const tooLarge = () => {
    refused = true;
    chunks = [];
    res.status(413).end();
    // The rest of the body is read and dropped, so that the client reads the 413 rather than a
    // reset; one that keeps sending past 4 × the limit or 2 s is cut off.
    let dropped = 0;
    const cut = setTimeout(() => req.destroy(), 2000).unref();
    req.on("data", (chunk) => {
      dropped += chunk.length;
      if (dropped > 4 * maxBodyBytes) req.destroy();
    });
    req.once("close", () => clearTimeout(cut));
  };
  if (Number(req.get("content-length")) > maxBodyBytes) return tooLarge();
  req.on("data", (chunk) => {
    if (refused) return;
    size += chunk.length;
    if (size > maxBodyBytes) return tooLarge();
    chunks.push(chunk);
  });
  req.on("error", () => res.destroy());
  req.on("end", () => {
    if (refused) return;
    acceptRawWebhook({ method: req.method, header: (name) => req.get(name), rawBody: Buffer.concat(chunks) }).then(
      (status) => res.status(status).end(),
      (error) => {
        // Not stored: Shopify retries a delivery that was not answered 200.
        console.error("webhook not accepted", error);
        res.status(500).end();
      },
    );
  });
});

// Remix's own cross-site check throws (500); the same check here answers 403/400 (R35).
app.use((req, res, next) => {
  const status = crossSiteRefusal(req.method, (name) => req.get(name), req.path);
  if (status)
    return res
      .status(status)
      .type("text/plain")
      .send(status === 403 ? "Cross-site request refused." : "Bad request.");
  next();
});
app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
// morgan's "tiny" format, with portal secrets kept out of the log (docs/decisions/090).
morgan.token("safe-url", (req) => (req.originalUrl ?? req.url).replace(/^\/portal\/[^/?#]+/, "/portal/[secret]"));
app.use(morgan(":method :safe-url :status :res[content-length] - :response-time ms"));
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV, getLoadContext: (req) => ({ clientIp: req.ip }) }));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
const server = app.listen(port, host, () => console.log(`[creator-codes] http://${host}:${port}`));
// Shopify keeps connections open; answer each delivery on them without waiting for Nagle.
server.keepAliveTimeout = 65_000;
// Stop taking connections, let requests under way finish (a delivery being stored is answered).
for (const signal of ["SIGTERM", "SIGINT"])
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  });
