// The creator portal (R31): a member's private page, public (no Shopify admin, no App Bridge, no
// session token), server-rendered HTML and plain CSS with no Remix or React scripts; one small
// script (public/portal-copy.js) adds the copy buttons. docs/decisions/090.
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import portalStyles from "~/styles/portal.css?url";
import { portalLoader, PORTAL_HEADERS } from "~/http/portal.server";
import { formatUsd } from "~/domain/money/format";
import { barGeometry, type Bin, type Granularity } from "~/domain/portal/chart";
import type { PortalOffer, PortalPage } from "~/services/portal.server";

export const handle = { hydrate: false };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: portalStyles }];

export const loader = ({ params, context }: LoaderFunctionArgs) => portalLoader(params.token, context.clientIp);

export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => {
  const out = new Headers(errorHeaders ?? loaderHeaders);
  for (const [name, value] of Object.entries(PORTAL_HEADERS)) out.set(name, value);
  return out;
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.state === "ok" ? `${data.page.brand} · Your creator codes` : data?.state === "limited" ? "Too many requests" : "Link no longer valid" },
  { name: "robots", content: "noindex, nofollow" },
  { name: "referrer", content: "no-referrer" },
];

// Formatters made once (toLocaleDateString builds one per call: the page's largest server cost).
const DAY = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
const MONTH = new Intl.DateTimeFormat("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
const day = (iso: string | null, none = "no end date") => (iso ? DAY.format(new Date(iso)) : none);

const statusClass = (status: string) => `status status-${status.toLowerCase().replace(/\s+/g, "-")}`;

export default function Portal() {
  const data = useLoaderData<typeof loader>();
  if (data.state === "limited")
    return (
      <Message title="Too many requests">
        <p>This page was opened too often from your network. Wait a minute, then reload it.</p>
      </Message>
    );
  if (data.state === "invalid")
    return (
      <Message title="This link is no longer valid">
        <p>Ask the brand that sent it to you for a new link.</p>
      </Message>
    );
  return <PortalView page={data.page} />;
}

function Message({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="portal portal-message">
      <h1>{title}</h1>
      {children}
    </main>
  );
}

function PortalView({ page }: { page: PortalPage }) {
  return (
    <>
      <header className="masthead">
        <p className="brand">{page.brand}</p>
        <h1>{page.memberName}</h1>
        <p className="lede">Your creator codes and how they are doing.</p>
      </header>
      <main className="portal">
        <section aria-labelledby="codes-heading">
          <h2 id="codes-heading">Your codes</h2>
          {page.offers.length === 0 ? <p className="muted">You are not in any offer yet.</p> : page.offers.map((o, i) => <OfferCard key={o.id} offer={o} index={i} />)}
        </section>
        <Performance page={page} />
        <footer className="portal-footer">
          <p>This page is private: anyone with its link can see it. If you shared it by mistake, ask {page.brand} for a new link.</p>
        </footer>
      </main>
      <script src="/portal-copy.js" defer />
    </>
  );
}

function OfferCard({ offer, index }: { offer: PortalOffer; index: number }) {
  const id = `offer-${index}`;
  return (
    <article className="card offer" aria-labelledby={`${id}-name`}>
      <div className="offer-head">
        <h3 id={`${id}-name`}>{offer.name}</h3>
        {offer.code ? <span className={statusClass(offer.code.status)}>{offer.code.status}</span> : null}
      </div>
      {offer.code ? (
        <div className="code-row">
          <span className="visually-hidden">Your code: </span>
          <code className="code" data-testid="current-code">
            {offer.code.code}
          </code>
          {offer.code.usable ? (
            <>
              <button type="button" className="copy" data-copy={offer.code.code} data-status={`${id}-copied`} aria-label={`Copy code ${offer.code.code}`} hidden>
                Copy
              </button>
              <span className="copied" id={`${id}-copied`} role="status" aria-live="polite" />
            </>
          ) : null}
        </div>
      ) : (
        <p className="muted">No code yet.</p>
      )}
      <dl className="facts">
        {offer.code ? (
          <div>
            <dt>Active dates</dt>
            <dd>
              {day(offer.code.startsAt)} – {day(offer.code.endsAt)}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Your payout</dt>
          <dd>{offer.payout}</dd>
        </div>
      </dl>
      <table className="table">
        <caption>Discount for your followers, by store</caption>
        <thead>
          <tr>
            <th scope="col">Store</th>
            <th scope="col">Currency</th>
            <th scope="col">Discount</th>
          </tr>
        </thead>
        <tbody>
          {offer.stores.map((s) => (
            <tr key={s.label}>
              <th scope="row">{s.label}</th>
              <td>{s.currency ?? "–"}</td>
              <td>{s.discount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4 className="visually-hidden">{`Performance of ${offer.name}`}</h4>
      <dl className="stats stats-small">
        <Stat label="Conversions" value={String(offer.totals.conversions)} testId={`offer-conversions`} />
        <Stat label="Sales (USD)" value={formatUsd(offer.totals.salesUsdCents)} testId={`offer-sales`} />
        <Stat label="Payouts (USD)" value={formatUsd(offer.totals.payoutCents)} testId={`offer-payouts`} />
      </dl>
      {offer.history.length ? (
        <div className="history">
          <h4>Past codes</h4>
          <ul>
            {offer.history.map((h) => (
              <li key={`${h.code}-${h.startsAt}`} data-testid="past-code">
                <code>{h.code}</code> <span className="muted">{h.retiredAt ? `replaced ${day(h.retiredAt)}` : `from ${day(h.startsAt)}`}</span>
              </li>
            ))}
          </ul>
          <p className="muted small">Orders with past codes still count toward your numbers.</p>
        </div>
      ) : null}
    </article>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

const PERIOD: Record<Granularity, string> = { day: "day", week: "week", month: "month" };

function Performance({ page }: { page: PortalPage }) {
  return (
    <section aria-labelledby="performance-heading">
      <h2 id="performance-heading">Performance</h2>
      <p className="muted small">
        {day(page.range.from)} – {day(page.range.to)}, net of refunds and cancellations.
      </p>
      <dl className="stats">
        <Stat label="Conversions" value={String(page.totals.conversions)} testId="total-conversions" />
        <Stat label="Sales (USD)" value={formatUsd(page.totals.salesUsdCents)} testId="total-sales" />
        <Stat label="Payouts (USD)" value={formatUsd(page.totals.payoutCents)} testId="total-payouts" />
      </dl>
      <div className="card">
        <h3 id="chart-heading">Sales by {PERIOD[page.chart.granularity]} (USD)</h3>
        <SalesChart bins={page.chart.bins} granularity={page.chart.granularity} />
      </div>
      <div className="card">
        <table className="table">
          <caption>By store</caption>
          <thead>
            <tr>
              <th scope="col">Store</th>
              <th scope="col" className="num">
                Conversions
              </th>
              <th scope="col" className="num">
                Sales (USD)
              </th>
              <th scope="col" className="num">
                Payouts (USD)
              </th>
            </tr>
          </thead>
          <tbody>
            {page.byStore.length === 0 ? (
              <tr>
                <td colSpan={4} className="muted">
                  No orders with your codes yet.
                </td>
              </tr>
            ) : (
              page.byStore.map((s) => (
                <tr key={s.label} data-testid="store-row">
                  <th scope="row">
                    {s.label}
                    {s.currency ? <span className="muted"> · {s.currency}</span> : null}
                  </th>
                  <td className="num">{s.conversions}</td>
                  <td className="num">{formatUsd(s.salesUsdCents)}</td>
                  <td className="num">{formatUsd(s.payoutCents)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const W = 320;
const H = 140;
const TOP = 16;
const BOTTOM = 20;

function SalesChart({ bins, granularity }: { bins: Bin[]; granularity: Granularity }) {
  const { bars, max } = barGeometry(
    bins.map((b) => b.salesUsdCents),
    W,
    H - TOP - BOTTOM,
  );
  const label = (b: Bin) => (granularity === "month" ? MONTH.format(new Date(`${b.from}T00:00:00Z`)) : granularity === "week" ? `week of ${day(b.from)}` : day(b.from));
  const total = bins.reduce((n, b) => n + b.salesUsdCents, 0);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="chart-heading chart-desc" data-testid="sales-chart">
        <desc id="chart-desc">{`${bins.length} bars, one per ${granularity}; highest ${formatUsd(max)}; total ${formatUsd(total)}. The numbers are in the table below the chart.`}</desc>
        <line x1="0" x2={W} y1={H - BOTTOM} y2={H - BOTTOM} className="axis" />
        <text x="0" y="11" className="tick">
          {formatUsd(max)}
        </text>
        {bars.map((bar, i) => (
          <rect key={bins[i]!.from} x={bar.x} y={TOP + bar.y} width={bar.width} height={bar.height} className="bar">
            <title>{`${label(bins[i]!)}: ${formatUsd(bins[i]!.salesUsdCents)}, ${bins[i]!.conversions} conversions`}</title>
          </rect>
        ))}
        {bins.length ? (
          <>
            <text x="0" y={H - 4} className="tick">
              {day(bins[0]!.from)}
            </text>
            <text x={W} y={H - 4} className="tick tick-end">
              {day(bins.at(-1)!.to)}
            </text>
          </>
        ) : null}
      </svg>
      <details>
        <summary>Show the numbers</summary>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{granularity === "day" ? "Day" : granularity === "week" ? "Week of" : "Month"}</th>
              <th scope="col" className="num">
                Conversions
              </th>
              <th scope="col" className="num">
                Sales (USD)
              </th>
            </tr>
          </thead>
          <tbody>
            {bins.map((b) => (
              <tr key={b.from}>
                <th scope="row">{granularity === "month" ? label(b) : day(b.from)}</th>
                <td className="num">{b.conversions}</td>
                <td className="num">{formatUsd(b.salesUsdCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export function ErrorBoundary() {
  return (
    <Message title="Something went wrong">
      <p>This page could not be shown right now. Reload it in a moment.</p>
    </Message>
  );
}
