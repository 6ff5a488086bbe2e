// Members' emails (R18): the personalization tokens, the default template of each kind of message,
// and rendering a subject and body for one member into a subject line, a text part and an HTML
// part. The merchant writes plain text; every value put into the HTML part (the merchant's own
// text included) is escaped, so a member named `<script>` arrives as text, never as markup.

export const EMAIL_TOKENS = ["FIRST_NAME", "LAST_NAME", "CODE", "START_DATE", "END_DATE", "OFFER", "DISCOUNT", "STORE_VALUES", "PORTAL_LINK"] as const;
export type EmailToken = (typeof EMAIL_TOKENS)[number];

/** Why a message is sent; each kind has its default template (R22: after a bulk change). */
export const EMAIL_KINDS = ["NEW_CODE", "REFRESHED_CODE", "DEACTIVATED", "REACTIVATED"] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];
export const isEmailKind = (v: unknown): v is EmailKind => (EMAIL_KINDS as readonly unknown[]).includes(v);

export const EMAIL_KIND_LABELS: Record<EmailKind, string> = {
  NEW_CODE: "New code",
  REFRESHED_CODE: "Refreshed code",
  DEACTIVATED: "Code deactivated",
  REACTIVATED: "Code reactivated",
};

export interface EmailTemplate {
  subject: string;
  body: string;
}

export const DEFAULT_TEMPLATES: Record<EmailKind, EmailTemplate> = {
  NEW_CODE: {
    subject: "Your code for {OFFER}: {CODE}",
    body: [
      "Hi {FIRST_NAME},",
      "",
      "Your personal promo code for {OFFER} is {CODE}. It gives your audience {DISCOUNT} and works from {START_DATE} to {END_DATE}.",
      "",
      "Where it works:",
      "{STORE_VALUES}",
      "",
      "Thank you for working with us!",
    ].join("\n"),
  },
  REFRESHED_CODE: {
    subject: "Your new code for {OFFER}: {CODE}",
    body: [
      "Hi {FIRST_NAME},",
      "",
      "Your promo code for {OFFER} has changed: from now on, share {CODE}. Your previous code no longer works, and the sales it brought stay counted for you.",
      "",
      "It gives {DISCOUNT} and works from {START_DATE} to {END_DATE}:",
      "{STORE_VALUES}",
    ].join("\n"),
  },
  DEACTIVATED: {
    subject: "Your code {CODE} is paused",
    body: [
      "Hi {FIRST_NAME},",
      "",
      "Your promo code {CODE} for {OFFER} has been deactivated and no longer works at checkout. Please stop sharing it for now; we will let you know when it works again.",
      "",
      "Your sales so far stay counted.",
    ].join("\n"),
  },
  REACTIVATED: {
    subject: "Your code {CODE} works again",
    body: ["Hi {FIRST_NAME},", "", "Good news: your promo code {CODE} for {OFFER} works again. It gives {DISCOUNT} until {END_DATE}:", "{STORE_VALUES}"].join("\n"),
  },
};

export const MAX_SUBJECT_CHARS = 200;
export const MAX_BODY_CHARS = 20_000;

/** The tokens a template uses (in order of first use), and the ones it names that do not exist. */
export function tokensIn(template: EmailTemplate): { used: EmailToken[]; unknown: string[] } {
  const used: EmailToken[] = [];
  const unknown: string[] = [];
  for (const text of [template.subject, template.body]) {
    for (const match of text.matchAll(/\{([^{}\n]{1,60})\}/g)) {
      const name = match[1]!;
      if ((EMAIL_TOKENS as readonly string[]).includes(name)) {
        if (!used.includes(name as EmailToken)) used.push(name as EmailToken);
      } else if (!unknown.includes(`{${name}}`)) unknown.push(`{${name}}`);
    }
  }
  return { used, unknown };
}

/** Field messages for a template (R35), or null when it can be sent. */
export function templateProblems(template: EmailTemplate): { subject?: string; body?: string } | null {
  const problems: { subject?: string; body?: string } = {};
  const subject = template.subject.trim();
  if (!subject) problems.subject = "Enter a subject.";
  else if (subject.length > MAX_SUBJECT_CHARS) problems.subject = `Keep the subject to ${MAX_SUBJECT_CHARS} characters or fewer.`;
  else if (/[\r\n]/.test(template.subject)) problems.subject = "Keep the subject on one line.";
  if (!template.body.trim()) problems.body = "Enter the message.";
  else if (template.body.length > MAX_BODY_CHARS) problems.body = `Keep the message to ${MAX_BODY_CHARS.toLocaleString("en-US")} characters or fewer.`;
  for (const field of ["subject", "body"] as const) {
    if (problems[field]) continue;
    const { unknown } = tokensIn({ subject: field === "subject" ? template.subject : "", body: field === "body" ? template.body : "" });
    if (unknown.length) problems[field] = `Unknown ${unknown.length === 1 ? "token" : "tokens"} ${unknown.join(", ")}. Use ${EMAIL_TOKENS.map((t) => `{${t}}`).join(", ")}.`;
  }
  return Object.keys(problems).length ? problems : null;
}

/** One member's values. Every string here may come from a member or a merchant: never trusted as HTML. */
export interface EmailValues {
  firstName: string;
  lastName: string;
  code: string;
  startDate: string;
  endDate: string;
  offer: string;
  discount: string;
  /** Each synced store's value, e.g. { store: "US store", value: "20% off" }. */
  storeValues: { store: string; value: string }[];
  /** The member's creator-portal link, or null while there is none (the token renders empty). */
  portalLink: string | null;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function scalar(values: EmailValues, token: EmailToken): string {
  switch (token) {
    case "FIRST_NAME":
      return values.firstName;
    case "LAST_NAME":
      return values.lastName;
    case "CODE":
      return values.code;
    case "START_DATE":
      return values.startDate;
    case "END_DATE":
      return values.endDate;
    case "OFFER":
      return values.offer;
    case "DISCOUNT":
      return values.discount;
    case "STORE_VALUES":
      return values.storeValues.map((s) => `${s.store}: ${s.value}`).join(", ");
    case "PORTAL_LINK":
      return values.portalLink ?? "";
  }
}

const TOKEN = /\{([A-Z_]{1,40})\}/g;
const isToken = (name: string): name is EmailToken => (EMAIL_TOKENS as readonly string[]).includes(name);

/** Line breaks and control characters never reach a header. */
const oneLine = (s: string) => s.replace(/[\p{Cc}\u2028\u2029]+/gu, " ").trim();

/**
 * Renders a template that passed templateProblems. In the text part {STORE_VALUES} on a line of its
 * own becomes one line per store; in the HTML part a list. The HTML escapes everything and keeps
 * the merchant's line breaks; the portal link is the only link.
 */
export function renderEmail(template: EmailTemplate, values: EmailValues): RenderedEmail {
  const subject = oneLine(template.subject.replace(TOKEN, (whole, name: string) => (isToken(name) ? scalar(values, name) : whole)));
  const textLines: string[] = [];
  const htmlBlocks: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) htmlBlocks.push(`<p style="margin:0 0 12px">${paragraph.join("<br>")}</p>`);
    paragraph = [];
  };
  for (const line of template.body.replace(/\r\n?/g, "\n").split("\n")) {
    if (line.trim() === "{STORE_VALUES}") {
      for (const s of values.storeValues) textLines.push(`- ${s.store}: ${s.value}`);
      flush();
      if (values.storeValues.length)
        htmlBlocks.push(`<ul style="margin:0 0 12px">${values.storeValues.map((s) => `<li>${escapeHtml(s.store)}: <strong>${escapeHtml(s.value)}</strong></li>`).join("")}</ul>`);
      continue;
    }
    textLines.push(line.replace(TOKEN, (whole, name: string) => (isToken(name) ? scalar(values, name) : whole)));
    if (!line.trim()) {
      flush();
      continue;
    }
    let html = "";
    let last = 0;
    for (const match of line.matchAll(TOKEN)) {
      html += escapeHtml(line.slice(last, match.index));
      const name = match[1]!;
      if (!isToken(name)) html += escapeHtml(match[0]);
      else if (name === "PORTAL_LINK") html += values.portalLink ? `<a href="${escapeHtml(values.portalLink)}">${escapeHtml(values.portalLink)}</a>` : "";
      else if (name === "CODE") html += `<strong>${escapeHtml(values.code)}</strong>`;
      else html += escapeHtml(scalar(values, name));
      last = match.index + match[0].length;
    }
    html += escapeHtml(line.slice(last));
    paragraph.push(html);
  }
  flush();
  const html = `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#202223">${htmlBlocks.join("")}</body></html>`;
  return {
    subject,
    text:
      textLines
        .join("\n")
        .replace(/\n{3,}/g, "\n\n")
        .trim() + "\n",
    html,
  };
}
