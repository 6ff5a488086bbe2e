// The merchant in the store's Shopify admin: changes made there, not by the app, and the discount
// webhooks Shopify sends for them (topics discounts/create, discounts/update, discounts/delete,
// discounts/redeemcode_added, discounts/redeemcode_removed; they need read_discounts).
//
// Payloads, from Shopify's own examples (webhook-examples/discounts/*, API 2026-07):
// - create/update: {admin_graphql_api_id, title, status, created_at, updated_at}, where the id is
//   the discount node (gid://shopify/DiscountCodeNode/… for code discounts) and status is
//   ACTIVE | EXPIRED | SCHEDULED as in GraphQL.
// - delete: {admin_graphql_api_id, deleted_at}.
// - redeemcode_added/removed: {admin_graphql_api_id, redeem_code: {id, code}, updated_at}, with the
//   redeem code's GraphQL id (gid://shopify/DiscountRedeemCode/…).
// Deactivating in the admin sets the end date to now (as discountCodeDeactivate does), so it is a
// discounts/update with status EXPIRED; removing a code is redeemcode_removed only.
// Renaming a code ({code, to}): a discount with one code is edited in place (the redeem code keeps
// its id, FACTS §1.6; discounts/update); a discount with many codes cannot rename one ("Cannot
// update the code of a bulk discount"), so the merchant removes it and adds the new name:
// redeemcode_removed then redeemcode_added.
// Shopify sends these for every change, the app's own included; the emulator sends them for the
// merchant's changes made through this module (the control API), which is what tests need.
import { activate, codeIndex, createBasic, deactivate, nowIso, remove, statusOf, updateBasic, type BasicInput, type UserError } from "./discounts";
import type { Discount, EmulatorState, ShopState } from "./state";

export type MerchantAction = "create" | "update" | "activate" | "deactivate" | "delete" | "add-code" | "remove-code" | "rename-code";
export const MERCHANT_ACTIONS: MerchantAction[] = ["create", "update", "activate", "deactivate", "delete", "add-code", "remove-code", "rename-code"];

export interface WebhookEvent {
  topic: string;
  payload: Record<string, unknown>;
}

export type MerchantResult = { ok: true; events: WebhookEvent[]; discount: Discount | null } | { ok: false; status: 404 | 422; error: string; userErrors?: UserError[] };

const nodeGid = (id: number) => `gid://shopify/DiscountCodeNode/${id}`;
const summary = (d: Discount) => ({ admin_graphql_api_id: nodeGid(d.id), title: d.title, status: statusOf(d), created_at: d.createdAt, updated_at: d.updatedAt });

/** A discount by numeric id, GraphQL id, or one of its codes. */
export function findDiscount(shop: ShopState, ref: string): Discount | undefined {
  const id = Number(ref.split("/").pop());
  if (Number.isSafeInteger(id) && shop.discounts[id]) return shop.discounts[id];
  const owner = codeIndex(shop).get(decodeURIComponent(ref).toLowerCase());
  return owner ? shop.discounts[owner.discountId] : undefined;
}

export function merchantEdit(state: EmulatorState, shop: ShopState, action: MerchantAction, ref: string | null, body: Record<string, unknown>): MerchantResult {
  if (action === "create") {
    const { discount, userErrors } = createBasic(state, shop, body as BasicInput);
    if (!discount) return { ok: false, status: 422, error: "invalid discount", userErrors };
    return { ok: true, discount, events: [{ topic: "discounts/create", payload: summary(discount) }] };
  }
  const d = ref ? findDiscount(shop, ref) : undefined;
  if (!d) return { ok: false, status: 404, error: "unknown discount" };
  switch (action) {
    case "update": {
      const { discount, userErrors } = updateBasic(shop, d.id, body as BasicInput);
      if (!discount) return { ok: false, status: 422, error: "invalid change", userErrors };
      return { ok: true, discount, events: [{ topic: "discounts/update", payload: summary(discount) }] };
    }
    case "activate":
    case "deactivate": {
      const before = `${d.startsAt} ${d.endsAt}`;
      (action === "activate" ? activate : deactivate)(shop, d.id);
      // Nothing changed (already active / already expired): no webhook.
      return { ok: true, discount: d, events: before === `${d.startsAt} ${d.endsAt}` ? [] : [{ topic: "discounts/update", payload: summary(d) }] };
    }
    case "delete":
      remove(shop, d.id);
      return { ok: true, discount: null, events: [{ topic: "discounts/delete", payload: { admin_graphql_api_id: nodeGid(d.id), deleted_at: nowIso() } }] };
    case "add-code": {
      const code = String(body.code ?? "");
      if (!code || codeIndex(shop).has(code.toLowerCase())) return { ok: false, status: 422, error: "Code must be unique. Please try a different code." };
      const redeem = { id: state.nextId++, code, usageCount: 0, createdAt: nowIso() };
      d.codes.push(redeem);
      codeIndex(shop).set(code.toLowerCase(), { discountId: d.id, codeId: redeem.id });
      d.updatedAt = nowIso();
      return { ok: true, discount: d, events: [{ topic: "discounts/redeemcode_added", payload: redeemPayload(d, redeem) }] };
    }
    case "rename-code": {
      const wanted = String(body.code ?? "").toLowerCase();
      const to = String(body.to ?? "");
      const redeem = d.codes.find((c) => c.code.toLowerCase() === wanted);
      if (!redeem) return { ok: false, status: 404, error: "unknown code" };
      if (!to || codeIndex(shop).has(to.toLowerCase())) return { ok: false, status: 422, error: "Code must be unique. Please try a different code." };
      if (d.codes.length === 1) {
        const { discount, userErrors } = updateBasic(shop, d.id, { code: to });
        if (!discount) return { ok: false, status: 422, error: "invalid change", userErrors };
        return { ok: true, discount, events: [{ topic: "discounts/update", payload: summary(discount) }] };
      }
      const removed = merchantEdit(state, shop, "remove-code", ref, { code: redeem.code });
      const added = merchantEdit(state, shop, "add-code", ref, { code: to });
      if (!removed.ok || !added.ok) return { ok: false, status: 422, error: "rename failed" };
      return { ok: true, discount: d, events: [...removed.events, ...added.events] };
    }
    case "remove-code": {
      const wanted = String(body.code ?? "").toLowerCase();
      const redeem = d.codes.find(
        (c) =>
          c.code.toLowerCase() === wanted ||
          String(c.id) ===
            String(body.id ?? "")
              .split("/")
              .pop(),
      );
      if (!redeem) return { ok: false, status: 404, error: "unknown code" };
      d.codes = d.codes.filter((c) => c !== redeem);
      codeIndex(shop).delete(redeem.code.toLowerCase());
      d.updatedAt = nowIso();
      return { ok: true, discount: d, events: [{ topic: "discounts/redeemcode_removed", payload: redeemPayload(d, redeem) }] };
    }
  }
}

function redeemPayload(d: Discount, redeem: { id: number; code: string }) {
  return { admin_graphql_api_id: nodeGid(d.id), redeem_code: { id: `gid://shopify/DiscountRedeemCode/${redeem.id}`, code: redeem.code }, updated_at: new Date().toISOString() };
}
