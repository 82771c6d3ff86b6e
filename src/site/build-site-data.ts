import type { Manifest, ManifestNode, ManifestSource } from '../model/manifest.js';
import type { DatasetRunResult, RunResults } from '../model/run-results.js';
import { invertLineage } from './invert-lineage.js';
import {
  NODE_KINDS, STATUSES, type QualityRow, type RunSummary, type SiteColumn, type SiteDataset, type SiteFlow,
  type SiteIndex, type SiteRunEntry, type SiteRunRow,
} from './site-data.js';

export interface SiteData {
  readonly index: SiteIndex;
  /** Shard k holds nodes [k * shardSize, (k + 1) * shardSize). */
  readonly shards: readonly SiteDataset[][];
  /** Per run (same order as `index.runs`): every dataset's outcome. */
  readonly runs: readonly SiteRunRow[][];
}

export const SHARD_SIZE = 64;
/** Above this many nodes the graph opens focused on one dataset (dbt docs users: the whole DAG freezes the browser). */
export const WHOLE_GRAPH_MAX = 150;
/** Runs the site shows (history charts, run pages): the size budget (≤ 2 KB per dataset) holds at 10. */
export const SITE_HISTORY_RUNS = 10;
const TEXT_MAX = 140;
const QUALITY_MAX = 500;

/** Turns the manifest and run history (newest first) into the site's compact, deterministic data. */
export function buildSiteData(manifest: Manifest, allRuns: readonly RunResults[], generatedAt: string): SiteData {
  const runs = allRuns.slice(0, SITE_HISTORY_RUNS);
  const datasetIds = Object.keys(manifest.nodes).sort();
  const sourceIds = Object.keys(manifest.sources).sort();
  const ids = [...datasetIds, ...sourceIds];
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const nodeOf = (id: string): number => indexOf.get(id) ?? -1;

  const layers: string[] = [];
  const files: string[] = [];
  const intern = (list: string[], value: string | undefined): number => {
    if (value === undefined || value === '') return -1;
    let i = list.indexOf(value);
    if (i < 0) i = list.push(value) - 1;
    return i;
  };

  const up = upstreamEdges(manifest, ids, indexOf);
  const lastRun = new Map<string, DatasetRunResult>((runs[0]?.results ?? []).map((r) => [r.unique_id, r]));
  // The rows a dataset's last update wrote: IDLE / NO-OP / SKIPPED / FAILED runs wrote none, and showing their 0
  // read as "empty" for a full table (audit 7), so the newest run that updated it counts.
  const lastUpdate = new Map<string, DatasetRunResult>();
  for (const run of runs) {
    for (const r of run.results) if ((r.status === 'COMPLETED' || r.status === 'WARN') && !lastUpdate.has(r.unique_id)) lastUpdate.set(r.unique_id, r);
  }
  const names: string[] = [], kind: number[] = [], layer: number[] = [], file: number[] = [], line: number[] = [];
  const status: number[] = [], rows: (number | null)[] = [], text: string[] = [], cols: string[] = [];
  const idOverrides: Record<number, string> = {};
  ids.forEach((id, i) => {
    const node: ManifestNode | undefined = manifest.nodes[id];
    const source: ManifestSource | undefined = node ? undefined : manifest.sources[id];
    const name = node ? node.name : (source!.name || id);
    names.push(name);
    if (name !== id) idOverrides[i] = id;
    kind.push(NODE_KINDS.indexOf(node ? node.resource_type : source!.resource_type));
    layer.push(intern(layers, node?.layer));
    const loc = node ? node.location : source!.location;
    file.push(intern(files, loc.file));
    line.push(loc.line);
    const result = lastRun.get(id);
    status.push(result ? STATUSES.indexOf(result.status as (typeof STATUSES)[number]) : -1);
    // A view stores no rows: its "0 rows written" would read as "empty" on the graph, so it shows no count.
    const stored = !node || (node.resource_type !== 'view' && node.resource_type !== 'temporary_view');
    const updated = lastUpdate.get(id);
    rows.push(updated && stored ? updated.rows_written : null);
    const description = node?.description ?? source?.path ?? '';
    text.push(description.length > TEXT_MAX ? description.slice(0, TEXT_MAX - 1) + '…' : description);
    cols.push(node ? node.column_order.join(' ') : '');
  });

  const runSummaries: RunSummary[] = runs.map((run, r) => summariseRun(run, r));
  const n = ids.length;
  const index: SiteIndex = {
    v: 1,
    project: manifest.metadata.project_name,
    schema: manifest.metadata.schema,
    weirVersion: manifest.metadata.weir_version,
    generatedAt,
    kinds: [...NODE_KINDS],
    statuses: [...STATUSES],
    layers, files, names, ids: idOverrides, kind, layer, file, line, status, rows, up, text, cols,
    shardSize: SHARD_SIZE,
    focus: n <= WHOLE_GRAPH_MAX ? -1 : defaultFocus(up, status),
    wholeGraphMax: WHOLE_GRAPH_MAX,
    runs: runSummaries,
    ...quality(manifest, runs, nodeOf),
  };

  const uses = invertLineage(manifest);
  const history = runHistoryByNode(runs);
  const shards: SiteDataset[][] = [];
  ids.forEach((id, i) => {
    const k = Math.floor(i / SHARD_SIZE);
    (shards[k] ??= []).push(datasetDetail(manifest, id, nodeOf, uses.get(id), history.get(id)));
  });
  const runRows = runs.map((run) =>
    run.results.map((r): SiteRunRow => {
      const node = nodeOf(r.unique_id);
      const row: SiteRunRow = [node, STATUSES.indexOf(r.status as (typeof STATUSES)[number]), seconds(r.execution_time),
        r.rows_written, r.rows_dropped, r.failures, r.message ?? ''];
      if (node < 0) row.push(r.unique_id);
      else while (row.length > 3 && (row[row.length - 1] === 0 || row[row.length - 1] === '')) row.pop();
      return row;
    }));
  return { index, shards, runs: runRows };
}

function upstreamEdges(manifest: Manifest, ids: readonly string[], indexOf: Map<string, number>): number[][] {
  // parent -> streaming? per target; flows carry the streaming flag, parent_map fills in anything else.
  const byTarget = ids.map(() => new Map<number, boolean>());
  for (const flowId of Object.keys(manifest.flows).sort()) {
    const flow = manifest.flows[flowId];
    const t = indexOf.get(flow.target);
    if (t === undefined) continue;
    for (const input of flow.inputs) {
      const p = indexOf.get(input.node);
      if (p === undefined || p === t) continue;
      byTarget[t].set(p, (byTarget[t].get(p) ?? false) || input.streaming);
    }
  }
  for (const [child, parents] of Object.entries(manifest.parent_map)) {
    const t = indexOf.get(child);
    if (t === undefined) continue;
    for (const parent of parents) {
      const p = indexOf.get(parent);
      if (p !== undefined && p !== t && !byTarget[t].has(p)) byTarget[t].set(p, false);
    }
  }
  return byTarget.map((m) => [...m.entries()].sort((a, b) => a[0] - b[0]).map(([p, s]) => (s ? -(p + 1) : p)));
}

/** Milliseconds are all the site shows. */
function seconds(s: number): number {
  return Math.round(s * 1000) / 1000;
}

function defaultFocus(up: readonly (readonly number[])[], status: readonly number[]): number {
  const failed = status.indexOf(STATUSES.indexOf('FAILED'));
  if (failed >= 0) return failed;
  const degree = up.map((parents) => parents.length);
  for (const parents of up) for (const p of parents) degree[p < 0 ? -p - 1 : p]++;
  let best = 0;
  for (let i = 1; i < degree.length; i++) if (degree[i] > degree[best]) best = i;
  return best;
}

function summariseRun(run: RunResults, r: number): RunSummary {
  const counts = STATUSES.map(() => 0);
  let rowsWritten = 0, failures = 0;
  for (const result of run.results) {
    const s = STATUSES.indexOf(result.status as (typeof STATUSES)[number]);
    if (s >= 0) counts[s]++;
    rowsWritten += result.rows_written;
    failures += result.failures;
  }
  return { id: run.metadata.run_id, at: run.metadata.generated_at, status: run.status, elapsed: run.elapsed_time, counts, rowsWritten, failures, file: r };
}

function runHistoryByNode(runs: readonly RunResults[]): Map<string, { run: number; result: DatasetRunResult }[]> {
  const byNode = new Map<string, { run: number; result: DatasetRunResult }[]>();
  runs.forEach((run, r) => {
    for (const result of run.results) {
      let list = byNode.get(result.unique_id);
      if (!list) byNode.set(result.unique_id, (list = []));
      list.push({ run: r, result });
    }
  });
  return byNode;
}

function quality(manifest: Manifest, runs: readonly RunResults[], nodeOf: (id: string) => number): { quality: QualityRow[]; qualityClean: number } {
  const rows = new Map<string, { node: number; name: string; action: string; passed: number; failed: number; rates: (number | null)[] }>();
  const key = (node: string, name: string) => `${node}\u0000${name}`;
  for (const id of Object.keys(manifest.nodes).sort()) {
    for (const e of manifest.nodes[id].expectations) {
      rows.set(key(id, e.name), { node: nodeOf(id), name: e.name, action: e.action, passed: 0, failed: 0, rates: runs.map(() => null) });
    }
  }
  // runs are newest first; rates are stored oldest first for charts
  runs.forEach((run, r) => {
    for (const result of run.results) {
      for (const e of result.expectations) {
        const node = nodeOf(e.dataset || result.unique_id);
        if (node < 0) continue;
        const k = key(e.dataset || result.unique_id, e.name);
        let row = rows.get(k);
        if (!row) rows.set(k, (row = { node, name: e.name, action: e.action, passed: 0, failed: 0, rates: runs.map(() => null) }));
        row.passed += e.passed_records;
        row.failed += e.failed_records;
        const total = e.passed_records + e.failed_records;
        row.rates[runs.length - 1 - r] = total > 0 ? e.failed_records / total : 0;
      }
    }
  });
  const rate = (q: { passed: number; failed: number }) => (q.failed === 0 ? 0 : q.failed / (q.passed + q.failed));
  const failing = [...rows.values()].filter((q) => q.failed > 0);
  failing.sort((a, b) => rate(b) - rate(a) || b.failed - a.failed || a.node - b.node || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const listed = failing.slice(0, QUALITY_MAX);
  return { quality: listed, qualityClean: rows.size - listed.length };
}

function datasetDetail(
  manifest: Manifest, id: string, nodeOf: (id: string) => number,
  uses: Map<string, { node: string; column: string; transform: string }[]> | undefined,
  history: { run: number; result: DatasetRunResult }[] | undefined,
): SiteDataset {
  // the run's own time stands in for each dataset's start time: at 10,000 datasets × 20 runs every byte counts
  const hist: SiteRunEntry[] | undefined = history?.map(({ run, result }) => {
    const entry: SiteRunEntry = [run, STATUSES.indexOf(result.status as (typeof STATUSES)[number]), result.rows_written, result.rows_dropped,
      seconds(result.execution_time)];
    if (result.message) entry.push(result.rows_read, result.message);
    else if (result.rows_read !== result.rows_written) entry.push(result.rows_read);
    return entry;
  });
  let down: Record<string, [number, string, number][]> | undefined;
  if (uses) {
    down = {};
    for (const [column, list] of [...uses.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      down[column] = list.map((u) => [nodeOf(u.node), u.column, u.transform === 'derived' ? 1 : 0]);
    }
  }
  const source = manifest.sources[id];
  if (source) {
    return {
      id, loc: [source.location.line, source.location.column, source.location.end_line], cols: [], down, hist,
      src: { path: source.path, reader: source.reader, format: source.format, options: source.options, parts: source.parts },
    };
  }
  const node = manifest.nodes[id];
  const cols: SiteColumn[] = node.column_order.map((name) => {
    const c = node.columns[name] ?? { name, declared: false, lineage: [] };
    return [name, c.data_type ?? '', c.description ?? '', c.declared ? 1 : 0, c.not_null ? 1 : 0,
      c.lineage.map((l): [number, string, number] => [nodeOf(l.node), l.column, l.transform === 'derived' ? 1 : 0])];
  });
  const eh: Record<string, [number, number, number][]> = {};
  for (const entry of history ?? []) {
    for (const e of entry.result.expectations) (eh[e.name] ??= []).push([entry.run, e.passed_records, e.failed_records]);
  }
  const flows: SiteFlow[] = node.flows.map((f) => manifest.flows[f]).filter((f) => f !== undefined).map((f) => ({
    name: f.name, kind: f.kind, once: f.once, implicit: f.implicit,
    inputs: f.inputs.map((i): [number, number] => [nodeOf(i.node), i.streaming ? 1 : 0]),
    line: f.location.line, comment: f.comment,
    // the implicit flow's SQL is the node's own: don't pay for it twice
    raw: f.implicit ? undefined : f.raw_code, sql: f.implicit ? undefined : f.compiled_code,
    cdc: f.cdc as Readonly<Record<string, unknown>> | undefined,
  }));
  const has = <T>(list: readonly T[]) => (list.length > 0 ? list : undefined);
  return {
    id,
    desc: node.description,
    props: Object.keys(node.properties).length > 0 ? node.properties : undefined,
    q: (node.properties['weir.quarantine'] ?? '').toLowerCase() === 'true' ? quarantineRelation(node.relation_name) : undefined,
    clauses: has(node.clauses),
    tags: has(node.tags),
    published: node.published,
    rel: node.relation_name,
    syntax: node.syntax,
    loc: [node.location.line, node.location.column, node.location.end_line],
    raw: node.raw_code,
    sql: node.compiled_code,
    cols,
    down,
    exp: has(node.expectations.map((e): [string, string, string, string, number] => [e.name, e.action, e.condition, e.compiled_condition ?? '', e.location.line])),
    cons: has(node.constraints),
    flows: flows.length === 1 && flows[0].implicit && !flows[0].comment ? undefined : flows,
    hist,
    eh: Object.keys(eh).length > 0 ? eh : undefined,
  };
}

/** `"main"."orders"` → `"main"."orders_quarantine"`: the table Weir keeps dropped rows in. */
export function quarantineRelation(relation: string): string {
  return relation.replace(/"$/, '_quarantine"');
}
