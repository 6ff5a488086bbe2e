import { describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATES, EMAIL_KINDS, renderEmail, templateProblems, tokensIn, type EmailValues } from "./template";

const values: EmailValues = {
  firstName: "Maria",
  lastName: "Lopez",
  code: "MARIA20",
  startDate: "Dec 1, 2026",
  endDate: "Dec 31, 2026",
  offer: "Winter drop",
  discount: "20% off",
  storeValues: [
    { store: "US store", value: "20% off" },
    { store: "Canada", value: "15% off" },
  ],
  portalLink: null,
};

describe("R18: email templates", () => {
  it("R18: every default template uses only known tokens and renders the member's values", () => {
    for (const kind of EMAIL_KINDS) {
      expect(templateProblems(DEFAULT_TEMPLATES[kind])).toBeNull();
      const out = renderEmail(DEFAULT_TEMPLATES[kind], values);
      expect(out.text).toContain("Maria");
      expect(out.text).toContain("MARIA20");
      expect(out.html).toContain("MARIA20");
      expect(out.text).not.toMatch(/\{[A-Z_]+\}/);
    }
  });

  it("R18: unknown tokens are refused, naming each of them", () => {
    const problems = templateProblems({ subject: "Hi {FIRSTNAME}", body: "Your code {CODE} and {PAYOUT} and {PAYOUT} {first_name}" });
    expect(problems?.subject).toMatch(/^Unknown token \{FIRSTNAME\}\./);
    expect(problems?.body).toMatch(/^Unknown tokens \{PAYOUT\}, \{first_name\}\./);
    expect(tokensIn({ subject: "{CODE}", body: "{OFFER} {CODE}" }).used).toEqual(["CODE", "OFFER"]);
  });

  it("R18: an empty subject or body, and a subject on two lines, are refused", () => {
    expect(templateProblems({ subject: " ", body: "" })).toEqual({ subject: "Enter a subject.", body: "Enter the message." });
    expect(templateProblems({ subject: "a\nb", body: "x" })?.subject).toBe("Keep the subject on one line.");
  });

  it("R18: every token is replaced: names, code, dates, offer, discount, each store's value", () => {
    const out = renderEmail({ subject: "{FIRST_NAME} {LAST_NAME}: {CODE}", body: "{OFFER} {DISCOUNT} {START_DATE}–{END_DATE}\n{STORE_VALUES}\ninline: {STORE_VALUES}" }, values);
    expect(out.subject).toBe("Maria Lopez: MARIA20");
    expect(out.text).toBe("Winter drop 20% off Dec 1, 2026–Dec 31, 2026\n- US store: 20% off\n- Canada: 15% off\ninline: US store: 20% off, Canada: 15% off\n");
    expect(out.html).toContain("<li>US store: <strong>20% off</strong></li><li>Canada: <strong>15% off</strong></li>");
  });

  it("R18: a member-provided value that looks like HTML is escaped in the HTML part, kept as typed in the text part", () => {
    const evil = { ...values, firstName: `<script>alert("x")</script>`, lastName: `<img src=x onerror=alert(1)>`, offer: "Tom & Jerry's" };
    const out = renderEmail({ subject: "Hi {FIRST_NAME}", body: "Hello {FIRST_NAME} {LAST_NAME}, <b>{OFFER}</b>" }, evil);
    expect(out.html).not.toContain("<script>");
    expect(out.html).not.toContain("<img");
    expect(out.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(out.html).toContain("&lt;b&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;");
    expect(out.text).toContain(`Hello <script>alert("x")</script>`);
    expect(out.subject).toBe(`Hi <script>alert("x")</script>`);
  });

  it("R18: a value with line breaks cannot add lines to the subject", () => {
    expect(renderEmail({ subject: "Hi {FIRST_NAME}", body: "x" }, { ...values, firstName: "A\r\nBcc: x@example.com" }).subject).toBe("Hi A Bcc: x@example.com");
  });

  it("R18/R31: {PORTAL_LINK} is a link when the member has a portal, empty while none exists", () => {
    const t = { subject: "s", body: "See {PORTAL_LINK}" };
    expect(renderEmail(t, values).text).toBe("See\n");
    const withLink = renderEmail(t, { ...values, portalLink: "https://app.example.com/portal/abc?x=1&y=2" });
    expect(withLink.html).toContain('<a href="https://app.example.com/portal/abc?x=1&amp;y=2">');
    expect(withLink.text).toBe("See https://app.example.com/portal/abc?x=1&y=2\n");
  });

  it("R18: blank lines separate paragraphs in the HTML part; single line breaks are kept", () => {
    const out = renderEmail({ subject: "s", body: "a\nb\n\nc" }, values);
    expect(out.html).toContain('<p style="margin:0 0 12px">a<br>b</p><p style="margin:0 0 12px">c</p>');
  });
});
