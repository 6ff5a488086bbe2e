// Dashboards' money notices (issue 14): stale exchange rates (R40) and the test-order toggle.
import { useSearchParams } from "@remix-run/react";
import { Banner, Checkbox, InlineStack, Link } from "@shopify/polaris";

export interface RateHealthView {
  staleDays: number;
  stale: { currency: string; newestDay: string | null; ageDays: number | null }[];
  provisional: number;
}

export function MoneyNotices({ includeTest, rates, conversionsUrl }: { includeTest: boolean; rates: RateHealthView; conversionsUrl: string }) {
  const [params, setParams] = useSearchParams();
  return (
    <>
      {rates.stale.length || rates.provisional ? (
        <Banner tone="warning" title="Exchange rates are stale">
          <p data-testid="stale-rates">
            {rates.stale.map((s) => `${s.currency}: newest rate ${s.newestDay ?? "none"}${s.ageDays !== null ? ` (${s.ageDays} days old)` : ""}`).join("; ")}
            {rates.stale.length ? ". " : ""}
            {rates.provisional} conversions use a rate older than {rates.staleDays} days and are provisional: they are revalued, with a visible correction, when a fresher rate
            arrives.
          </p>
        </Banner>
      ) : null}
      <InlineStack gap="400" blockAlign="center">
        <Checkbox
          label="Include test orders"
          checked={includeTest}
          onChange={(on) => {
            const next = new URLSearchParams(params);
            if (on) next.set("test", "1");
            else next.delete("test");
            setParams(next);
          }}
        />
        <Link url={conversionsUrl}>All conversions</Link>
      </InlineStack>
    </>
  );
}
