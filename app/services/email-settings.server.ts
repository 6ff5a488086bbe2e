// Settings › Email (R18): who the members' emails come from and how they are sent. The SMTP URL
// carries a password: stored sealed (AES-256-GCM, key derived from the app's secret) and shown
// back only masked. Without a URL of its own a shop uses EMAIL_DEFAULT_SMTP_URL when the app has
// one (the demo's and tests' local mailbox); with neither, email is "not configured".
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { checkSmtpUrl, describeSmtpFailure, EMAIL_ADDRESS, maskSmtpUrl } from "~/domain/email/delivery";
import { escapeHtml } from "~/domain/email/template";
import { sendOnce } from "~/jobs/email/smtp.server";
import { fieldMessages, text } from "~/domain/input/fields";
import { recordAudit } from "./audit.server";

function key(): Buffer {
  const secret = process.env.SHOPIFY_API_SECRET;
  if (!secret) throw new Error("SHOPIFY_API_SECRET is required to store SMTP credentials");
  return createHash("sha256").update(`creator-codes:email-smtp:${secret}`).digest();
}

export function seal(value: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return `v1.${iv.toString("base64url")}.${cipher.getAuthTag().toString("base64url")}.${body.toString("base64url")}`;
}

/** The sealed value, or null when it cannot be opened (the app's secret changed). */
export function unseal(sealed: string): string | null {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || !body) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

const defaultSmtpUrl = () => {
  const url = process.env.EMAIL_DEFAULT_SMTP_URL;
  return url && checkSmtpUrl(url).ok ? url : null;
};

/** Where a shop's emails go: its own server, the app's default, or nowhere yet. */
export type SmtpSource = "SHOP" | "DEFAULT" | "NONE";

export interface EmailSettingsView {
  senderName: string;
  senderEmail: string;
  replyTo: string;
  /** The shop's SMTP URL with its password masked, or null. */
  smtpUrlHint: string | null;
  /** The stored URL could not be read back (the app's secret changed): enter it again. */
  smtpUrlUnreadable: boolean;
  source: SmtpSource;
  /** The default server, masked, when the shop uses it. */
  defaultHint: string | null;
  configured: boolean;
  /** Where the demo's local mailbox shows what was sent (MAILBOX_URL), when the default is in use. */
  mailboxUrl: string | null;
}

const defaultSender = (shop: string) => ({ name: "Creator program", address: `creators@${shop}` });

export async function getEmailSettings(db: PrismaClient, shop: string): Promise<EmailSettingsView> {
  const row = await db.emailSettings.findUnique({ where: { shop } });
  const own = row?.smtpUrlSealed ? unseal(row.smtpUrlSealed) : null;
  const fallback = defaultSmtpUrl();
  const source: SmtpSource = own ? "SHOP" : fallback ? "DEFAULT" : "NONE";
  return {
    senderName: row?.senderName ?? "",
    senderEmail: row?.senderEmail ?? "",
    replyTo: row?.replyTo ?? "",
    smtpUrlHint: row?.smtpUrlHint ?? null,
    smtpUrlUnreadable: Boolean(row?.smtpUrlSealed && !own),
    source,
    defaultHint: source === "DEFAULT" && fallback ? maskSmtpUrl(fallback) : null,
    configured: source !== "NONE",
    mailboxUrl: source === "DEFAULT" ? (process.env.MAILBOX_URL ?? null) : null,
  };
}

export interface EmailTransport {
  smtpUrl: string;
  from: { name: string; address: string };
  replyTo: string;
}

/** How to send a shop's emails, or null when email is not configured for it. */
export async function emailTransportFor(db: PrismaClient, shop: string): Promise<EmailTransport | null> {
  const row = await db.emailSettings.findUnique({ where: { shop } });
  const smtpUrl = (row?.smtpUrlSealed ? unseal(row.smtpUrlSealed) : null) ?? defaultSmtpUrl();
  if (!smtpUrl) return null;
  const fallback = defaultSender(shop);
  return { smtpUrl, from: { name: row?.senderName || fallback.name, address: row?.senderEmail || fallback.address }, replyTo: row?.replyTo ?? "" };
}

const address = (label: string) =>
  z
    .string()
    .trim()
    .max(254, `Keep the ${label} to 254 characters.`)
    .refine((v) => v === "" || EMAIL_ADDRESS.test(v), `Enter a valid ${label}, like name@example.com.`);

export const emailSettingsForm = z.object({
  senderName: text({ label: "the sender name", max: 100 }).default(""),
  senderEmail: address("sender address").default(""),
  replyTo: address("reply-to address").default(""),
  // Blank keeps the stored URL (it is never sent back to the page); "clearSmtp" removes it.
  smtpUrl: z
    .string()
    .trim()
    .max(2000, "Keep the URL to 2,000 characters or fewer.")
    .superRefine((v, ctx) => {
      if (!v) return;
      const check = checkSmtpUrl(v);
      if (!check.ok) ctx.addIssue({ code: z.ZodIssueCode.custom, message: check.message! });
    })
    .default(""),
  clearSmtp: z.enum(["true", "false"]).default("false"),
});

export async function saveEmailSettings(db: PrismaClient, args: { shop: string; actor: string; fields: Record<string, string> }) {
  const parsed = emailSettingsForm.safeParse(args.fields);
  if (!parsed.success) return { ok: false as const, errors: fieldMessages(parsed.error) };
  const input = parsed.data;
  const smtp = input.smtpUrl
    ? { smtpUrlSealed: seal(input.smtpUrl), smtpUrlHint: maskSmtpUrl(input.smtpUrl) }
    : input.clearSmtp === "true"
      ? { smtpUrlSealed: null, smtpUrlHint: null }
      : {};
  const values = { senderName: input.senderName, senderEmail: input.senderEmail, replyTo: input.replyTo, ...smtp };
  await db.$transaction(async (tx) => {
    await tx.emailSettings.upsert({ where: { shop: args.shop }, create: { shop: args.shop, ...values }, update: values });
    // R36; the URL itself is never written to the audit log, only whether it changed.
    await recordAudit(tx, {
      shop: args.shop,
      actor: args.actor,
      action: "email.settings",
      subject: `shop:${args.shop}`,
      details: {
        senderName: input.senderName,
        senderEmail: input.senderEmail,
        replyTo: input.replyTo,
        smtp: input.smtpUrl ? "changed" : input.clearSmtp === "true" ? "removed" : "kept",
      },
    });
  });
  return { ok: true as const };
}

export type TestEmailResult = { ok: true; message: string } | { ok: false; error: string };

/** "Send test email": one message through the shop's current settings, answered at once (not queued, not stored). */
export async function sendTestEmail(db: PrismaClient, args: { shop: string; to: string }): Promise<TestEmailResult> {
  const transport = await emailTransportFor(db, args.shop);
  if (!transport) return { ok: false, error: "Email is not set up yet: enter an SMTP connection URL and save first." };
  const result = await sendOnce(transport.smtpUrl, {
    id: `test-${randomBytes(8).toString("hex")}`,
    from: transport.from,
    replyTo: transport.replyTo,
    to: { name: "", address: args.to },
    subject: "Creator Codes: test email",
    text: `This is a test from Creator Codes for ${args.shop}. Your members' emails will be sent the same way, from ${transport.from.name} <${transport.from.address}>.\n`,
    html: `<p>This is a test from Creator Codes for ${escapeHtml(args.shop)}.</p><p>Your members' emails will be sent the same way, from ${escapeHtml(transport.from.name)} &lt;${escapeHtml(transport.from.address)}&gt;.</p>`,
  });
  return result.ok
    ? { ok: true, message: `Sent to ${args.to}. The server answered: ${result.response}` }
    : { ok: false, error: `Not sent: ${describeSmtpFailure(result.failure)}` };
}
