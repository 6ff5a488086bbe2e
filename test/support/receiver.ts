// The app's webhook endpoint as server.mjs serves it (acceptRawWebhook, the production
// acknowledgement path), on a local port, and the emulator's checkout wired to it: an order placed
// at the emulator's checkout reaches the app byte for byte, is stored, and is handled by the queue.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { PrismaClient } from "@prisma/client";
import type { Emulator } from "../../emulator/src/server";
import { acceptRawWebhook } from "~/webhooks/receive.server";
import { drainWebhookQueue } from "~/jobs/webhook-worker.server";
import { control } from "./emulator";

export interface Receiver {
  url: string;
  /** Every status the endpoint answered, in order. */
  statuses: number[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(emulator: Emulator, extraTopics: string[] = []): Promise<Receiver> {
  const statuses: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void acceptRawWebhook({ method: req.method ?? "POST", header: (name) => req.headers[name.toLowerCase()] as string | undefined, rawBody: Buffer.concat(chunks) }).then(
        (status) => {
          statuses.push(status);
          res.writeHead(status).end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const subscriptions = [...emulator.app.subscriptions, ...extraTopics.map((topic) => ({ topic, uri: `/webhooks/${topic}`, compliance: false }))];
  await control(emulator, "app", { appUrl: url, subscriptions });
  return { url, statuses, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Places an order at the emulator's checkout in `shop`; its webhooks are handled before this returns. */
export async function checkoutAt<Order = unknown>(db: PrismaClient, emulator: Emulator, shop: string, body: Record<string, unknown>) {
  const res = await fetch(`${emulator.url}/_emulator/shops/${shop}/orders`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ lines: [{ quantity: 1 }], ...body }),
  });
  const text = await res.text();
  await emulator.settle();
  await drainWebhookQueue(db);
  return { status: res.status, order: res.ok ? (JSON.parse(text) as { order: Order }).order : null, text };
}
