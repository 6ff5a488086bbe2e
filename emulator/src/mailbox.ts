// The local mailbox: a real SMTP server (smtp-server) on 127.0.0.1 that receives what the app
// sends in demo and tests (R18), parses each message (mailparser) and shows them at /mailbox on
// the emulator's HTTP port, so that a merchant trying the demo can read what a creator would get.
// Tests steer it: refuse chosen recipients (550), hold the answer to a message (a crash between
// hand-over and answer), list and clear messages.
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerAddress } from "smtp-server";
import { simpleParser } from "mailparser";

export interface ReceivedMail {
  id: number;
  receivedAt: string;
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  to: string;
  replyTo: string;
  subject: string;
  messageId: string;
  text: string;
  html: string;
}

export interface MailboxOptions {
  port?: number;
  host?: string;
  /** Kept in memory; the oldest go first. */
  maxMessages?: number;
  /** Called once a message's data is in, before the server answers (a test can stall here). */
  beforeAnswer?: (mail: ReceivedMail) => Promise<void> | void;
  /** Parse messages (subject, parts); the bench turns it off to measure the app, not the parser. */
  parse?: boolean;
}

export interface Mailbox {
  smtpUrl: string;
  port: number;
  messages(): ReceivedMail[];
  clear(): void;
  /** Recipients answered 550 at RCPT TO. */
  refuse(addresses: string[]): void;
  /** Serves /mailbox (HTML) and /mailbox/api/… (JSON); false when the path is not its own. */
  handleHttp(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string): boolean;
  close(): Promise<void>;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const addressText = (v: unknown): string => {
  if (!v) return "";
  if (Array.isArray(v)) return v.map(addressText).join(", ");
  return (v as { text?: string }).text ?? "";
};

export async function startMailbox(options: MailboxOptions = {}): Promise<Mailbox> {
  const max = options.maxMessages ?? 5000;
  const parse = options.parse ?? true;
  let received: ReceivedMail[] = [];
  const refused = new Set<string>();
  let nextId = 1;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    // Connections the app keeps open are cut 1 s after close() (not the default 30 s).
    closeTimeout: 1000,
    banner: "Creator Codes local mailbox",
    size: 10 * 1024 * 1024,
    onAuth: (_auth, _session, callback) => callback(null, { user: "local" }),
    onRcptTo: (address: SMTPServerAddress, _session, callback) => {
      if (refused.has(address.address.toLowerCase())) {
        const error = new Error(`5.1.1 <${address.address}>: Recipient address rejected: mailbox unavailable`) as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        void (async () => {
          const raw = Buffer.concat(chunks);
          const mail: ReceivedMail = {
            id: nextId++,
            receivedAt: new Date().toISOString(),
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            from: "",
            to: "",
            replyTo: "",
            subject: "",
            messageId: "",
            text: "",
            html: "",
          };
          if (parse) {
            const parsed = await simpleParser(raw);
            mail.from = addressText(parsed.from);
            mail.to = addressText(parsed.to);
            mail.replyTo = addressText(parsed.replyTo);
            mail.subject = parsed.subject ?? "";
            mail.messageId = parsed.messageId ?? "";
            mail.text = parsed.text ?? "";
            mail.html = typeof parsed.html === "string" ? parsed.html : "";
          } else {
            mail.messageId = /^Message-ID:\s*(\S+)/im.exec(raw.toString("latin1"))?.[1] ?? "";
          }
          received.push(mail);
          if (received.length > max) received = received.slice(received.length - max);
          if (options.beforeAnswer) await options.beforeAnswer(mail);
          callback(null, `Queued as ${mail.id}`);
        })().catch((error: Error) => callback(error));
      });
    },
  });
  server.on("error", () => undefined);
  // Answers go out at once: with Nagle's algorithm a short reply waits for the client's delayed
  // ACK (40 ms on Linux), which would cap a connection at ~25 messages a second.
  server.server.on("connection", (socket: import("node:net").Socket) => socket.setNoDelay(true));
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  function json(res: http.ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
    res.end(JSON.stringify(body));
  }
  function page(res: http.ServerResponse, title: string, inner: string) {
    res.writeHead(200, {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; img-src data:",
    });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title><style>
body{font:14px/1.5 -apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;margin:0;background:#f1f1f1;color:#303030}
header{background:#1a1a1a;color:#fff;padding:10px 20px}header a{color:#fff;text-decoration:none;font-weight:600}
main{max-width:1000px;margin:20px auto;padding:0 20px}table{width:100%;border-collapse:collapse;background:#fff;border-radius:8px;overflow:hidden}
th,td{text-align:left;padding:8px 12px;border-bottom:1px solid #e3e3e3;vertical-align:top}th{background:#f7f7f7;font-weight:600}
td a{color:#005bd3}.card{background:#fff;border-radius:8px;padding:16px;margin-bottom:16px}.muted{color:#616161}
pre{white-space:pre-wrap;margin:0}iframe{width:100%;height:420px;border:1px solid #e3e3e3;border-radius:8px;background:#fff}
</style></head><body><header><a href="/mailbox">Local mailbox</a> <span class="muted">· what the app sent through SMTP (127.0.0.1:${port})</span></header><main>${inner}</main></body></html>`);
  }

  function handleHttp(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string): boolean {
    const path = url.pathname.replace(/\/+$/, "") || "/";
    if (path !== "/mailbox" && !path.startsWith("/mailbox/")) return false;
    if (path === "/mailbox/api/messages" && req.method === "GET") {
      json(res, 200, { messages: received });
      return true;
    }
    if (path === "/mailbox/api/messages" && req.method === "DELETE") {
      received = [];
      json(res, 200, { ok: true });
      return true;
    }
    if (path === "/mailbox/api/refuse" && req.method === "POST") {
      let addresses: unknown;
      try {
        addresses = (JSON.parse(body || "{}") as { addresses?: unknown }).addresses;
      } catch {
        addresses = undefined;
      }
      if (!Array.isArray(addresses) || !addresses.every((a) => typeof a === "string")) {
        json(res, 400, { error: 'Send {"addresses": ["name@example.com"]}' });
        return true;
      }
      mailbox.refuse(addresses as string[]);
      json(res, 200, { refused: [...refused] });
      return true;
    }
    if (path === "/mailbox" && req.method === "GET") {
      const rows = [...received]
        .reverse()
        .map(
          (m) =>
            `<tr><td class="muted">${esc(new Date(m.receivedAt).toISOString().replace("T", " ").slice(0, 19))}</td><td>${esc(m.to || m.envelopeTo.join(", "))}</td><td><a href="/mailbox/${m.id}">${esc(m.subject || "(no subject)")}</a></td><td>${esc(m.from)}</td></tr>`,
        )
        .join("");
      page(
        res,
        "Local mailbox",
        `<h1>Local mailbox</h1><p class="muted">${received.length} message${received.length === 1 ? "" : "s"} received. Newest first.</p>${received.length ? `<table><thead><tr><th>Received (UTC)</th><th>To</th><th>Subject</th><th>From</th></tr></thead><tbody>${rows}</tbody></table>` : `<div class="card">No messages yet. Send an email from an offer's page (Email members).</div>`}`,
      );
      return true;
    }
    const one = /^\/mailbox\/(\d+)(\/html)?$/.exec(path);
    if (one && req.method === "GET") {
      const m = received.find((r) => r.id === Number(one[1]));
      if (!m) {
        json(res, 404, { error: "No such message" });
        return true;
      }
      if (one[2]) {
        // The HTML part on its own, shown in a sandboxed frame: no scripts, no network.
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox" });
        res.end(m.html);
        return true;
      }
      page(
        res,
        m.subject,
        `<p><a href="/mailbox">← All messages</a></p><div class="card"><h2 style="margin-top:0">${esc(m.subject)}</h2>
<div><span class="muted">From</span> ${esc(m.from)}</div><div><span class="muted">To</span> ${esc(m.to)}</div>${m.replyTo ? `<div><span class="muted">Reply-To</span> ${esc(m.replyTo)}</div>` : ""}
<div><span class="muted">Message-ID</span> ${esc(m.messageId)}</div><div class="muted">${esc(m.receivedAt)}</div></div>
<h3>HTML part</h3>${m.html ? `<iframe sandbox title="HTML part" src="/mailbox/${m.id}/html"></iframe>` : `<div class="card muted">None</div>`}
<h3>Text part</h3><div class="card"><pre>${esc(m.text)}</pre></div>`,
      );
      return true;
    }
    json(res, 404, { error: "Not Found" });
    return true;
  }

  const mailbox: Mailbox = {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    port,
    messages: () => received,
    clear: () => {
      received = [];
    },
    refuse: (addresses) => {
      refused.clear();
      for (const a of addresses) refused.add(a.toLowerCase());
    },
    handleHttp,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return mailbox;
}
