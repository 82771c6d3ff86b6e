import type { CompiledPipeline, LineageTransform } from '../model/compiled-pipeline.js';
import { didYouMean } from '../util/did-you-mean.js';

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

export interface LineageAnswer {
  readonly target: { readonly node: string; readonly column?: string };
  /** The columns the answer starts from (all columns of a dataset target). */
  readonly columns: readonly ColumnRef[];
  readonly upstream: readonly LineageHop[];
  readonly downstream: readonly LineageHop[];
  /** Set when the target is unknown (with a suggestion when one is close). */
  readonly error?: string;
}

const key = (r: ColumnRef): string => `${r.node}\u0000${r.column.toLowerCase()}`;

export function columnLineage(compiled: CompiledPipeline, target: string, direction: LineageDirection): LineageAnswer {
  const dot = target.indexOf('.');
  const dsName = (dot >= 0 ? target.slice(0, dot) : target).toLowerCase();
  const colName = dot >= 0 ? target.slice(dot + 1) : undefined;
  const ds = compiled.datasets.find((d) => d.id === dsName);
  const base = { target: { node: dsName, ...(colName !== undefined ? { column: colName } : {}) } };
  if (!ds) {
    const near = didYouMean(dsName, compiled.datasets.map((d) => d.id));
    return { ...base, columns: [], upstream: [], downstream: [], error: `unknown dataset '${dsName}'${near ? ` (did you mean ${near}?)` : ''}` };
  }
  const cols = ds.columns ?? [];
  let start: ColumnRef[];
  if (colName !== undefined) {
    const c = cols.find((x) => x.name.toLowerCase() === colName.toLowerCase());
    if (!c) {
      const near = didYouMean(colName, cols.map((x) => x.name));
      return { ...base, columns: [], upstream: [], downstream: [], error: `dataset '${ds.id}' has no column '${colName}'${near ? ` (did you mean ${ds.id}.${near}?)` : ''}${ds.columns ? '' : ' (its columns are unknown)'}` };
    }
    start = [{ node: ds.id, column: c.name }];
  } else start = cols.map((c) => ({ node: ds.id, column: c.name }));

  // Parent edges per column, and the reverse for downstream walks.
  const parents = new Map<string, { ref: ColumnRef; transform: LineageTransform }[]>();
  const children = new Map<string, { ref: ColumnRef; transform: LineageTransform }[]>();
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
  const upstream = direction === 'downstream' ? [] : walk(start, parents);
  const downstream = direction === 'upstream' ? [] : walk(start, children);
  return { ...base, columns: start, upstream, downstream };
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

/** Breadth-first, each column once (first, i.e. shortest, path wins); sorted by depth then name. */
function walk(start: readonly ColumnRef[], edges: ReadonlyMap<string, { ref: ColumnRef; transform: LineageTransform }[]>): LineageHop[] {
  const seen = new Set(start.map(key));
  const out: LineageHop[] = [];
  let frontier: LineageHop[] = start.map((s) => ({ ...s, depth: 0, transform: 'direct' as LineageTransform, path: [], root: s }));
  while (frontier.length) {
    const next: LineageHop[] = [];
    for (const h of frontier) {
      for (const e of edges.get(key(h)) ?? []) {
        const k = key(e.ref);
        if (seen.has(k)) continue;
        seen.add(k);
        const hop: LineageHop = {
          node: e.ref.node, column: e.ref.column, depth: h.depth + 1,
          transform: h.transform === 'derived' || e.transform === 'derived' ? 'derived' : 'direct',
          path: [...h.path, e.ref], root: h.root,
        };
        next.push(hop);
      }
    }
    next.sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : a.column < b.column ? -1 : 1));
    out.push(...next);
    frontier = next;
  }
  return out;
}
