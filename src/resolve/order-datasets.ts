import { alg, Graph } from '@dagrejs/graphlib';
import type { Diagnostic } from '../model/diagnostic.js';
import { error } from '../model/diagnostic.js';
import type { DatasetNode, FlowNode, InputRef } from '../model/pipeline-graph.js';
import { ResolveCodes } from './codes.js';

/**
 * A deterministic topological order of the datasets (layered Kahn: each layer sorted by id), and every cycle
 * reported with its whole chain. Kahn runs on plain adjacency lists (graphlib's own topsort is not tie-stable and
 * throws an empty CycleException); only when nodes are left over does a graphlib graph of those nodes find the
 * cycles (`alg.findCycles`), so the common acyclic case costs one linear pass.
 *
 * Besides the data edges (a flow reads a dataset), a FOREIGN KEY orders its referenced dataset before the
 * dataset that declares it: the key check reads the parent inside the child's update (issue 7), so the parent
 * must hold this run's content by then. It is an ordering edge only: no lineage edge, no input of the child (no
 * SKIP when the parent fails, no effect on incremental refreshes). Foreign keys that would close a cycle (two
 * datasets referencing each other, or a key cycle through data edges) are not ordering edges: only the data edges
 * must be acyclic, and such a key is checked against the parent's content when the child is updated (its
 * previous update; not checked while the parent has no table yet, quality-gates.ts).
 */
export function orderDatasets(datasets: readonly DatasetNode[], flows: readonly FlowNode[], diagnostics: Diagnostic[]): string[] {
  const ids = new Set(datasets.map((d) => d.id));
  const successors = new Map<string, Set<string>>();
  for (const d of datasets) successors.set(d.id, new Set());
  const edgeRef = new Map<string, InputRef>();
  for (const f of flows) {
    for (const input of f.inputs) {
      if (!ids.has(input.node)) continue; // sources are not part of the ordering
      if (input.node === f.target) {
        if (f.kind !== 'cdc') {
          diagnostics.push(error(ResolveCodes.SelfReference, `'${f.target}' reads itself`, input.span, {
            hint: 'a dataset cannot read its own output; read its upstream instead',
          }));
        }
        continue;
      }
      const out = successors.get(input.node)!;
      if (out.has(f.target)) continue;
      out.add(f.target);
      edgeRef.set(`${input.node}\u0000${f.target}`, input);
    }
  }

  const keys = foreignKeyEdges(datasets, ids);
  if (keys.length > 0) {
    // Common case: the keys close no cycle, one pass with every edge.
    const withKeys = kahn(addEdges(successors, keys, false));
    if (withKeys.length === datasets.length) return withKeys;
  }
  // The data edges alone decide whether the pipeline is a DAG; when they do, each key is added only when it
  // closes no cycle (the search runs only in this rare case).
  const order = kahn(successors);
  if (order.length === datasets.length) return keys.length > 0 ? kahn(addEdges(successors, keys, true)) : order;
  // Some nodes are on (or behind) a cycle: find the cycles among them and report each with its chain.
  const placed = new Set(order);
  const g = new Graph({ directed: true });
  for (const [from, tos] of successors) {
    if (placed.has(from)) continue;
    g.setNode(from);
    for (const to of tos) if (!placed.has(to)) g.setEdge(from, to);
  }
  for (const cycle of alg.findCycles(g)) {
    // findCycles lists nodes against the edge direction; present the chain as a -> b -> ... -> a from the smallest id.
    const chain = [...cycle].reverse();
    const start = chain.indexOf([...chain].sort()[0]);
    const ordered = [...chain.slice(start), ...chain.slice(0, start)];
    const related = ordered.map((from, i) => {
      const to = ordered[(i + 1) % ordered.length];
      const ref = edgeRef.get(`${from}\u0000${to}`);
      return ref ? { span: ref.span, message: `${to} reads ${from}` } : undefined;
    }).filter((r): r is NonNullable<typeof r> => r !== undefined);
    diagnostics.push(error(ResolveCodes.Cycle, `cycle between datasets: ${[...ordered, ordered[0]].join(' -> ')}`, related[0]?.span, {
      related: related.slice(1),
      hint: 'a pipeline is a DAG: break the cycle by removing one of these references',
    }));
  }
  // The datasets neither on nor behind a cycle, in order: the compiler still analyses them (their own problems are
  // reported in the same pass); `order.length < datasets.length` says there is a cycle.
  return order;
}

/** Layered Kahn over `successors` (each layer sorted by id); nodes on or behind a cycle are left out. */
function kahn(successors: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const indegree = new Map<string, number>([...successors.keys()].map((n) => [n, 0]));
  for (const tos of successors.values()) for (const t of tos) indegree.set(t, indegree.get(t)! + 1);
  let layer = [...indegree].filter(([, d]) => d === 0).map(([n]) => n).sort();
  const order: string[] = [];
  while (layer.length > 0) {
    const next: string[] = [];
    for (const n of layer) {
      order.push(n);
      for (const s of successors.get(n) ?? []) {
        const d = indegree.get(s)! - 1;
        indegree.set(s, d);
        if (d === 0) next.push(s);
      }
    }
    layer = next.sort();
  }
  return order;
}

/** FOREIGN KEY parent -> child pairs between distinct datasets of the pipeline, sorted (deterministic). */
function foreignKeyEdges(datasets: readonly DatasetNode[], ids: ReadonlySet<string>): [string, string][] {
  const out = new Map<string, [string, string]>();
  for (const d of datasets) {
    for (const c of d.constraints) {
      if (c.kind !== 'foreign-key' || !c.references) continue;
      // The last part names the dataset (tableChecks decides whether a qualified name is this pipeline's): an
      // ordering edge to a same-named dataset is harmless either way.
      const parent = c.references.table.parts[c.references.table.parts.length - 1].toLowerCase();
      if (parent !== d.id && ids.has(parent)) out.set(`${parent}\u0000${d.id}`, [parent, d.id]);
    }
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

/**
 * A copy of `successors` with the key edges added; `acyclicOnly`: each edge only when the child does not already
 * reach the parent (it would close a cycle).
 */
function addEdges(successors: ReadonlyMap<string, ReadonlySet<string>>, keys: readonly [string, string][], acyclicOnly: boolean): Map<string, Set<string>> {
  const out = new Map([...successors].map(([k, v]) => [k, new Set(v)] as const));
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>([from]);
    const stack = [from];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n === to) return true;
      for (const s of out.get(n) ?? []) if (!seen.has(s)) { seen.add(s); stack.push(s); }
    }
    return false;
  };
  for (const [parent, child] of keys) {
    if (acyclicOnly && reaches(child, parent)) continue;
    out.get(parent)!.add(child);
  }
  return out;
}
