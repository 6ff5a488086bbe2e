import { describe, expect, it } from "vitest";
import { checkSmtpUrl, MAX_ATTEMPTS, maskSmtpUrl, sendableAddress, verdictOf } from "./delivery";

describe("R18: what an SMTP failure means for a message", () => {
  it("R18: a 5xx answer fails the message with the server's words", () => {
    expect(verdictOf({ message: "Can't send mail", command: "RCPT TO", responseCode: 550, response: "550 5.1.1 Mailbox unavailable" }, 1, false)).toEqual({
      status: "FAILED",
      error: "RCPT TO: 550 5.1.1 Mailbox unavailable",
    });
  });

  it("R18: a 4xx answer or a refused connection is tried again after a growing wait, then fails", () => {
    const first = verdictOf({ message: "x", command: "RCPT TO", responseCode: 451, response: "451 try later" }, 1, false);
    const second = verdictOf({ message: "connect ECONNREFUSED 127.0.0.1:1", code: "ESOCKET", command: "CONN" }, 2, false);
    expect(first.status).toBe("RETRY");
    expect(second.status).toBe("RETRY");
    if (first.status === "RETRY" && second.status === "RETRY") expect(second.delayMs).toBeGreaterThan(first.delayMs);
    expect(verdictOf({ message: "x", responseCode: 451 }, MAX_ATTEMPTS, false).status).toBe("FAILED");
  });

  it("R18: no answer after the message was handed over is UNKNOWN, never retried (at most once)", () => {
    const v = verdictOf({ message: "Connection closed unexpectedly", code: "ECONNECTION", command: "CONN" }, 1, true);
    expect(v.status).toBe("UNKNOWN");
  });
});

describe("R18: the SMTP connection URL", () => {
  it("R35: only smtp:// and smtps:// URLs with a host are accepted", () => {
    expect(checkSmtpUrl("smtps://u:p@smtp.example.com:465").ok).toBe(true);
    expect(checkSmtpUrl("smtp://127.0.0.1:2525").ok).toBe(true);
    expect(checkSmtpUrl("http://smtp.example.com").ok).toBe(false);
    expect(checkSmtpUrl("smtp.example.com").ok).toBe(false);
  });

  it("R18: the password is never shown back", () => {
    expect(maskSmtpUrl("smtps://apikey:s3cr3t-VALUE@smtp.example.com:465?token=abc")).toBe("smtps://apikey:••••••••@smtp.example.com:465");
    expect(maskSmtpUrl("smtp://127.0.0.1:2525")).toBe("smtp://127.0.0.1:2525");
  });

  it("R18: a member without a usable address is skipped", () => {
    expect(sendableAddress("maria@example.com")).toBe("maria@example.com");
    expect(sendableAddress("")).toBeNull();
    expect(sendableAddress("not an address")).toBeNull();
  });
});
