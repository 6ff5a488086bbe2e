import type { I18n } from "@shopify/ui-extensions";

/** Cents as the admin's locale writes money. */
export const money = (i18n: I18n, cents: number, currency = "USD") => i18n.formatCurrency(cents / 100, { currency });

export const statusTone = (status: string) => (status === "COUNTED" ? "success" : status === "EXCLUDED" || status === "CANCELLED" ? "critical" : "warning");
