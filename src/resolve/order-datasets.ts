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
 */
export function orderDatasets(datasets: readonly DatasetNode[], flows: readonly FlowNode[], diagnostics: Diagnostic[]): string[] {
  const ids = new Set(datasets.map((d) => d.id));
  const successors = new Map<string, Set<string>>();
  const indegree = new Map<string, number>();
  for (const d of datasets) { successors.set(d.id, new Set()); indegree.set(d.id, 0); }
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
      indegree.set(f.target, indegree.get(f.target)! + 1);
      edgeRef.set(`${input.node}\u0000${f.target}`, input);
    }
  }

  let layer = [...indegree].filter(([, d]) => d === 0).map(([n]) => n).sort();
  const order: string[] = [];
  while (layer.length > 0) {
    const next: string[] = [];
    for (const n of layer) {
      order.push(n);
      for (const s of successors.get(n)!) {
        const d = indegree.get(s)! - 1;
        indegree.set(s, d);
        if (d === 0) next.push(s);
      }
    }
    layer = next.sort();
  }
  if (order.length === datasets.length) return order;

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
  return [];
}
