import type { CompiledPipeline, Diagnostic, StageResult } from '../model/index.js';
import { datasetRelation, error, warning } from '../model/index.js';
import { didYouMean } from '../util/did-you-mean.js';
import { RunCodes } from './codes.js';
import { definitionHash } from './definition-hash.js';
import type { PipelineState } from './pipeline-state.js';
import type { Plan, PlanStep, RunSelection, StepAction } from './plan-types.js';
import { datasetEdges, selectDatasets } from './select.js';

export type { Plan, PlanStep, RunSelection, StepAction } from './plan-types.js';
export type { DatasetState, PipelineState } from './pipeline-state.js';
export { EMPTY_STATE } from './pipeline-state.js';
export { selectDatasets, datasetEdges } from './select.js';
export { selectedGraph } from './selected-graph.js';
export { evalNamedSelector } from './named-selector.js';
export { definitionHash } from './definition-hash.js';
export { RunCodes } from './codes.js';

/**
 * Decides what a run does to every dataset and why. Pure. Refresh lists follow Databricks'
 * `refresh_selection` / `full_refresh_selection`: when either is given, only the named datasets update
 * and every other one is EXCLUDED (SEMANTICS §3); `--full-refresh-all` fully refreshes everything selected.
 */
export function planRun(compiled: CompiledPipeline, state: PipelineState, selection: RunSelection): StageResult<Plan> {
  const graph = compiled.graph;
  const diagnostics: Diagnostic[] = [];
  const ids = graph.datasets.map((d) => d.id);
  const names = (list: readonly string[] | undefined, flag: string): Set<string> => {
    const out = new Set<string>();
    for (const raw of (list ?? []).flatMap((s) => s.split(',')).map((s) => s.trim().toLowerCase()).filter(Boolean)) {
      const id = raw.replace(/^live\./, '').split('.').pop()!;
      if (ids.includes(id)) out.add(id);
      else {
        const guess = didYouMean(id, ids);
        diagnostics.push(error(RunCodes.UnknownRefreshName, `${flag} names '${raw}', which is not a dataset of pipeline ${graph.name}`,
          undefined, guess ? { hint: `did you mean ${guess}?` } : {}));
      }
    }
    return out;
  };
  const fullRefresh = names(selection.fullRefresh, '--full-refresh');
  const refresh = names(selection.refresh, '--refresh');
  // Databricks refuses an update that asks for both a full refresh of everything and a selection.
  if (selection.fullRefreshAll === true && (refresh.size > 0 || fullRefresh.size > 0)) {
    diagnostics.push(error(RunCodes.ConflictingRefresh, `--full-refresh-all cannot be combined with ${refresh.size > 0 ? '--refresh' : '--full-refresh <names>'}`,
      undefined, { hint: 'pass --full-refresh a,b with --refresh c,d, or --full-refresh-all alone' }));
  }
  for (const id of refresh) {
    if (fullRefresh.has(id)) diagnostics.push(error(RunCodes.ConflictingRefresh, `${id} is named by both --refresh and --full-refresh`, undefined, { hint: 'name it in one of them' }));
  }
  const sel = selectDatasets(graph, selection.select, selection.exclude);
  diagnostics.push(...sel.diagnostics);
  const restricted = fullRefresh.size > 0 || refresh.size > 0;
  const edges = datasetEdges(graph);
  const existing = new Set(state.existingTables);
  const order = graph.order.length > 0 ? graph.order : [...ids].sort();

  const steps: PlanStep[] = [];
  // Datasets this plan rebuilds on its own (moved, changed kind, table gone): their STREAM readers are rebuilt
  // too (a reader of a rebuilt table would otherwise fail asking for a full refresh nobody requested).
  const rebuilt = new Set<string>();
  for (const id of order) {
    const ds = graph.datasets.find((d) => d.id === id);
    if (!ds) continue;
    const flows = compiled.flows.filter((f) => f.target === id);
    const implicit = new Set(graph.flows.filter((f) => f.implicit).map((f) => f.id));
    flows.sort((a, b) => Number(implicit.has(b.id)) - Number(implicit.has(a.id)) || a.id.localeCompare(b.id));
    const hash = definitionHash(compiled, id);
    const prev = state.datasets[id];
    const relation = datasetRelation(ds, graph.schema);
    const exists = existing.has(unquote(relation));
    const isSelected = sel.selected.has(id) && (!restricted || fullRefresh.has(id) || refresh.has(id));
    // A streaming table whose state survives but whose table is gone (dropped by hand) must be rebuilt from all
    // input: its checkpoints would otherwise make every later run IDLE over a missing table.
    const lost = ds.kind === 'streaming-table' && prev !== undefined && !exists;
    // A dataset that was another kind, or lived in another table (the pipeline's schema changed, PRIVATE added or
    // removed), at its last update: its table here and its flows' checkpoints and file ledger do not describe each
    // other (appending would lose or repeat input), so it is rebuilt from all input, as Databricks requires a full
    // refresh to change a dataset's type.
    const moved = prev?.relation !== undefined && prev.relation !== unquote(relation) ? `it was last updated as ${prev.relation}`
      : prev?.kind !== undefined && prev.kind !== ds.kind ? `it was a ${prev.kind.replace('-', ' ')} at its last update` : undefined;
    const streamsRebuilt = ds.kind === 'streaming-table'
      ? flows.flatMap((f) => f.inputs).find((i) => i.streaming && rebuilt.has(i.node))?.node : undefined;
    const why = moved ?? (lost ? 'its table is missing' : streamsRebuilt !== undefined ? `it reads STREAM(${streamsRebuilt}), which is rebuilt` : undefined);
    const own = (lost || moved !== undefined || streamsRebuilt !== undefined) && ds.kind !== 'temporary-view' && ds.kind !== 'view';
    const requested = selection.fullRefreshAll === true || fullRefresh.has(id);
    const full = requested || own;
    if (own && sel.selected.has(id)) rebuilt.add(id);
    let action: StepAction;
    let reason: string;
    if (!isSelected) {
      action = 'excluded';
      reason = restricted && sel.selected.has(id) ? 'not named by --refresh / --full-refresh' : 'not selected';
    } else if (ds.kind === 'temporary-view' || ds.kind === 'view') {
      action = 'create-view';
      reason = ds.kind === 'view' ? 'persisted view, recreated every run' : 'temporary view, recreated every run';
    } else if (flows.some((f) => f.kind === 'cdc')) {
      action = 'cdc';
      reason = full ? 'full refresh: target and CDC state cleared, all changes reapplied' : 'apply new changes';
    } else if (ds.kind === 'materialized-view') {
      action = full ? 'full-refresh' : 'refresh';
      reason = full ? (own && !requested ? `full refresh: ${why}` : 'full refresh requested')
        : !prev || !exists ? 'first refresh'
          : prev.definitionHash !== hash ? 'definition changed' : 'recompute unless inputs are unchanged (NO-OP)';
    } else if (full) {
      action = 'full-refresh';
      reason = own && !requested ? `${why}: rebuild from all input (checkpoints and file ledger cleared)`
        : 'full refresh requested: truncate, clear checkpoints and file ledger, reprocess all input';
    } else {
      action = 'incremental';
      reason = !prev || !exists ? 'first update: process all input' : 'append new input only (IDLE when there is none)';
    }
    const definitionChanged = ds.kind === 'streaming-table' && prev !== undefined && exists && prev.definitionHash !== hash;
    steps.push({
      dataset: id, name: ds.name, kind: ds.kind, relation, action, reason,
      flows: flows.map((f) => f.id), definitionHash: hash, fullRefresh: full && action !== 'excluded' && action !== 'create-view',
      definitionChanged: definitionChanged && action !== 'full-refresh' && action !== 'excluded',
      upstream: edges.parents.get(id) ?? [],
      ...(!prev && exists && (ds.kind === 'materialized-view' || ds.kind === 'streaming-table') && !fullRefresh.has(id) && selection.fullRefreshAll !== true
        ? { foreignTable: true } : {}),
    });
  }
  // `--select a --full-refresh b`: the refresh lists only narrow the selection, so naming none of its datasets
  // updates nothing; say so rather than end with TOTAL=0 (Databricks' selections name what runs).
  if (restricted && sel.selected.size > 0 && steps.every((s) => s.action === 'excluded')) {
    diagnostics.push(warning(RunCodes.SelectorMatchesNothing, 'nothing to update: --refresh / --full-refresh name none of the datasets the selection keeps',
      undefined, { hint: 'name the datasets in --full-refresh / --refresh alone, or select them too' }));
  }
  diagnostics.push(...leftoverReads(compiled, state));
  const atomic = selection.atomic === true;
  return {
    value: { pipeline: graph.name, schema: graph.schema, steps, selected: steps.filter((s) => s.action !== 'excluded').length, atomic },
    diagnostics,
  };
}

/** `"main"."orders"` → `main.orders` (lower case), the form `existingTables` uses. */
export function unquote(relation: string): string {
  return relation.replace(/"/g, '').toLowerCase();
}

/**
 * External tables that are the table of a dataset this pipeline updated before and no longer defines (renamed or
 * removed): reading one reads rows frozen at that dataset's last update, and the same project fails on a fresh
 * database. A warning per table (WEIR5032), with where it is read.
 */
function leftoverReads(compiled: CompiledPipeline, state: PipelineState): Diagnostic[] {
  const current = new Set(compiled.graph.datasets.map((d) => d.id));
  const left = new Map<string, string>();
  for (const [id, s] of Object.entries(state.datasets)) if (!current.has(id) && s.relation) left.set(s.relation, id);
  if (left.size === 0) return [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const f of compiled.graph.flows) {
    for (const i of f.inputs) {
      if (!i.node.startsWith('external:')) continue;
      const name = i.node.slice('external:'.length);
      const relation = name.includes('.') ? name : `${compiled.graph.schema.toLowerCase()}.${name}`;
      const gone = left.get(relation);
      if (gone === undefined || seen.has(relation)) continue;
      seen.add(relation);
      out.push(warning(RunCodes.LeftoverTable, `${f.name} reads ${relation}, the table dataset ${gone} left behind: ${gone} is no longer in the pipeline, so its rows are those of its last update`,
        i.span, { hint: `read the dataset that replaced ${gone}, or drop ${relation} if it is no longer needed` }));
    }
  }
  return out;
}
