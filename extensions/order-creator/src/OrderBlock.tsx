/** @jsxImportSource preact */
// admin.order-details.block.render (R41, issue 19): the "Creator Codes" block on an order's page:
// for each tracked code on the order, the member, offer and code, the sale and payout in USD with
// the rate used, the status, and a link to the member's dashboard in the app.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { BackendError, loadOrder, type OrderConversion, type OrderView } from "./api";
import { money, statusTone } from "./format";

export default async () => {
  render(<OrderBlock />, document.body);
};

type State = { kind: "loading" } | { kind: "error"; status: number } | { kind: "ready"; view: OrderView };

function OrderBlock() {
  const { i18n, data } = shopify;
  const orderId = data.selected[0]?.id ?? "";
  const [state, setState] = useState<State>({ kind: "loading" });
  useEffect(() => {
    loadOrder(orderId).then(
      (view) => setState({ kind: "ready", view }),
      (error: unknown) => setState({ kind: "error", status: error instanceof BackendError ? error.status : 0 }),
    );
  }, [orderId]);

  const t = i18n.translate;
  return (
    <s-admin-block heading={t("block.heading")}>
      {state.kind === "loading" ? <s-text>{t("block.loading")}</s-text> : null}
      {state.kind === "error" ? <s-banner tone="critical">{t("block.error", { status: state.status || "network" })}</s-banner> : null}
      {state.kind === "ready" && !state.view.installed ? <s-text>{t("block.notInstalled")}</s-text> : null}
      {state.kind === "ready" && state.view.installed && !state.view.conversions.length ? <s-text>{t("block.noCode")}</s-text> : null}
      {state.kind === "ready" ? (
        <s-stack direction="block" gap="base">
          {state.view.conversions.map((c) => (
            <ConversionRow key={c.id} c={c} />
          ))}
        </s-stack>
      ) : null}
    </s-admin-block>
  );
}

function ConversionRow({ c }: { c: OrderConversion }) {
  const { i18n } = shopify;
  const t = i18n.translate;
  const usd = money(i18n, c.saleUsdCents);
  const excluded = c.adjustments.find((a) => a.kind === "EXCLUDE");
  return (
    <s-stack direction="block" gap="small-200">
      <s-stack direction="inline" gap="small">
        <s-text type="strong">{c.member ?? t("block.groupCode")}</s-text>
        <s-badge tone={statusTone(c.status)}>{t(`status.${c.status}`)}</s-badge>
        {c.manual ? <s-badge>{t("block.manual")}</s-badge> : null}
      </s-stack>
      <s-text>{t("block.offerCode", { offer: c.offer, code: c.code })}</s-text>
      <s-text>
        {c.currency === "USD"
          ? t("block.sale", { usd })
          : t("block.saleForeign", {
              usd,
              local: money(i18n, c.saleCents, c.currency),
              rate: i18n.formatNumber(c.rate.unitsPerUsd, { maximumFractionDigits: 4 }),
              currency: c.currency,
              day: c.rate.day,
            })}
      </s-text>
      <s-text type="strong">{t("block.payout", { usd: money(i18n, c.payoutCents) })}</s-text>
      {excluded?.reason ? <s-text tone="critical">{t("block.excludedBecause", { reason: excluded.reason })}</s-text> : null}
      {c.memberUrl ? <s-link href={c.memberUrl}>{t("block.openMember")}</s-link> : null}
      {c.managedBy ? <s-text tone="neutral">{t("block.managedBy", { store: c.managedBy })}</s-text> : null}
    </s-stack>
  );
}
