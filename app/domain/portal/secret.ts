// Portal link secrets (R31, docs/decisions/090): 32 random bytes (256 bits) as base64url, looked up
// by their SHA-256; the secret itself is also kept sealed (AES-256-GCM, key derived from the app's
// secret with HKDF) so the merchant's page and the {PORTAL_LINK} email token can show it again.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

/** base64url of 32 bytes: 43 characters. */
export const PORTAL_SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newPortalSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** Whether a URL segment could be a secret the app issued (anything else is invalid without a query). */
export function isWellFormedPortalSecret(value: string | undefined): value is string {
  return typeof value === "string" && PORTAL_SECRET_PATTERN.test(value);
}

/** What is stored to find a link: the secret's SHA-256 (a 256-bit random secret needs no key or salt). */
export function hashPortalSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

function sealingKey(appSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret, "creator-codes", "portal-link-v1", 32));
}

/** The secret encrypted for re-display: "v1.iv.ciphertext.tag" (base64url). */
export function sealPortalSecret(secret: string, appSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(appSecret), iv);
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** The sealed secret, or null when it cannot be opened (another app secret, or altered). */
export function unsealPortalSecret(sealed: string, appSecret: string): string | null {
  const [version, iv, body, tag] = sealed.split(".");
  if (version !== "v1" || !iv || !body || !tag) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", sealingKey(appSecret), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

export type PortalLinkState = "LIVE" | "REVOKED" | "EXPIRED";

/** A stored link's state now. Revoked and expired links show the same invalid page as unknown ones. */
export function portalLinkState(link: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): PortalLinkState {
  if (link.revokedAt) return "REVOKED";
  if (link.expiresAt && link.expiresAt <= now) return "EXPIRED";
  return "LIVE";
}

/** The expiry choices the merchant has: none, or a number of days from now. */
export const PORTAL_EXPIRY_DAYS = [0, 7, 30, 90, 365] as const;
export type PortalExpiryDays = (typeof PORTAL_EXPIRY_DAYS)[number];

export function portalExpiry(days: PortalExpiryDays, now: Date): Date | null {
  return days === 0 ? null : new Date(now.getTime() + days * 86_400_000);
}
