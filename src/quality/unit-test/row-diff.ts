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

/**
 * How a column's values compare, from its DuckDB type: an expected value is read as a value of the produced
 * column's type, as Spark compares typed values (and dbt casts unit-test fixtures to the column types):
 * `number`: by numeric value (7 = 7.0 = '7.00'); `string`: exactly as text (7 is '7', never '007'; spaces count);
 * `boolean`; `temporal`: by the printed form (`2024-01-01T10:00:00` = `2024-01-01 10:00:00`); `other` (lists,
 * structs) as JSON. Unknown (no type): the loose comparison of numbers and text.
 */
export type ValueKind = 'number' | 'string' | 'boolean' | 'temporal' | 'other';

export function valueKind(duckdbType: string): ValueKind {
  const t = duckdbType.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL.*)$/.test(t)) return 'number';
  if (t === 'VARCHAR' || t === 'BLOB' || t === 'UUID') return 'string';
  if (t === 'BOOLEAN') return 'boolean';
  if (/^(DATE|TIME|TIMESTAMP|INTERVAL)/.test(t)) return 'temporal';
  return 'other';
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A value's comparison key, for a column of `kind` (see ValueKind); without one, numbers by value, else text. */
export function normalizeValue(v: unknown, kind?: ValueKind): string {
  if (v === null || v === undefined) return 'NULL';
  switch (kind) {
    case 'string':
      return `s:${typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)}`;
    case 'number': {
      const t = typeof v === 'string' ? v.trim() : v;
      return (typeof t === 'number' || typeof t === 'bigint') || (typeof t === 'string' && t !== '' && NUMBER.test(t)) ? `n:${Number(t)}` : `x:${String(v)}`;
    }
    case 'boolean':
      return typeof v === 'boolean' || v === 'true' || v === 'false' ? `b:${String(v)}` : `x:${String(v)}`;
    case 'other':
      return `j:${typeof v === 'string' ? v : JSON.stringify(v)}`;
    default:
      break;
  }
  if (typeof v === 'number' || typeof v === 'bigint') return `n:${Number(v)}`;
  if (typeof v === 'boolean') return `b:${v}`;
  if (typeof v === 'string') {
    const t = v.trim();
    if (kind === undefined && t !== '' && NUMBER.test(t)) return `n:${Number(t)}`;
    if (kind === undefined && (t === 'true' || t === 'false')) return `b:${t}`;
    // Timestamps: DuckDB prints `2024-01-01 10:00:00`, users often write `2024-01-01T10:00:00`.
    return `s:${t.replace(/^(\d{4}-\d\d-\d\d)T/, '$1 ')}`;
  }
  if (v instanceof Date) return `s:${v.toISOString().replace('T', ' ').replace(/\.000Z$/, '')}`;
  return `s:${JSON.stringify(v)}`;
}

function rowKey(row: Readonly<Record<string, unknown>>, columns: readonly string[], kinds: Readonly<Record<string, ValueKind>>): string {
  return columns.map((c) => normalizeValue(row[c], kinds[c])).join('\u0001');
}

// DuckDB hands BIGINT and DECIMAL values over as strings (to keep precision); show numbers as numbers.
function showValue(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string' && /^[-+]?(\d+\.?\d*|\.\d+)$/.test(v.trim())) return v.trim();
  return JSON.stringify(v);
}

function show(row: Readonly<Record<string, unknown>>, columns: readonly string[], kinds: Readonly<Record<string, ValueKind>> = {}): string {
  // Text of a string column is quoted (`"007"`), so it cannot be mistaken for the number an expected row gave.
  return '{' + columns.map((c) => `${c}: ${kinds[c] === 'string' && typeof row[c] === 'string' ? JSON.stringify(row[c]) : showValue(row[c])}`).join(', ') + '}';
}

export function diffRows(
  expected: readonly Readonly<Record<string, unknown>>[], actual: readonly Readonly<Record<string, unknown>>[],
  columns: readonly string[], ordered: boolean,
  /** The produced columns' kinds (by name): expected values compare as values of those types. */
  kinds: Readonly<Record<string, ValueKind>> = {},
): RowDiff {
  const projected = actual.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]])));
  if (ordered) {
    const lines: string[] = [];
    const n = Math.max(expected.length, projected.length);
    let equal = expected.length === projected.length;
    for (let i = 0; i < n; i++) {
      const e = expected[i];
      const a = projected[i];
      if (e && a && rowKey(e, columns, kinds) === rowKey(a, columns, kinds)) { lines.push(`  ${show(a, columns, kinds)}`); continue; }
      equal = false;
      if (e) lines.push(`- ${show(e, columns, kinds)}`);
      if (a) lines.push(`+ ${show(a, columns, kinds)}`);
    }
    return { equal, missing: [], unexpected: [], text: lines.join('\n') };
  }
  const remaining = new Map<string, Record<string, unknown>[]>();
  for (const a of projected) {
    const k = rowKey(a, columns, kinds);
    remaining.set(k, [...(remaining.get(k) ?? []), a]);
  }
  const missing: Record<string, unknown>[] = [];
  for (const e of expected) {
    const k = rowKey(e, columns, kinds);
    const list = remaining.get(k);
    if (list && list.length) list.pop();
    else missing.push({ ...e });
  }
  const unexpected = [...remaining.values()].flat();
  const lines = [
    ...missing.map((r) => `- ${show(r, columns, kinds)}`),
    ...unexpected.map((r) => `+ ${show(r, columns, kinds)}`),
  ];
  return {
    equal: missing.length === 0 && unexpected.length === 0,
    missing, unexpected,
    text: lines.length ? `${lines.join('\n')}\n  (- expected but missing, + produced but not expected; ${expected.length} expected, ${actual.length} produced)` : '',
  };
}
