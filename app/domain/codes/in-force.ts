// Which of several codes with one name an order used (R20, R21, R27). Names are unique per store,
// except that a refresh with the current name (R21) replaces a code by a new one with the same
// name: the old one was in force until it was retired, the new one from then on. Counting the
// order for both would pay the member twice.
export interface NamedCode {
  id: string;
  codeKey: string;
  current: boolean;
  retiredAt: Date | null;
}

/** One code per name: the one in force when the order was placed. */
export function codesInForceAt<T extends NamedCode>(codes: T[], placedAt: Date): T[] {
  const byKey = new Map<string, T[]>();
  for (const c of codes) byKey.set(c.codeKey, [...(byKey.get(c.codeKey) ?? []), c]);
  return [...byKey.values()].map((same) => {
    if (same.length === 1) return same[0]!;
    const ordered = [...same].sort((a, b) => (a.retiredAt?.getTime() ?? Infinity) - (b.retiredAt?.getTime() ?? Infinity) || Number(b.current) - Number(a.current));
    return ordered.find((c) => !c.retiredAt || placedAt < c.retiredAt) ?? ordered.at(-1)!;
  });
}
