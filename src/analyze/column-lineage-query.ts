import type { CompiledPipeline, LineageTransform } from '../model/compiled-pipeline.js';
import { didYouMean } from '../util/did-you-mean.js';
import { unknownColumnsReason } from './unknown-lineage.js';

/**
 * `weir lineage <dataset[.column]>`: the transitive upstream columns a column is computed from, and the
 * downstream columns computed from it, each with the path that leads there. Pure: reads the lineage analyze
 * stored on the compiled pipeline.
 */
export type LineageDirection = 'upstream' | 'downstream' | 'both';

export interface ColumnRef {
  readonly node: string;
  readonly column: string;
}

export interface LineageHop extends ColumnRef {
  /** Hops from the target (1 = an immediate parent/child). */
  readonly depth: number;
  /** `direct` when every hop on the path is a plain copy. */
  readonly transform: LineageTransform;
  /** From the target (excluded) to this column (included). */
  readonly path: readonly ColumnRef[];
  /** The target column this hop was reached from (one of `LineageAnswer.columns`). */
  readonly root: ColumnRef;
}

/**
 * Where a walk stops because the lineage cannot be known from the SQL alone (a dataset whose columns come from
 * files or an external table): said explicitly, so "no upstream" is never claimed where the truth is "unknown".
 */
export interface UnknownLineage {
  readonly direction: 'upstream' | 'downstream';
  /** The column where the walk stops (the target column or a hop). */
  readonly at: ColumnRef;
  /** The dataset whose columns are unknown: `at`'s own (upstream), or one that reads `at`'s dataset (downstream). */
  readonly node: string;
  /** The target column the walk started from. */
  readonly root: ColumnRef;
  readonly reason: string;
}

export interface LineageAnswer {
  readonly target: { readonly node: string; readonly column?: string };
  readonly direction: LineageDirection;
  /** The columns the answer starts from (all columns of a dataset target). */
  readonly columns: readonly ColumnRef[];
  /** Absent when only downstream was asked for. */
  readonly upstream?: readonly LineageHop[];
  /** Absent when only upstream was asked for. */
  readonly downstream?: readonly LineageHop[];
  /** Where the lineage is unknown (see UnknownLineage); absent when everything is known. */
  readonly unknown?: readonly UnknownLineage[];
  /** The dataset's columns are unknown (the reason); `columns` is then empty for a dataset target. */
  readonly columnsUnknown?: string;
  /** Set when the target names no dataset or column (with a suggestion when one is close). */
  readonly error?: string;
}

type Edge = { ref: ColumnRef; transform: LineageTransform };

const key = (r: ColumnRef): string => `${r.node}\u0000${r.column.toLowerCase()}`;

export function columnLineage(compiled: CompiledPipeline, target: string, direction: LineageDirection): LineageAnswer {
  const ids = new Set(compiled.datasets.map((d) => d.id));
  const found = splitTarget(target, ids, compiled.graph.schema, compiled.graph.catalog);
  const dsName = found?.dataset ?? withoutPrefix(target.toLowerCase(), compiled.graph.schema, compiled.graph.catalog).split('.')[0];
  const colName = found ? found.column : undefined;
  const base = { target: { node: dsName, ...(colName !== undefined ? { column: colName } : {}) }, direction };
  const ds = found ? compiled.datasets.find((d) => d.id === found.dataset) : undefined;
  if (!ds) {
    const near = didYouMean(dsName, [...ids]);
    return { ...base, columns: [], error: `unknown dataset '${dsName}'${near ? ` (did you mean ${near}?)` : ''}` };
  }
  const cols = ds.columns;
  const columnsUnknown = cols ? undefined : unknownColumnsReason(compiled, ds.id);
  let start: ColumnRef[];
  if (colName !== undefined) {
    const c = cols?.find((x) => x.name.toLowerCase() === colName.toLowerCase());
    if (cols && !c) {
      const near = didYouMean(colName, cols.map((x) => x.name));
      return { ...base, columns: [], error: `dataset '${ds.id}' has no column '${colName}'${near ? ` (did you mean ${ds.id}.${near}?)` : ''}` };
    }
    // A dataset whose columns are unknown may still have this column: its readers' edges name it.
    start = [{ node: ds.id, column: c?.name ?? colName }];
  } else if (cols) start = cols.map((c) => ({ node: ds.id, column: c.name }));
  else {
    // Columns unknown: the ones its readers name are known to exist.
    const named = new Map<string, string>();
    for (const d of compiled.datasets) for (const c of d.columns ?? []) for (const e of c.lineage) if (e.node === ds.id) named.set(e.column.toLowerCase(), e.column);
    start = [...named.values()].sort().map((column) => ({ node: ds.id, column }));
  }

  // Parent edges per column, and the reverse for downstream walks.
  const parents = new Map<string, Edge[]>();
  const children = new Map<string, Edge[]>();
  for (const d of compiled.datasets) {
    for (const c of d.columns ?? []) {
      const me = { node: d.id, column: c.name };
      for (const e of c.lineage) {
        const up = { node: e.node, column: e.column };
        push(parents, key(me), { ref: up, transform: e.transform });
        push(children, key(up), { ref: me, transform: e.transform });
      }
    }
  }
  const unknown: UnknownLineage[] = [];
  const known = new Map(compiled.datasets.map((d) => [d.id, d.columns ? new Set(d.columns.map((c) => c.name.toLowerCase())) : undefined]));
  const reasons = new Map<string, string>();
  const reason = (id: string): string => {
    let r = reasons.get(id);
    if (r === undefined) reasons.set(id, r = unknownColumnsReason(compiled, id));
    return r;
  };
  // Upstream stops at a column of a dataset whose columns are unknown: what it is computed from is unknown.
  const upStop = (h: ColumnRef, root: ColumnRef): void => {
    if (!ids.has(h.node) || known.get(h.node)) return;
    unknown.push({ direction: 'upstream', at: { node: h.node, column: h.column }, node: h.node, root, reason: reason(h.node) });
  };
  // Downstream: a dataset with unknown columns that reads this column's dataset may use it.
  const readers = new Map<string, Set<string>>();
  for (const f of compiled.flows) {
    if (known.get(f.target) !== undefined || !ids.has(f.target)) continue;
    for (const i of f.inputs) {
      const set = readers.get(i.node) ?? new Set<string>();
      set.add(f.target);
      readers.set(i.node, set);
    }
  }
  const downStop = (h: ColumnRef, root: ColumnRef): void => {
    for (const r of readers.get(h.node) ?? []) {
      if (unknown.some((u) => u.direction === 'downstream' && u.node === r && key(u.root) === key(root))) continue;
      unknown.push({ direction: 'downstream', at: { node: h.node, column: h.column }, node: r, root, reason: `${r} reads ${h.node}, and ${reason(r)}` });
    }
  };
  // Each start column is walked on its own: two columns computed from the same upstream column both list it.
  const upstream = direction === 'downstream' ? undefined : start.flatMap((s) => walk(s, parents, upStop));
  const downstream = direction === 'upstream' ? undefined : start.flatMap((s) => walk(s, children, downStop));
  return {
    ...base, columns: start,
    ...(upstream ? { upstream } : {}), ...(downstream ? { downstream } : {}),
    ...(unknown.length ? { unknown } : {}), ...(columnsUnknown ? { columnsUnknown } : {}),
  };
}

/**
 * `dataset`, `dataset.column`, with the prefixes a user copies from SQL: `LIVE.`, `<schema>.`, `<catalog>.<schema>.`
 * (case-insensitive). The dataset is the longest leading name that is a dataset id; undefined when none is.
 */
function splitTarget(target: string, ids: ReadonlySet<string>, schema: string, catalog: string | undefined): { dataset: string; column?: string } | undefined {
  const lower = target.toLowerCase();
  for (const p of prefixes(schema, catalog)) {
    if (!lower.startsWith(p)) continue;
    const rest = lower.slice(p.length);
    if (ids.has(rest)) return { dataset: rest };
    let best: string | undefined;
    for (let i = rest.indexOf('.'); i > 0; i = rest.indexOf('.', i + 1)) if (ids.has(rest.slice(0, i))) best = rest.slice(0, i);
    if (best !== undefined) return { dataset: best, column: target.slice(p.length + best.length + 1) };
  }
  return undefined;
}

const prefixes = (schema: string, catalog: string | undefined): string[] =>
  ['', 'live.', `${schema.toLowerCase()}.`, ...(catalog ? [`${catalog.toLowerCase()}.${schema.toLowerCase()}.`] : [])];

/** The name without the longest prefix splitTarget accepts (for the did-you-mean of an unknown dataset). */
function withoutPrefix(lower: string, schema: string, catalog: string | undefined): string {
  const p = prefixes(schema, catalog).filter((x) => lower.startsWith(x) && lower.length > x.length).pop() ?? '';
  return lower.slice(p.length);
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

/** Breadth-first from one column, each column once (first, i.e. shortest, path wins); sorted by depth then name. */
function walk(start: ColumnRef, edges: ReadonlyMap<string, Edge[]>, stop: (at: ColumnRef, root: ColumnRef) => void): LineageHop[] {
  const seen = new Set([key(start)]);
  const out: LineageHop[] = [];
  stop(start, start);
  let frontier: LineageHop[] = [{ ...start, depth: 0, transform: 'direct', path: [], root: start }];
  while (frontier.length) {
    const next: LineageHop[] = [];
    for (const h of frontier) {
      for (const e of edges.get(key(h)) ?? []) {
        const k = key(e.ref);
        if (seen.has(k)) continue;
        seen.add(k);
        next.push({
          node: e.ref.node, column: e.ref.column, depth: h.depth + 1,
          transform: h.transform === 'derived' || e.transform === 'derived' ? 'derived' : 'direct',
          path: [...h.path, e.ref], root: start,
        });
      }
    }
    next.sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : a.column < b.column ? -1 : 1));
    for (const h of next) stop(h, start);
    out.push(...next);
    frontier = next;
  }
  return out;
}
