import { alg, Graph } from '@dagrejs/graphlib';
import type { Diagnostic } from '../model/diagnostic.js';
import { error } from '../model/diagnostic.js';
import type { DatasetNode, FlowNode } from '../model/pipeline-graph.js';
import { ResolveCodes } from './codes.js';

/**
 * Builds the dataset dependency graph (graphlib), reports every cycle with its whole chain, and returns a
 * deterministic topological order (Kahn's algorithm, ready set sorted by id; graphlib's own topsort is
 * not tie-stable and throws an empty CycleException).
 */
export function orderDatasets(datasets: readonly DatasetNode[], flows: readonly FlowNode[], diagnostics: Diagnostic[]): string[] {
  const g = new Graph({ directed: true });
  for (const d of datasets) g.setNode(d.id);
  const edgeSpan = new Map<string, FlowNode['inputs'][number]>();
  for (const f of flows) {
    for (const input of f.inputs) {
      if (!g.hasNode(input.node)) continue; // sources are not part of the ordering
      if (input.node === f.target) {
        if (f.kind !== 'cdc') {
          diagnostics.push(error(ResolveCodes.SelfReference, `'${f.target}' reads itself`, input.span, {
            hint: 'a dataset cannot read its own output; read its upstream instead',
          }));
        }
        continue;
      }
      g.setEdge(input.node, f.target);
      const key = `${input.node}\u0000${f.target}`;
      if (!edgeSpan.has(key)) edgeSpan.set(key, input);
    }
  }

  const cycles = alg.findCycles(g);
  for (const cycle of cycles) {
    // findCycles returns nodes in reverse edge order; present the chain as a -> b -> ... -> a.
    const chain = [...cycle].reverse();
    const start = chain.indexOf([...chain].sort()[0]);
    const ordered = [...chain.slice(start), ...chain.slice(0, start)];
    const related = ordered.map((from, i) => {
      const to = ordered[(i + 1) % ordered.length];
      const ref = edgeSpan.get(`${from}\u0000${to}`);
      return ref ? { span: ref.span, message: `${to} reads ${from}` } : undefined;
    }).filter((r): r is NonNullable<typeof r> => r !== undefined);
    const first = related[0];
    diagnostics.push(error(ResolveCodes.Cycle, `cycle between datasets: ${[...ordered, ordered[0]].join(' -> ')}`, first?.span, {
      related: related.slice(1),
      hint: 'a pipeline is a DAG: break the cycle by removing one of these references',
    }));
  }
  if (cycles.length > 0) return [];

  // Layered Kahn: each layer sorted by id, so the order is deterministic and O(n log n).
  const indegree = new Map<string, number>();
  for (const n of g.nodes()) indegree.set(n, g.predecessors(n)?.length ?? 0);
  let layer = [...indegree].filter(([, d]) => d === 0).map(([n]) => n).sort();
  const order: string[] = [];
  while (layer.length > 0) {
    const next: string[] = [];
    for (const n of layer) {
      order.push(n);
      for (const s of g.successors(n) ?? []) {
        const d = indegree.get(s)! - 1;
        indegree.set(s, d);
        if (d === 0) next.push(s);
      }
    }
    layer = next.sort();
  }
  return order;
}
