/**
 * Compares expected rows (only the columns the test names) with actual rows, as multisets or in order,
 * and renders a readable diff: `-` rows expected but missing, `+` rows produced but not expected.
 */
export interface RowDiff {
  readonly equal: boolean;
  readonly missing: readonly Record<string, unknown>[];
  readonly unexpected: readonly Record<string, unknown>[];
  readonly text: string;
}

/** A value's comparison key: numbers by value (1 = 1.0 = '1.00'), everything else by its string form. */
export function normalizeValue(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') return `n:${Number(v)}`;
  if (typeof v === 'boolean') return `b:${v}`;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t !== '' && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return `n:${Number(t)}`;
    if (t === 'true' || t === 'false') return `b:${t}`;
    // Timestamps: DuckDB prints `2024-01-01 10:00:00`, users often write `2024-01-01T10:00:00`.
    return `s:${t.replace(/^(\d{4}-\d\d-\d\d)T/, '$1 ')}`;
  }
  if (v instanceof Date) return `s:${v.toISOString().replace('T', ' ').replace(/\.000Z$/, '')}`;
  return `s:${JSON.stringify(v)}`;
}

function rowKey(row: Readonly<Record<string, unknown>>, columns: readonly string[]): string {
  return columns.map((c) => normalizeValue(row[c])).join('\u0001');
}

// DuckDB hands BIGINT and DECIMAL values over as strings (to keep precision); show numbers as numbers.
function showValue(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string' && /^[-+]?(\d+\.?\d*|\.\d+)$/.test(v.trim())) return v.trim();
  return JSON.stringify(v);
}

function show(row: Readonly<Record<string, unknown>>, columns: readonly string[]): string {
  return '{' + columns.map((c) => `${c}: ${showValue(row[c])}`).join(', ') + '}';
}

export function diffRows(
  expected: readonly Readonly<Record<string, unknown>>[], actual: readonly Readonly<Record<string, unknown>>[],
  columns: readonly string[], ordered: boolean,
): RowDiff {
  const projected = actual.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]])));
  if (ordered) {
    const lines: string[] = [];
    const n = Math.max(expected.length, projected.length);
    let equal = expected.length === projected.length;
    for (let i = 0; i < n; i++) {
      const e = expected[i];
      const a = projected[i];
      if (e && a && rowKey(e, columns) === rowKey(a, columns)) { lines.push(`  ${show(a, columns)}`); continue; }
      equal = false;
      if (e) lines.push(`- ${show(e, columns)}`);
      if (a) lines.push(`+ ${show(a, columns)}`);
    }
    return { equal, missing: [], unexpected: [], text: lines.join('\n') };
  }
  const remaining = new Map<string, Record<string, unknown>[]>();
  for (const a of projected) {
    const k = rowKey(a, columns);
    remaining.set(k, [...(remaining.get(k) ?? []), a]);
  }
  const missing: Record<string, unknown>[] = [];
  for (const e of expected) {
    const k = rowKey(e, columns);
    const list = remaining.get(k);
    if (list && list.length) list.pop();
    else missing.push({ ...e });
  }
  const unexpected = [...remaining.values()].flat();
  const lines = [
    ...missing.map((r) => `- ${show(r, columns)}`),
    ...unexpected.map((r) => `+ ${show(r, columns)}`),
  ];
  return {
    equal: missing.length === 0 && unexpected.length === 0,
    missing, unexpected,
    text: lines.length ? `${lines.join('\n')}\n  (- expected but missing, + produced but not expected; ${expected.length} expected, ${actual.length} produced)` : '',
  };
}
