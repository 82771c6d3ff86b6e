import type { DatasetNode, PipelineGraph } from '../model/pipeline-graph.js';

const KIND_LABEL: Record<DatasetNode['kind'], string> = {
  'materialized-view': 'materialized view',
  'streaming-table': 'streaming table',
  'temporary-view': 'temporary view',
  view: 'view',
};

/** Every edge source → target once, with whether any flow reads it as a stream. */
function edges(g: PipelineGraph): { from: string; to: string; streaming: boolean }[] {
  const m = new Map<string, { from: string; to: string; streaming: boolean }>();
  for (const f of g.flows) {
    for (const i of f.inputs) {
      if (i.node === f.target) continue;
      const key = `${i.node}\u0000${f.target}`;
      const e = m.get(key);
      if (e) e.streaming ||= i.streaming;
      else m.set(key, { from: i.node, to: f.target, streaming: i.streaming });
    }
  }
  return [...m.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

function upstreamOf(g: PipelineGraph): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const e of edges(g)) m.set(e.to, [...(m.get(e.to) ?? []), e.from]);
  return m;
}

/** True when dropped rows of the dataset are kept in `<name>_quarantine` (issue 7). */
export function hasQuarantine(d: DatasetNode): boolean {
  // A view stores no rows, so it has no quarantine table (the property warns, WEIR7106).
  if (d.kind === 'view' || d.kind === 'temporary-view') return false;
  return d.propertyDefs.some((p) => p.key.toLowerCase() === 'weir.quarantine' && p.value.toLowerCase() === 'true');
}

/**
 * One line per dataset in topological order: `kind  name  <- upstream, ...`; a quarantine table follows the
 * dataset that fills it.
 */
export function graphToText(g: PipelineGraph): string {
  const up = upstreamOf(g);
  const ids = g.order.length ? g.order : g.datasets.map((d) => d.id);
  const byId = new Map(g.datasets.map((d) => [d.id, d]));
  const width = Math.max(0, ...g.datasets.map((d) => d.name.length + (hasQuarantine(d) ? '_quarantine'.length : 0)));
  return ids.flatMap((id) => {
    const d = byId.get(id)!;
    const kind = KIND_LABEL[d.kind] + (d.published ? '' : ' (private)');
    const from = up.get(id);
    const line = `${kind.padEnd(28)} ${d.name.padEnd(width)}${from ? `  <- ${from.join(', ')}` : ''}`;
    return hasQuarantine(d) ? [line, `${'quarantine table'.padEnd(28)} ${`${d.name}_quarantine`.padEnd(width)}  <- ${d.name} (dropped rows)`] : [line];
  }).join('\n');
}

export function graphToJson(g: PipelineGraph): string {
  const up = upstreamOf(g);
  return JSON.stringify(g.datasets.map((d) => ({
    name: d.name, unique_id: d.id, kind: d.kind, published: d.published, file: d.file,
    ...(d.layer ? { layer: d.layer } : {}), tags: d.tags, flows: d.flows, depends_on: up.get(d.id) ?? [],
    ...(hasQuarantine(d) ? { quarantine: `${d.id}_quarantine` } : {}),
  })), null, 2);
}

function dotId(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function graphToDot(g: PipelineGraph): string {
  const lines = ['digraph pipeline {', '  rankdir=LR;', '  node [fontname="Helvetica"];'];
  for (const s of g.sources) lines.push(`  ${dotId(s.id)} [shape=cylinder, label=${dotId(s.kind === 'files' ? s.id.slice('files:'.length) : s.parts.join('.'))}];`);
  for (const d of g.datasets) {
    const shape = d.kind === 'streaming-table' ? 'box' : d.kind === 'materialized-view' ? 'box3d' : 'ellipse';
    lines.push(`  ${dotId(d.id)} [shape=${shape}, label=${dotId(`${d.name}\n${KIND_LABEL[d.kind]}`)}];`);
  }
  for (const e of edges(g)) lines.push(`  ${dotId(e.from)} -> ${dotId(e.to)}${e.streaming ? ' [style=dashed, label="stream"]' : ''};`);
  lines.push('}');
  return lines.join('\n');
}

/**
 * A node id Mermaid accepts. Other characters are spelled out (`a-b` → `n_a_x2d_b`), so `a-b` and `a_b` (or `a.b`)
 * stay two nodes: replacing them all with `_` merged them and drew wrong edges. The `n_` prefix keeps a dataset
 * named `end` (a Mermaid keyword that breaks the diagram) or starting with `o` / `x` (edge markers) a plain id.
 */
function mermaidId(s: string): string {
  return `n_${s.replace(/[^A-Za-z0-9_]/g, (c) => `_x${c.codePointAt(0)!.toString(16)}_`)}`;
}
function mermaidLabel(s: string): string {
  return `"${s.replace(/"/g, '#quot;')}"`;
}

export function graphToMermaid(g: PipelineGraph): string {
  const lines = ['flowchart LR'];
  for (const s of g.sources) lines.push(`  ${mermaidId(s.id)}[(${mermaidLabel(s.kind === 'files' ? s.id.slice('files:'.length) : s.parts.join('.'))})]`);
  for (const d of g.datasets) {
    const label = mermaidLabel(d.name);
    lines.push(d.kind === 'streaming-table' ? `  ${mermaidId(d.id)}[${label}]` : d.kind === 'materialized-view' ? `  ${mermaidId(d.id)}[[${label}]]` : `  ${mermaidId(d.id)}(${label})`);
  }
  for (const e of edges(g)) lines.push(`  ${mermaidId(e.from)} ${e.streaming ? '-.->' : '-->'} ${mermaidId(e.to)}`);
  return lines.join('\n');
}
