import type { PipelineGraph } from '../model/index.js';

/**
 * The part of the graph a selection keeps (`weir ls --select`): the selected datasets, the flows writing them,
 * and the sources they read. Edges from unselected datasets are dropped, so every format draws only what was
 * asked for.
 */
export function selectedGraph(graph: PipelineGraph, ids: ReadonlySet<string>): PipelineGraph {
  const flows = graph.flows.filter((f) => ids.has(f.target))
    .map((f) => ({ ...f, inputs: f.inputs.filter((i) => ids.has(i.node) || !graph.datasets.some((d) => d.id === i.node)) }));
  const read = new Set(flows.flatMap((f) => f.inputs.map((i) => i.node)));
  return {
    ...graph,
    datasets: graph.datasets.filter((d) => ids.has(d.id)),
    flows,
    sources: graph.sources.filter((s) => read.has(s.id)),
    order: graph.order.filter((id) => ids.has(id)),
  };
}
