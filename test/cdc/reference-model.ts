/**
 * The obviously-correct reference for CDC (SEMANTICS §5 and the tie-break rules in src/cdc/README.md):
 * take every valid event seen so far, sort them, and apply them one at a time. No batches, no SQL.
 * The property test checks that the SQL implementation, fed the same events in arbitrary batches, gives
 * the same table after every batch.
 */

export type Value = number | string | null;

export interface RefEvent {
  readonly keys: readonly (number | null)[];
  /** 'U' upsert, 'D' delete, 'T' truncate (a truncate only when the spec has APPLY AS TRUNCATE WHEN). */
  readonly op: 'U' | 'D' | 'T';
  readonly seq: number | null;
  /** Stored non-key values, in stored-column order. */
  readonly values: readonly Value[];
}

export interface RefSpec {
  readonly scd: 1 | 2;
  readonly ignoreNulls: boolean;
  readonly truncate: boolean;
  /** Indexes (into `values`) of the tracked columns (SCD 2). */
  readonly tracked: readonly number[];
}

/** A target row: key values, stored values, and for SCD 2 the interval. */
export interface RefRow {
  readonly keys: readonly number[];
  readonly values: readonly Value[];
  readonly start?: number;
  readonly end?: number | null;
}

type Kind = 'upsert' | 'delete' | 'truncate';

function kindOf(spec: RefSpec, e: RefEvent): Kind {
  if (spec.truncate && e.op === 'T') return 'truncate';
  return e.op === 'D' ? 'delete' : 'upsert';
}

/** SEMANTICS §5: a NULL sequence, or a NULL key on a non-truncate event, is a violation, never applied. */
export function isViolation(spec: RefSpec, e: RefEvent): boolean {
  if (e.seq === null) return true;
  return kindOf(spec, e) !== 'truncate' && e.keys.some((k) => k === null);
}

/** NULL is smallest; numbers numerically; strings by code unit (the tests use ASCII, where it equals DuckDB). */
export function compareValue(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

export function compareValues(a: readonly Value[], b: readonly Value[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareValue(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

const RANK: Record<Kind, number> = { upsert: 0, delete: 1, truncate: 2 };

/** Application order: sequence, then upsert < delete < truncate (so a delete wins), then values ascending. */
function sorted(spec: RefSpec, events: readonly RefEvent[]): RefEvent[] {
  return events
    .filter((e) => !isViolation(spec, e))
    .slice()
    .sort((x, y) => (x.seq! - y.seq!) || (RANK[kindOf(spec, x)] - RANK[kindOf(spec, y)]) || compareValues(x.values, y.values));
}

const keyOf = (e: RefEvent): string => JSON.stringify(e.keys);

export function referenceScd1(spec: RefSpec, events: readonly RefEvent[]): RefRow[] {
  const rows = new Map<string, { keys: number[]; values: Value[]; seqs: (number | null)[] }>();
  for (const e of sorted(spec, events)) {
    const kind = kindOf(spec, e);
    if (kind === 'truncate') { rows.clear(); continue; }
    if (kind === 'delete') { rows.delete(keyOf(e)); continue; }
    const cur = rows.get(keyOf(e));
    if (!spec.ignoreNulls || !cur) {
      // Without IGNORE NULL UPDATES the event replaces the row; same-sequence upserts arrive in ascending
      // value order, so the greatest row is applied last and wins.
      rows.set(keyOf(e), { keys: e.keys as number[], values: [...e.values], seqs: e.values.map((v) => (v === null ? null : e.seq)) });
      continue;
    }
    // IGNORE NULL UPDATES: a NULL keeps the current value; a non-NULL value replaces it when it comes from a
    // later event, or from an event with the same sequence and a greater value (column-wise tie-break).
    e.values.forEach((v, i) => {
      if (v === null) return;
      if (cur.seqs[i] === null || e.seq! > cur.seqs[i]! || compareValue(v, cur.values[i]) > 0) {
        cur.values[i] = v;
        cur.seqs[i] = e.seq;
      }
    });
  }
  return [...rows.values()].map((r) => ({ keys: r.keys, values: r.values }));
}

/** One event per key and sequence: a delete wins; otherwise the greatest row, or (IGNORE NULL UPDATES) column-wise greatest. */
function dedupe(spec: RefSpec, events: RefEvent[]): RefEvent[] {
  const out: RefEvent[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (!last || last.seq !== e.seq) { out.push(e); continue; }
    if (kindOf(spec, last) === 'delete') continue;
    if (kindOf(spec, e) === 'delete') { out[out.length - 1] = e; continue; }
    out[out.length - 1] = spec.ignoreNulls
      ? { ...e, values: e.values.map((v, i) => (compareValue(v, last.values[i]) >= 0 ? v : last.values[i])) }
      : e; // sorted ascending: e is the greater row
  }
  return out;
}

export function referenceScd2(spec: RefSpec, events: readonly RefEvent[]): RefRow[] {
  const byKey = new Map<string, RefEvent[]>();
  for (const e of sorted(spec, events)) {
    if (kindOf(spec, e) === 'truncate') continue; // rejected for SCD 2 by checkCdcSpec; never applied
    const list = byKey.get(keyOf(e)) ?? [];
    list.push(e);
    byKey.set(keyOf(e), list);
  }
  const rows: RefRow[] = [];
  for (const list of byKey.values()) {
    let cur: { start: number; values: Value[] } | null = null;
    const keys = list[0].keys as number[];
    for (const e of dedupe(spec, list)) {
      if (kindOf(spec, e) === 'delete') {
        if (cur) rows.push({ keys, values: cur.values, start: cur.start, end: e.seq });
        cur = null;
        continue;
      }
      const values: Value[] = spec.ignoreNulls && cur ? e.values.map((v, i) => (v === null ? cur!.values[i] : v)) : [...e.values];
      const same: boolean = cur !== null && spec.tracked.every((i) => compareValue(values[i], cur!.values[i]) === 0);
      if (cur && same) { cur.values = values; continue; } // untracked columns change in place
      if (cur) rows.push({ keys, values: cur.values, start: cur.start, end: e.seq });
      cur = { start: e.seq!, values };
    }
    if (cur) rows.push({ keys, values: cur.values, start: cur.start, end: null });
  }
  return rows;
}

export function reference(spec: RefSpec, events: readonly RefEvent[]): RefRow[] {
  return spec.scd === 1 ? referenceScd1(spec, events) : referenceScd2(spec, events);
}
