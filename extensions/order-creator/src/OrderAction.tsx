/** @jsxImportSource preact */
// admin.order-details.action.render (R41, issue 19): "Creator attribution" in the order's More
// actions: exclude the order's conversion from payouts with a reason, or, for an order that used no
// tracked code, attribute it to a member of an offer. Both are adjustments the app audits (R40).
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { BackendError, findMembers, loadOrder, writeOrder, type MemberChoice, type OrderView } from "./api";
import { money } from "./format";

export default async () => {
  render(<OrderAction />, document.body);
};

const valueOf = (event: Event) => (event.currentTarget as unknown as { value: string }).value;

function OrderAction() {
  const { i18n, data, close } = shopify;
  const t = i18n.translate;
  const orderId = data.selected[0]?.id ?? "";
  const [view, setView] = useState<OrderView | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [conversionId, setConversionId] = useState("");
  const [offerId, setOfferId] = useState("");
  const [q, setQ] = useState("");
  const [members, setMembers] = useState<MemberChoice[]>([]);
  const [memberId, setMemberId] = useState("");
  const [memberError, setMemberError] = useState<string | undefined>();

  useEffect(() => {
    loadOrder(orderId).then(
      (v) => {
        setView(v);
        setConversionId(v.conversions.find((c) => c.canExclude)?.id ?? "");
        setOfferId(v.offers[0]?.id ?? "");
      },
      (error: unknown) => setFailure(error instanceof Error ? error.message : String(error)),
    );
  }, [orderId]);

  useEffect(() => {
    if (!offerId) return;
    let current = true;
    findMembers(offerId, q).then(
      (found) => {
        if (!current) return;
        setMembers(found);
        setMemberId((id) => (found.some((m) => m.id === id) ? id : (found[0]?.id ?? "")));
      },
      () => current && setMembers([]),
    );
    return () => {
      current = false;
    };
  }, [offerId, q]);

  const excludable = view?.conversions.filter((c) => c.canExclude) ?? [];
  const mode: "exclude" | "attribute" | "none" = !view ? "none" : view.conversions.length ? (excludable.length ? "exclude" : "none") : view.attributeRefusal ? "none" : "attribute";

  async function submit() {
    if (!reason.trim()) return setReasonError(t("action.reasonRequired"));
    setReasonError(undefined);
    if (mode === "attribute" && !memberId) return setMemberError(t("action.chooseMember"));
    setMemberError(undefined);
    setSaving(true);
    try {
      await writeOrder(orderId, mode === "exclude" ? { intent: "exclude", conversionId, reason } : { intent: "attribute", offerId, memberId, reason });
      close(); // the admin reloads the order page: the block shows the change
    } catch (error) {
      setFailure(t("action.failed", { message: error instanceof BackendError || error instanceof Error ? error.message : String(error) }));
      setSaving(false);
    }
  }

  return (
    <s-admin-action heading={t("action.heading")} loading={!view && !failure}>
      <s-stack direction="block" gap="base">
        {failure ? <s-banner tone="critical">{failure}</s-banner> : null}
        {view && mode === "none" ? <s-text>{view.conversions.length ? t("action.nothingToExclude") : (view.attributeRefusal ?? "")}</s-text> : null}
        {mode === "exclude" ? (
          <>
            <s-text>{t("action.excludeIntro")}</s-text>
            <s-select label={t("action.conversion")} value={conversionId} onChange={(e) => setConversionId(valueOf(e))}>
              {excludable.map((c) => (
                <s-option key={c.id} value={c.id}>
                  {`${c.member ?? c.code} · ${c.code} · ${money(i18n, c.payoutCents)}`}
                </s-option>
              ))}
            </s-select>
          </>
        ) : null}
        {mode === "attribute" && view ? (
          <>
            <s-text>{t("action.attributeIntro")}</s-text>
            <s-select label={t("action.offer")} value={offerId} onChange={(e) => setOfferId(valueOf(e))}>
              {view.offers.map((o) => (
                <s-option key={o.id} value={o.id}>
                  {o.name}
                </s-option>
              ))}
            </s-select>
            <s-search-field label={t("action.memberSearch")} value={q} onInput={(e) => setQ(valueOf(e))} />
            {members.length ? (
              <s-select label={t("action.member")} value={memberId} error={memberError} onChange={(e) => setMemberId(valueOf(e))}>
                {members.map((m) => (
                  <s-option key={m.id} value={m.id}>
                    {m.code ? `${m.name} (${m.code})` : m.name}
                  </s-option>
                ))}
              </s-select>
            ) : (
              <s-text>{t("action.noMembers")}</s-text>
            )}
          </>
        ) : null}
        {mode === "exclude" || mode === "attribute" ? <s-text-area label={t("action.reason")} value={reason} error={reasonError} onInput={(e) => setReason(valueOf(e))} /> : null}
      </s-stack>
      <s-button slot="primary-action" variant="primary" disabled={mode === "none" || saving} onClick={submit}>
        {mode === "attribute" ? t("action.attribute") : t("action.exclude")}
      </s-button>
      <s-button slot="secondary-actions" onClick={close}>
        {t("action.cancel")}
      </s-button>
    </s-admin-action>
  );
}
