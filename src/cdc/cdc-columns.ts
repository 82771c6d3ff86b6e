import type { CompiledCdc } from '../model/compiled-pipeline.js';

export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
}

/** The column sets one CDC flow works with, all in the change rows' column order. */
export interface CdcColumns {
  readonly keys: readonly string[];
  /** Stored columns (keys included), in change-row order: what the target holds besides SCD 2's columns. */
  readonly stored: readonly string[];
  /** Stored non-key columns: what an upsert writes and what ties are broken on. */
  readonly values: readonly string[];
  /** SCD 2: the non-key stored columns whose change opens a new version. */
  readonly tracked: readonly string[];
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const has = (list: readonly string[], name: string): boolean => list.some((c) => same(c, name));

/**
 * Resolves `COLUMNS` / `* EXCEPT` and `TRACK HISTORY` against the change rows' columns (SEMANTICS §5).
 * Names compare case-insensitively (Spark and DuckDB identifiers are case-insensitive). Keys are always
 * stored, even when `COLUMNS` omits or excludes them: `checkCdcSpec` reports that, this keeps the SQL valid.
 * A key the change rows lack is kept as written (the SQL then fails to bind, after `checkCdcSpec` said why).
 */
export function cdcColumns(spec: CompiledCdc, changeColumns: readonly ColumnInfo[]): CdcColumns {
  const names = changeColumns.map((c) => c.name);
  const keys = spec.keys.map((k) => names.find((n) => same(n, k)) ?? k);
  const selected = spec.columns;
  const stored = names.filter((n) => {
    if (has(keys, n)) return true;
    if (!selected) return true;
    return selected.mode === 'include' ? has(selected.columns, n) : !has(selected.columns, n);
  });
  for (const k of keys) if (!stored.some((s) => same(s, k))) stored.unshift(k);
  const values = stored.filter((n) => !has(keys, n));
  const th = spec.trackHistory;
  const tracked = values.filter((n) => {
    if (!th) return true;
    return th.mode === 'include' ? has(th.columns, n) : !has(th.columns, n);
  });
  return { keys, stored, values, tracked };
}
