import { z } from "zod";
import { DEFAULT_RATE_STALE_DAYS } from "~/domain/money/money";

// The environment, parsed once at boot: a missing or malformed value fails here with a clear
// message rather than deep inside a request.
/** A switch: `off` turns it off; unset or `on` leaves it on. */
const onOff = (name: string) => z.enum(["on", "off"], { errorMap: () => ({ message: `${name} must be "on" or "off"` }) }).default("on");
/** A positive whole number. */
const count = (name: string, fallback?: number) => {
  const n = z.coerce
    .number({ invalid_type_error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .positive(`${name} must be above 0`);
  return fallback === undefined ? n : n.default(fallback);
};

const schema = z.object({
  SHOPIFY_API_KEY: z.string().min(1, "SHOPIFY_API_KEY is required (the app's client id)"),
  SHOPIFY_API_SECRET: z.string().min(1, "SHOPIFY_API_SECRET is required (the app's client secret)"),
  SHOPIFY_APP_URL: z.string().url("SHOPIFY_APP_URL must be the app's public URL"),
  SCOPES: z.string().default("read_discounts,write_discounts,read_orders"),
  DATABASE_URL: z.string().optional(),
  /** When set, https://{shop}/admin/… goes to this local Shopify emulator instead of Shopify. */
  SHOPIFY_EMULATOR_URL: z.string().url().optional(),
  /** App Bridge script URL; the emulator's stand-in in demo and test mode. */
  APP_BRIDGE_URL: z.string().url().optional(),
  /** R32: a webhook body over this many bytes is refused with 413 while it streams in. */
  WEBHOOK_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  /** R32: a delivery whose X-Shopify-Triggered-At is older than this is refused (Shopify retries for 4 h). */
  WEBHOOK_MAX_AGE_HOURS: z.coerce.number().positive().default(48),
  /** R31: portal requests per client IP: "<burst>/<per minute>" (default 30/30), or "off" (docs/decisions/090). */
  PORTAL_RATE_LIMIT: z
    .string()
    .regex(/^(off|\d+\/\d+)$/, 'PORTAL_RATE_LIMIT must be "<burst>/<per minute>" (e.g. 30/30) or "off"')
    .optional(),
  // Background work: `off` runs it elsewhere (app/jobs/worker-main.ts), README "Workers".
  SYNC_WORKER: onOff("SYNC_WORKER"),
  WEBHOOK_WORKER: onOff("WEBHOOK_WORKER"),
  EMAIL_WORKER: onOff("EMAIL_WORKER"),
  RATES_JOB: onOff("RATES_JOB"),
  /** Deliveries a webhook worker claims at a time. */
  WEBHOOK_BATCH: count("WEBHOOK_BATCH", 200),
  /** Sync operations a worker process claims at a time. */
  SYNC_BATCH: count("SYNC_BATCH", 500),
  /** A worker process's claim lease (docs/decisions/007) and its pause when there is nothing to do. */
  SYNC_LEASE_MS: count("SYNC_LEASE_MS", 10_000),
  SYNC_IDLE_MS: count("SYNC_IDLE_MS", 500),
  EMAIL_LEASE_MS: count("EMAIL_LEASE_MS").optional(),
  /** R18: members' emails per second per shop, and SMTP connections per process. */
  EMAIL_RATE_PER_SHOP: z.coerce.number({ invalid_type_error: "EMAIL_RATE_PER_SHOP must be a number" }).min(0, "EMAIL_RATE_PER_SHOP must be 0 (unpaced) or more").default(20),
  EMAIL_CONNECTIONS: count("EMAIL_CONNECTIONS", 8),
  /** R40: a rate more days older than the order makes its conversion provisional. */
  RATE_STALE_DAYS: z.coerce.number().int("RATE_STALE_DAYS must be a whole number of days").min(0, "RATE_STALE_DAYS must be 0 or more").default(DEFAULT_RATE_STALE_DAYS),
  // Read where they are used (tests point them at their own servers); checked here.
  EMAIL_DEFAULT_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "EMAIL_DEFAULT_SMTP_URL must be an smtp:// or smtps:// URL")
    .optional(),
  MAILBOX_URL: z.string().url("MAILBOX_URL must be a URL").optional(),
  // server.mjs reads these itself; checked here so that a typo fails at boot.
  PORT: z.coerce.number().int().min(0).max(65535, "PORT must be a port number").optional(),
  TRUST_PROXY: z.string().optional(),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;
export function env(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}=${JSON.stringify(process.env[String(i.path[0])] ?? null)}: ${i.message}`);
      throw new Error(`Invalid environment:\n${lines.join("\n")}`);
    }
    cached = parsed.data;
  }
  return cached;
}
