/** SQLite caps bound parameters per statement (999 by default): `in (…)` lists go in chunks. */
export const IN_CHUNK = 400;

export function chunk<T>(values: T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/** Runs a query per chunk of `values` and concatenates the rows. */
export async function inChunks<T, R>(values: T[], query: (part: T[]) => Promise<R[]>): Promise<R[]> {
  const rows: R[] = [];
  for (const part of chunk(values)) rows.push(...(await query(part)));
  return rows;
}

/** Runs a write per chunk of `values`. */
export async function eachChunk<T>(values: T[], write: (part: T[]) => Promise<unknown>, size = IN_CHUNK): Promise<void> {
  for (const part of chunk(values, size)) await write(part);
}

/** Items grouped by a key, in first-seen order. */
export function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
