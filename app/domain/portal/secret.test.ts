import { describe, expect, it } from "vitest";
import { hashPortalSecret, isWellFormedPortalSecret, newPortalSecret, portalExpiry, portalLinkState, sealPortalSecret, unsealPortalSecret } from "./secret";

describe("portal link secrets (R31)", () => {
  it("R31: a secret carries 256 random bits, well formed, never repeated", () => {
    const secrets = new Set(Array.from({ length: 1000 }, newPortalSecret));
    expect(secrets.size).toBe(1000);
    for (const s of secrets) {
      expect(isWellFormedPortalSecret(s)).toBe(true);
      expect(Buffer.from(s, "base64url")).toHaveLength(32);
    }
    for (const bad of [undefined, "", "x", `${newPortalSecret()}x`, newPortalSecret().slice(1), `${newPortalSecret().slice(1)}/`, "a".repeat(42) + "="])
      expect(isWellFormedPortalSecret(bad)).toBe(false);
  });

  it("R31: the stored hash is SHA-256 of the secret and differs for a one-character change", () => {
    const s = newPortalSecret();
    expect(hashPortalSecret(s)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashPortalSecret(s)).toBe(hashPortalSecret(s));
    const tampered = `${s.slice(0, -1)}${s.endsWith("A") ? "B" : "A"}`;
    expect(hashPortalSecret(tampered)).not.toBe(hashPortalSecret(s));
  });

  it("R31: a sealed secret opens only with the same app secret and unaltered", () => {
    const s = newPortalSecret();
    const sealed = sealPortalSecret(s, "app-secret-1");
    expect(sealed).not.toContain(s);
    expect(unsealPortalSecret(sealed, "app-secret-1")).toBe(s);
    expect(unsealPortalSecret(sealed, "app-secret-2")).toBeNull();
    const parts = sealed.split(".");
    const flipped = [parts[0], parts[1], `${parts[2]!.slice(0, -2)}${parts[2]!.endsWith("AA") ? "BB" : "AA"}`, parts[3]].join(".");
    expect(unsealPortalSecret(flipped, "app-secret-1")).toBeNull();
    expect(unsealPortalSecret("garbage", "app-secret-1")).toBeNull();
  });

  it("R31: a revoked or expired link is not live; a link without expiry stays live", () => {
    const now = new Date("2026-11-27T12:00:00Z");
    expect(portalLinkState({ revokedAt: null, expiresAt: null }, now)).toBe("LIVE");
    expect(portalLinkState({ revokedAt: null, expiresAt: new Date(now.getTime() + 1) }, now)).toBe("LIVE");
    expect(portalLinkState({ revokedAt: null, expiresAt: now }, now)).toBe("EXPIRED");
    expect(portalLinkState({ revokedAt: now, expiresAt: null }, now)).toBe("REVOKED");
    expect(portalExpiry(0, now)).toBeNull();
    expect(portalExpiry(30, now)!.getTime() - now.getTime()).toBe(30 * 86_400_000);
  });
});
