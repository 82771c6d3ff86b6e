import type { Diagnostic, PipelineGraph } from '../model/index.js';
import { error, warning } from '../model/index.js';
import { RunCodes } from './codes.js';

/**
 * dbt's selection grammar over the dataset graph (CONVENTIONS "Commands and flags"): `x`, `+x` (with all
 * ancestors), `x+` (with descendants), `2+x` / `x+1` (bounded depth), `@x` (x, its descendants and their
 * ancestors), `tag:t`, `path:dir`, `*` globs in names; space separates a union, comma an intersection.
 * `exclude` uses the same grammar and is removed last. Pure: the graph in, a set of dataset ids out.
 */
export function selectDatasets(
  graph: PipelineGraph, select: readonly string[] | undefined, exclude: readonly string[] | undefined,
): { selected: Set<string>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const all = new Set(graph.datasets.map((d) => d.id));
  const edges = datasetEdges(graph);
  const selectTerms = terms(select);
  let selected = selectTerms.length === 0 ? new Set(all) : new Set<string>();
  for (const term of selectTerms) for (const id of evalTerm(graph, edges, term, diagnostics)) selected.add(id);
  for (const term of terms(exclude)) {
    const ex = evalTerm(graph, edges, term, diagnostics);
    selected = new Set([...selected].filter((id) => !ex.has(id)));
  }
  return { selected, diagnostics };
}

export interface DatasetEdges {
  /** dataset id → ids of datasets it reads. */
  readonly parents: ReadonlyMap<string, readonly string[]>;
  /** dataset id → ids of datasets reading it. */
  readonly children: ReadonlyMap<string, readonly string[]>;
}

/** Dataset-to-dataset edges from the flows' inputs (sources and external tables are not selectable). */
export function datasetEdges(graph: PipelineGraph): DatasetEdges {
  const ids = new Set(graph.datasets.map((d) => d.id));
  const parents = new Map<string, Set<string>>();
  const children = new Map<string, Set<string>>();
  for (const id of ids) { parents.set(id, new Set()); children.set(id, new Set()); }
  for (const flow of graph.flows) {
    for (const input of flow.inputs) {
      if (!ids.has(input.node) || !ids.has(flow.target) || input.node === flow.target) continue;
      parents.get(flow.target)!.add(input.node);
      children.get(input.node)!.add(flow.target);
    }
  }
  const sorted = (m: Map<string, Set<string>>) => new Map([...m].map(([k, v]) => [k, [...v].sort()] as const));
  return { parents: sorted(parents), children: sorted(children) };
}

function terms(list: readonly string[] | undefined): string[] {
  return (list ?? []).flatMap((s) => s.split(/\s+/)).filter((s) => s.length > 0);
}

function evalTerm(graph: PipelineGraph, edges: DatasetEdges, term: string, diagnostics: Diagnostic[]): Set<string> {
  let result: Set<string> | undefined;
  // `a,` / `,` / `a,,b`: an empty part of an intersection is a typo, not "everything".
  if (term.split(',').some((a) => a.length === 0)) {
    diagnostics.push(error(RunCodes.BadSelector, `cannot parse selector '${term}': an empty part around ','`, undefined,
      { hint: 'comma means intersection (tag:a,tag:b); separate a union with spaces' }));
    return new Set();
  }
  for (const atom of term.split(',')) {
    const ids = evalAtom(graph, edges, atom, diagnostics);
    result = result === undefined ? ids : new Set([...result].filter((id) => ids.has(id)));
  }
  return result ?? new Set();
}

const ATOM = /^(@)?(?:(\d*)\+)?(.+?)(?:\+(\d*))?$/;

function evalAtom(graph: PipelineGraph, edges: DatasetEdges, atom: string, diagnostics: Diagnostic[]): Set<string> {
  const m = ATOM.exec(atom);
  // The core names datasets: `+` or `@` left inside it (`++orders`, `orders@`, a lone `+`) is a typo, not a name.
  if (!m || /[+@]/.test(m[3])) {
    diagnostics.push(error(RunCodes.BadSelector, `cannot parse selector '${atom}'`, undefined,
      { hint: "write name, +name (with upstream), name+ (with downstream), 2+name, @name, tag:x or path:dir" }));
    return new Set();
  }
  const [, at, up, rawCore, down] = m;
  // dbt's `method:value`: Weir knows fqn (a name), tag and path; any other method is a bad selector, as in dbt.
  const method = /^([A-Za-z_][\w.]*):(.*)$/s.exec(rawCore);
  if (method && (!['fqn', 'tag', 'path'].includes(method[1].toLowerCase()) || method[2] === '')) {
    diagnostics.push(error(RunCodes.BadSelector, method[2] === '' && ['fqn', 'tag', 'path'].includes(method[1].toLowerCase())
      ? `selector '${atom}' has no value after '${method[1]}:'` : `selector method '${method[1]}' is not supported`, undefined,
    { hint: 'Weir selects by name (or fqn:name), tag:x and path:dir, and by the selectors of selectors.yml (--selector)' }));
    return new Set();
  }
  const core = method && method[1].toLowerCase() === 'fqn' ? method[2] : rawCore;
  const base = matchCore(graph, core);
  if (base.size === 0) {
    diagnostics.push(warning(RunCodes.SelectorMatchesNothing, `selector '${atom}' matches no dataset`));
    return base;
  }
  const out = new Set(base);
  const hasUp = atom.slice(at ? 1 : 0).match(/^\d*\+/) !== null;
  const hasDown = /\+\d*$/.test(atom) && down !== undefined;
  if (at) {
    const desc = walk(base, edges.children, Infinity);
    for (const id of desc) out.add(id);
    for (const id of walk(desc, edges.parents, Infinity)) out.add(id);
    return out;
  }
  if (hasUp) for (const id of walk(base, edges.parents, up ? Number(up) : Infinity)) out.add(id);
  if (hasDown) for (const id of walk(base, edges.children, down ? Number(down) : Infinity)) out.add(id);
  return out;
}

function matchCore(graph: PipelineGraph, core: string): Set<string> {
  const out = new Set<string>();
  if (core.startsWith('tag:')) {
    const tag = core.slice(4).toLowerCase();
    for (const d of graph.datasets) if (d.tags.some((t) => t.toLowerCase() === tag)) out.add(d.id);
  } else if (core.startsWith('path:')) {
    const dir = core.slice(5).replace(/^\.\//, '').replace(/\/+$/, '');
    for (const d of graph.datasets) if (d.file === dir || d.file.startsWith(`${dir}/`)) out.add(d.id);
  } else {
    const name = core.toLowerCase().replace(/^live\./, '');
    const re = new RegExp(`^${name.split('*').map(escapeRe).join('.*')}$`);
    for (const d of graph.datasets) if (re.test(d.id)) out.add(d.id);
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every node reachable from `start` (excluded) following `next`, up to `depth` steps. */
function walk(start: Iterable<string>, next: ReadonlyMap<string, readonly string[]>, depth: number): Set<string> {
  const seen = new Set<string>();
  let frontier = [...start];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const nextFrontier: string[] = [];
    for (const id of frontier) {
      for (const n of next.get(id) ?? []) {
        if (!seen.has(n)) { seen.add(n); nextFrontier.push(n); }
      }
    }
    frontier = nextFrontier;
  }
  return seen;
}
