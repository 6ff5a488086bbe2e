// Sending one message over SMTP with nodemailer's own SMTP connection and MIME composer (R18).
// A small pool of open connections per SMTP URL. Unlike nodemailer's pooled transport, this
// knows whether a failure happened before the message was handed over (connecting, logging in,
// a connection already closed: never delivered, safe to try again) or while it was being
// handed over without an answer (it may have been delivered: UNKNOWN, never sent again).
import SMTPConnection from "nodemailer/lib/smtp-connection";
import MailComposer from "nodemailer/lib/mail-composer";
import type { SmtpFailure } from "~/domain/email/delivery";

export interface OutgoingMail {
  from: { name: string; address: string };
  replyTo?: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** Our message id, so that the Message-ID header names it (`<id@creator-codes>`). */
  id: string;
}

export type SendResult =
  | { ok: true; response: string; messageId: string }
  /** `handedOver`: the failure came while the message was being handed over, without an answer. */
  | { ok: false; failure: SmtpFailure; handedOver: boolean };

interface SmtpError extends Error {
  code?: string;
  command?: string;
  responseCode?: number;
  response?: string;
}

const failureOf = (error: SmtpError): SmtpFailure => ({
  message: error.message,
  code: error.code,
  command: error.command,
  responseCode: error.responseCode,
  response: error.response,
});

function optionsOf(smtpUrl: string) {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  const auth = url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined;
  const local = url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "::1";
  return {
    options: {
      host: url.hostname,
      port: Number(url.port || (secure ? 465 : 587)),
      secure,
      // The local capture server speaks plain SMTP; anywhere else STARTTLS is used when offered.
      ignoreTLS: local && !secure,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
      name: "creator-codes",
    },
    auth,
  };
}

export async function composeMime(mail: OutgoingMail): Promise<{ raw: Buffer; messageId: string }> {
  const node = new MailComposer({
    from: { name: mail.from.name, address: mail.from.address },
    replyTo: mail.replyTo || undefined,
    to: { name: mail.to.name, address: mail.to.address },
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: `<${mail.id}@creator-codes>`,
  }).compile();
  return { raw: await node.build(), messageId: node.messageId() };
}

/** Open connections to one SMTP server, reused message after message. */
export class SmtpSender {
  private idle: SMTPConnection[] = [];
  private closed = false;
  constructor(
    readonly smtpUrl: string,
    private readonly maxIdle = 5,
  ) {}

  private open(): Promise<SMTPConnection> {
    const { options, auth } = optionsOf(this.smtpUrl);
    return new Promise((resolve, reject) => {
      const connection = new SMTPConnection(options);
      let settled = false;
      // One listener for the connection's life: a dropped socket also ends a send's callback.
      connection.on("error", (error: SmtpError) => {
        if (!settled) {
          settled = true;
          reject(error);
        }
      });
      connection.connect(() => {
        // Commands go out at once (no Nagle delay waiting for the server's ACK).
        if (connection._socket && "setNoDelay" in connection._socket) connection._socket.setNoDelay(true);
        if (!auth) {
          settled = true;
          return resolve(connection);
        }
        connection.login(auth, (error) => {
          settled = true;
          if (error) {
            connection.close();
            reject(error);
          } else resolve(connection);
        });
      });
    });
  }

  private async acquire(): Promise<SMTPConnection> {
    for (;;) {
      const connection = this.idle.pop();
      if (!connection) return this.open();
      if (connection.destroyed || !connection._socket) continue;
      return connection;
    }
  }

  private release(connection: SMTPConnection) {
    if (this.closed || this.idle.length >= this.maxIdle) return connection.quit();
    connection.reset((error) => {
      if (error) return connection.close();
      if (this.closed) return connection.quit();
      this.idle.push(connection);
    });
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    let mime: { raw: Buffer; messageId: string };
    try {
      mime = await composeMime(mail);
    } catch (error) {
      return { ok: false, failure: { message: `The message could not be composed: ${(error as Error).message}`, command: "API" }, handedOver: false };
    }
    let connection: SMTPConnection;
    try {
      connection = await this.acquire();
    } catch (error) {
      return { ok: false, failure: failureOf(error as SmtpError), handedOver: false };
    }
    return new Promise((resolve) => {
      connection.send({ from: mail.from.address, to: [mail.to.address] }, mime.raw, (error, info) => {
        if (error) {
          const e = error as SmtpError;
          connection.close();
          // "API": refused by the connection itself before anything was written (it was closed).
          // An answer from the server (responseCode) says what happened; no answer means the
          // message may have been handed over.
          const handedOver = e.responseCode === undefined && e.command !== "API";
          return resolve({ ok: false, failure: failureOf(e), handedOver });
        }
        this.release(connection);
        resolve({ ok: true, response: info.response ?? "", messageId: mime.messageId });
      });
    });
  }

  close() {
    this.closed = true;
    for (const connection of this.idle.splice(0)) connection.quit();
  }
}

/** One-off: sends a message on a fresh connection and closes it (Settings › Email's test). */
export async function sendOnce(smtpUrl: string, mail: OutgoingMail): Promise<SendResult> {
  const sender = new SmtpSender(smtpUrl, 0);
  try {
    return await sender.send(mail);
  } finally {
    sender.close();
  }
}
