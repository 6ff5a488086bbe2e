// Delivering members' emails (R18): the closed vocabulary of a message's status, what an SMTP
// answer means for it, when a transient failure is tried again, and the SMTP connection URL's
// rules. At most once per message: a message is marked SENDING before it is handed to the SMTP
// server; once the message's data may have reached the server without its answer reaching us,
// the message is never sent again automatically (UNKNOWN).

export const EMAIL_STATUSES = ["QUEUED", "SENDING", "SENT", "FAILED", "BOUNCED", "UNKNOWN"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];
export const isEmailStatus = (v: unknown): v is EmailStatus => (EMAIL_STATUSES as readonly unknown[]).includes(v);
export const OPEN_EMAIL_STATUSES: EmailStatus[] = ["QUEUED", "SENDING"];

export const EMAIL_STATUS_LABELS: Record<EmailStatus, string> = {
  QUEUED: "Queued",
  SENDING: "Sending",
  SENT: "Sent",
  FAILED: "Failed",
  BOUNCED: "Bounced",
  UNKNOWN: "Unknown",
};

/** Waits before the 2nd, 3rd, … attempt after a transient failure; then FAILED. */
export const RETRY_DELAYS_MS = [10_000, 60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

export const UNKNOWN_REASON =
  "The app stopped after handing this message to the SMTP server and before its answer: it may have been delivered, so it is not sent again automatically.";

/** What nodemailer reports of a failed send (its SMTP error fields). */
export interface SmtpFailure {
  message: string;
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
}

export type SendVerdict = { status: "FAILED"; error: string } | { status: "UNKNOWN"; error: string } | { status: "RETRY"; error: string; delayMs: number };

/** The SMTP error as stored and shown: the server's own words when it answered. */
export function describeSmtpFailure(error: SmtpFailure): string {
  const text = (error.response ?? error.message).replace(/\s+/g, " ").trim();
  return (error.command && error.command !== "API" ? `${error.command}: ${text}` : text).slice(0, 1000);
}

/**
 * What a failed send means for the message after `attempts` attempts (this one included).
 * `handedOver`: the failure came while the message was being handed to the server, without an
 * answer from it (the connection dropped or timed out).
 * - the server refused it (a 5xx answer) → FAILED with its answer;
 * - no answer after it was handed over → UNKNOWN (it may have arrived: never sent again);
 * - the server answered 4xx (try later), or nothing was handed over (could not connect or log
 *   in) → tried again after a backoff, FAILED after the last attempt.
 */
export function verdictOf(error: SmtpFailure, attempts: number, handedOver: boolean): SendVerdict {
  const described = describeSmtpFailure(error);
  const code = error.responseCode;
  if (code !== undefined && code >= 500) return { status: "FAILED", error: described };
  if (code === undefined && handedOver) return { status: "UNKNOWN", error: `${described}. ${UNKNOWN_REASON}` };
  if (attempts >= MAX_ATTEMPTS) return { status: "FAILED", error: `${described} (after ${attempts} attempts)` };
  return { status: "RETRY", error: described, delayMs: RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length) - 1]! };
}

// ---- The SMTP connection URL (Settings › Email) --------------------------------------------------

export interface SmtpUrlCheck {
  ok: boolean;
  message?: string;
}

/** smtp://user:password@host:port or smtps://… (TLS from the start); nothing else. */
export function checkSmtpUrl(value: string): SmtpUrlCheck {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: "Enter the SMTP connection as a URL, like smtps://user:password@smtp.example.com:465." };
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") return { ok: false, message: "The URL must start with smtp:// or smtps://." };
  if (!url.hostname) return { ok: false, message: "Name the SMTP server's host, like smtp.example.com." };
  if (url.pathname && url.pathname !== "/" && url.pathname !== "") return { ok: false, message: "Leave out any path after the host and port." };
  if (value.length > 2000) return { ok: false, message: "Keep the URL to 2,000 characters or fewer." };
  return { ok: true };
}

/** The URL as shown back: user name kept, password masked, query left out (it may hold secrets). */
export function maskSmtpUrl(value: string): string {
  const url = new URL(value);
  const user = url.username ? `${decodeURIComponent(url.username)}${url.password ? ":••••••••" : ""}@` : "";
  return `${url.protocol}//${user}${url.host}`;
}

/** An email address as senders and reply-to take it (what a zod/HTML5 email accepts, kept simple). */
export const EMAIL_ADDRESS = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

/** Whether a member's stored email can be sent to; a member without one is listed and skipped. */
export function sendableAddress(email: string | null | undefined): string | null {
  const e = (email ?? "").trim();
  return e && e.length <= 254 && EMAIL_ADDRESS.test(e) ? e : null;
}
