// The app backend the order page's extensions read and write (app/routes/api.extensions.*):
// relative URLs, which Shopify admin resolves against the app's URL and sends with
// `Authorization: Bearer <session token>` (the admin's fetch for extensions).
export type ConversionStatus = "COUNTED" | "REFUNDED" | "PARTLY_REFUNDED" | "CANCELLED" | "EXCLUDED";

export interface OrderConversion {
  id: string;
  member: string | null;
  memberId: string | null;
  offer: string;
  code: string;
  currency: string;
  saleCents: number;
  saleUsdCents: number;
  payoutCents: number;
  rate: { unitsPerUsd: number; day: string; source: string; status: string };
  status: ConversionStatus;
  manual: boolean;
  adjustments: { kind: string; payoutCents: number; reason: string | null }[];
  memberUrl: string | null;
  canExclude: boolean;
  managedBy: string | null;
}

export interface OrderView {
  installed: boolean;
  orderId: string;
  conversions: OrderConversion[];
  offers: { id: string; name: string }[];
  attributeRefusal: string | null;
}

export interface MemberChoice {
  id: string;
  name: string;
  code: string | null;
}

export class BackendError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The digits of an order GID (gid://shopify/Order/123 → 123). */
export const orderNumber = (gid: string) => gid.split("/").pop() ?? "";

async function send<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  const body = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new BackendError(response.status, body.error ?? `HTTP ${response.status}`);
  return body;
}

export const loadOrder = (orderGid: string) => send<OrderView>(`/api/extensions/orders/${orderNumber(orderGid)}`);

export type OrderWrite = { intent: "exclude"; conversionId: string; reason: string } | { intent: "attribute"; offerId: string; memberId: string; reason: string };

export const writeOrder = (orderGid: string, body: OrderWrite) =>
  send<OrderView>(`/api/extensions/orders/${orderNumber(orderGid)}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

export const findMembers = (offerId: string, q: string) =>
  send<{ members: MemberChoice[] }>(`/api/extensions/offers/${encodeURIComponent(offerId)}/members?q=${encodeURIComponent(q)}`).then((r) => r.members);
