// `npm run emulator`: the local Shopify on EMULATOR_PORT (default 8787), for the app described by
// shopify.app.toml. SHOPIFY_API_SECRET must match the app's; SHOPIFY_APP_URL overrides the toml.
import path from "node:path";
import { loadAppConfig } from "./src/app-config";
import { startEmulator } from "./src/server";
import { startMailbox } from "./src/mailbox";

const app = loadAppConfig(path.resolve(process.env.SHOPIFY_APP_TOML ?? "shopify.app.toml"), {
  apiSecret: process.env.SHOPIFY_API_SECRET ?? "creator-codes-dev-secret",
  apiKey: process.env.SHOPIFY_API_KEY,
  appUrl: process.env.SHOPIFY_APP_URL,
});
// The local mailbox that receives the app's emails (R18): SMTP on MAILBOX_SMTP_PORT (the demo's
// scripts/dev-env.sh sets 2525; browser tests a free port), messages shown at /mailbox on the
// emulator's port. Unset or "off": no mailbox (benches and tests that start emulators of their own).
const mailboxPort = process.env.MAILBOX_SMTP_PORT;
const mailbox = !mailboxPort || mailboxPort === "off" ? undefined : await startMailbox({ port: Number(mailboxPort) });
const emulator = await startEmulator({
  mailbox,
  app,
  port: Number(process.env.EMULATOR_PORT ?? 8787),
  installAll: process.env.EMULATOR_INSTALL_ALL !== "0",
  log: (line) => console.error(line),
});
console.log(`Shopify emulator on ${emulator.url} for app ${app.apiKey} at ${app.appUrl}`);
if (mailbox) console.log(`Local mailbox: SMTP ${mailbox.smtpUrl}, messages at ${emulator.url}/mailbox`);
const stop = () => void Promise.all([emulator.close(), mailbox?.close()]).then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
