// The offer form's state (R14, R35): the typed values and the sync choices, reset only when another
// offer loads, and whether anything differs from what is stored (the save bar).
import { useMemo, useState } from "react";
import type { OfferFormValues } from "~/domain/offers/offer-input";

export interface SyncSection {
  available: { shop: string; label: string }[];
  selected: string[];
  enabled: boolean;
  sameValue: boolean;
  percents: Record<string, string>;
  disconnected: string[];
}

export function useOfferFormState(formKey: string, initial: OfferFormValues, sync: SyncSection) {
  const [values, setValues] = useState(initial);
  const [syncOn, setSyncOn] = useState(sync.enabled);
  const [syncStores, setSyncStores] = useState(sync.selected);
  const [sameValue, setSameValue] = useState(sync.sameValue);
  const [percents, setPercents] = useState(sync.percents);
  const [confirmed, setConfirmed] = useState(false);
  const discard = () => {
    setValues(initial);
    setSyncOn(sync.enabled);
    setSyncStores(sync.selected);
    setSameValue(sync.sameValue);
    setPercents(sync.percents);
  };
  // R35: after a refused save the merchant's values stay (with their messages); only another
  // offer loading (or a save that succeeds and leaves the page) starts from the stored values.
  const [loadedKey, setLoadedKey] = useState(formKey);
  if (loadedKey !== formKey) {
    setLoadedKey(formKey);
    discard();
    setConfirmed(false);
  }
  const syncDirty =
    syncOn !== sync.enabled ||
    (syncOn && (syncStores.join() !== sync.selected.join() || sameValue !== sync.sameValue || JSON.stringify(percents) !== JSON.stringify(sync.percents)));
  const formDirty = useMemo(() => JSON.stringify(values) !== JSON.stringify(initial), [values, initial]);
  const set = (key: keyof OfferFormValues) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const setBool = (key: keyof OfferFormValues) => (checked: boolean) => setValues((v) => ({ ...v, [key]: String(checked) }));
  return {
    values,
    set,
    setBool,
    sync: { on: syncOn, setOn: setSyncOn, stores: syncStores, setStores: setSyncStores, sameValue, setSameValue, percents, setPercents },
    confirmed,
    setConfirmed,
    dirty: formDirty || syncDirty,
    discard,
  };
}

export type OfferFormState = ReturnType<typeof useOfferFormState>;
