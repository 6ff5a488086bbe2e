import { z } from "zod";

// The environment, parsed once at boot: a missing or malformed value fails here with a clear
// message rather than deep inside a request.
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
  WEBHOOK_MAX_BODY_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024),
  /** R32: a delivery whose X-Shopify-Triggered-At is older than this is refused (Shopify retries for 4 h). */
  WEBHOOK_MAX_AGE_HOURS: z.coerce.number().positive().default(48),
  /** R31: portal requests per client IP: "<burst>/<per minute>" (default 30/30), or "off" (docs/decisions/090). */
  PORTAL_RATE_LIMIT: z.string().optional(),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;
export function env(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
      throw new Error(`Invalid environment:\n${lines.join("\n")}`);
    }
    cached = parsed.data;
  }
  return cached;
}
