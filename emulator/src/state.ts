// The emulator's in-memory Shopify: shops, app installs, discounts and their redeem codes,
// asynchronous bulk creations and jobs. Everything is plain data so it can be exported and
// imported whole (tests snapshot and restore it).

export type PlanName = "standard" | "advanced" | "plus" | "enterprise";

/** Restore rates from shopify.dev rate-limits; bucket size observed as 20 × restore rate. */
export const PLANS: Record<PlanName, { restoreRate: number; maximumAvailable: number; displayName: string }> = {
  standard: { restoreRate: 100, maximumAvailable: 2000, displayName: "Basic" },
  advanced: { restoreRate: 200, maximumAvailable: 4000, displayName: "Advanced" },
  plus: { restoreRate: 1000, maximumAvailable: 20000, displayName: "Shopify Plus" },
  enterprise: { restoreRate: 2000, maximumAvailable: 40000, displayName: "Commerce Components" },
};

export interface Product {
  id: number;
  title: string;
  handle: string;
  price: string;
  variantId: number;
}

export interface RedeemCode {
  id: number;
  code: string;
  usageCount: number;
  createdAt: string;
  /** Customers (emails) who used this code: appliesOncePerCustomer counts per redeem code. */
  customersUsed?: string[];
}

export type DiscountValue = { percentage: number } | { amount: string; appliesOnEachItem: boolean };
export type DiscountItems = { all: true } | { productIds: number[] } | { collectionIds: number[] };
export type MinimumRequirement = null | { subtotal: string } | { quantity: number };

export interface Discount {
  id: number;
  title: string;
  startsAt: string;
  endsAt: string | null;
  value: DiscountValue;
  items: DiscountItems;
  minimumRequirement: MinimumRequirement;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  codes: RedeemCode[];
  /** Unused: once-per-customer is counted per redeem code (RedeemCode.customersUsed). Kept so exported states still load. */
  customersUsed: string[];
  asyncUsageCount: number;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

export interface BulkCreationCode {
  code: string;
  redeemCodeId: number | null;
  errors: { field: string[] | null; message: string; code: string | null }[];
}

export interface BulkCreation {
  id: number;
  discountId: number;
  done: boolean;
  codes: BulkCreationCode[];
  createdAt: string;
}

export interface Job {
  id: string;
  done: boolean;
}

export interface Install {
  /** The non-expiring offline token of this install (what apps got before expiring tokens). */
  accessToken: string;
  scopes: string;
  installedAt: string;
  /**
   * The serial of the one active expiring token pair (Shopify keeps one per app and shop:
   * issuing a new one revokes the others). Absent: none issued since the emulator started, so
   * a correctly signed pair of this install is adopted (an emulator restart keeps the demo's
   * stored sessions working). See auth.ts.
   */
  expiringSerial?: number;
  /** Refreshes answered for this install (tests count them). */
  refreshes?: number;
}

export interface Faults {
  /** Probability (0–1) that an Admin API call answers 5xx. */
  errorRate: number;
  /** Added latency per Admin API call, in ms. */
  latencyMs: number;
  /** The next N Admin API calls answer THROTTLED whatever the bucket holds. */
  throttleNext: number;
  /** Probability (0–1) that an Admin API call's connection is dropped with no answer. */
  dropRate: number;
  /** Probability (0–1) that a call is applied, then its answer is lost (connection dropped). */
  lostResponseRate: number;
}

export interface ShopState {
  domain: string;
  name: string;
  email: string;
  currencyCode: string;
  countryCode: string;
  timezone: string;
  plan: PlanName;
  numericId: number;
  products: Product[];
  discounts: Record<number, Discount>;
  bulkCreations: Record<number, BulkCreation>;
  jobs: Record<string, Job>;
  /** Installs of the app, by API key. */
  installs: Record<string, Install>;
  /** How many times each app was installed here (tokens differ per install). */
  installGenerations: Record<string, number>;
  faults: Faults;
  /** Orders placed through the emulator's checkout, as their webhook payloads, by id (digits). */
  orders?: Record<string, Record<string, unknown>>;
  /** When each buyer (by email) first ordered here: their customer record's created_at. */
  customersSince?: Record<string, string>;
  /** Bucket state per app (API key). */
  buckets: Record<string, { available: number; updatedAt: number }>;
}

export interface EmulatorState {
  nextId: number;
  shops: Record<string, ShopState>;
  /** How far the emulator's clock is ahead of the machine's, in ms (tests move it; tokens expire by it). */
  clockOffsetMs?: number;
}

/** The emulator's "now" in ms: the machine's clock moved by the control endpoint /_emulator/clock. */
export const emulatorNow = (state: EmulatorState): number => Date.now() + (state.clockOffsetMs ?? 0);

export const noFaults = (): Faults => ({ errorRate: 0, latencyMs: 0, throttleNext: 0, dropRate: 0, lostResponseRate: 0 });

/** Opens another store (tests and benches need more than the three seeded ones). */
export function addShop(state: EmulatorState, handle: string, name: string, currencyCode: string, countryCode = "US"): ShopState {
  const domain = `${handle}.myshopify.com`;
  const existing = state.shops[domain];
  if (existing) return existing;
  const shop: ShopState = {
    domain,
    name,
    email: `owner@${handle}.example`,
    currencyCode,
    countryCode,
    timezone: "UTC",
    plan: "standard",
    numericId: 60_000_000 + Object.keys(state.shops).length + 1,
    products: [{ id: state.nextId++, title: "Everyday Hoodie", handle: "everyday-hoodie", price: "64.00", variantId: state.nextId++ }],
    discounts: {},
    bulkCreations: {},
    jobs: {},
    installs: {},
    installGenerations: {},
    faults: noFaults(),
    buckets: {},
  };
  state.shops[domain] = shop;
  return shop;
}

export function seedState(): EmulatorState {
  const state: EmulatorState = { nextId: 1_000_000_000, shops: {} };
  const seeds: [string, string, string, string, string][] = [
    ["us-store", "Creator Codes Demo US", "USD", "US", "America/New_York"],
    ["ca-store", "Creator Codes Demo Canada", "CAD", "CA", "America/Toronto"],
    ["uk-store", "Creator Codes Demo UK", "GBP", "GB", "Europe/London"],
  ];
  let shopNumber = 1;
  for (const [handle, name, currencyCode, countryCode, timezone] of seeds) {
    const domain = `${handle}.myshopify.com`;
    const products: Product[] = [
      ["Everyday Hoodie", "everyday-hoodie", "64.00"],
      ["Trail Water Bottle", "trail-water-bottle", "28.00"],
      ["Canvas Tote", "canvas-tote", "22.00"],
      ["Performance Tee", "performance-tee", "35.00"],
    ].map(([title, productHandle, price]) => ({
      id: state.nextId++,
      title: title!,
      handle: productHandle!,
      price: price!,
      variantId: state.nextId++,
    }));
    state.shops[domain] = {
      domain,
      name,
      email: `owner@${handle}.example`,
      currencyCode,
      countryCode,
      timezone,
      plan: "standard",
      numericId: 60_000_000 + shopNumber++,
      products,
      discounts: {},
      bulkCreations: {},
      jobs: {},
      installs: {},
      installGenerations: {},
      faults: noFaults(),
      buckets: {},
    };
  }
  return state;
}
