import type { ParsedFile } from '../model/ast.js';
import type { Diagnostic, StageResult } from '../model/diagnostic.js';
import { error, warning } from '../model/diagnostic.js';
import type { DatasetNode, FlowNode, InputRef, PipelineGraph, SourceNode } from '../model/pipeline-graph.js';
import type { ProjectConfig } from '../model/project-config.js';
import type { RenderedFile } from '../model/rendered-file.js';
import { didYouMean } from '../util/did-you-mean.js';
import { collectDefinitions, type FlowDraft } from './collect-definitions.js';
import { ResolveCodes } from './codes.js';
import { findInputs } from './find-inputs.js';
import { resolveName, stripOwnQualifiers } from './name-resolver.js';
import { orderDatasets } from './order-datasets.js';
import { hasQuarantine } from '../report/graph-formats.js';

export { ResolveCodes } from './codes.js';
export { resolveName, stripOwnQualifiers } from './name-resolver.js';

/**
 * Resolve: parsed statements of all files → the pipeline graph (SEMANTICS §2). Statement order inside and
 * across files does not matter; the graph decides. Collects every problem; never throws for user errors.
 */
export function resolveGraph(
  parsed: readonly ParsedFile[],
  files: ReadonlyMap<string, RenderedFile>,
  config: ProjectConfig,
): StageResult<PipelineGraph> {
  const diagnostics: Diagnostic[] = [];
  const defs = collectDefinitions(parsed, config, diagnostics);
  diagnostics.push(...quarantineNameClashes(defs.datasets));
  const sources = new Map<string, SourceNode>();
  const flows = new Map<string, FlowNode>();
  const flowsByTarget = new Map<string, FlowNode[]>();

  for (const draft of defs.flows) {
    const target = resolveTarget(draft, defs.datasets, diagnostics);
    if (!target) continue;
    const existing = flows.get(draft.id);
    if (existing) {
      const mixed = existing.target === target.id && existing.kind !== draft.kind;
      diagnostics.push(error(mixed ? ResolveCodes.MixedCdcAndAppend : ResolveCodes.DuplicateFlow,
        mixed ? `'${target.name}' is written both by its query and by a CDC flow`
          : `flow '${draft.name}' is defined twice`, draft.span, {
          related: [{ span: existing.span, message: 'first defined here' }],
          hint: mixed ? 'a CDC target is declared without AS query: CREATE OR REFRESH STREAMING TABLE t; then AUTO CDC INTO t'
            : 'flow names are unique in a pipeline; rename one of them',
        }));
      continue;
    }
    const inputs = findInputs(draft, defs.datasets, files, sources, diagnostics);
    if (draft.kind !== 'complete' && !draft.implicit && target.kind !== 'streaming-table') {
      diagnostics.push(error(ResolveCodes.FlowTargetNotStreamingTable,
        `flow '${draft.name}' writes '${target.name}', which is a ${target.kind.replace('-', ' ')}; flows can only write streaming tables`,
        draft.targetName.span, { hint: `declare it with CREATE OR REFRESH STREAMING TABLE ${target.name}` }));
    }
    // A temporary view is a view over whatever its query reads: `CREATE [TEMPORARY] STREAMING LIVE VIEW v AS
    // SELECT ... FROM STREAM(x)` (and its successor CREATE TEMPORARY VIEW) is a view over a stream, read
    // downstream with STREAM(v). Materialized views and persisted views read their inputs in full.
    if (draft.kind === 'complete' && target.kind !== 'temporary-view') {
      for (const input of inputs) {
        if (!input.streaming) continue;
        diagnostics.push(error(ResolveCodes.StreamInBatchDataset,
          `a ${target.kind.replace('-', ' ')} reads its inputs in full on every update; STREAM(...) is not allowed here`, input.span,
          { hint: `remove STREAM, or make '${target.name}' a streaming table` }));
      }
    }
    if (draft.kind === 'append' && !draft.once && draft.query && !inputs.some((i) => i.streaming)) {
      diagnostics.push(batchQueryForStreamingTable(draft, target, inputs, defs.datasets));
    }
    const flow: FlowNode = {
      id: draft.id, name: draft.name, target: target.id, kind: draft.kind, once: draft.once, implicit: draft.implicit,
      ...(draft.query ? { query: draft.query } : {}), ...(draft.cdc ? { cdc: draft.cdc } : {}),
      inputs, ...(draft.comment !== undefined ? { comment: draft.comment } : {}), conf: draft.conf, file: draft.file, span: draft.span,
    };
    flows.set(flow.id, flow);
    const list = flowsByTarget.get(target.id) ?? [];
    list.push(flow);
    flowsByTarget.set(target.id, list);
  }

  const datasets: DatasetNode[] = [];
  for (const d of [...defs.datasets.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    const own = flowsByTarget.get(d.id) ?? [];
    // Implicit flow first, then the others by id.
    own.sort((a, b) => Number(b.implicit) - Number(a.implicit) || a.id.localeCompare(b.id));
    const kinds = new Set(own.map((f) => f.kind));
    if (kinds.has('cdc') && kinds.has('append')) {
      const cdc = own.find((f) => f.kind === 'cdc')!;
      diagnostics.push(error(ResolveCodes.MixedCdcAndAppend, `'${d.name}' is written by both a CDC flow and an append flow`, cdc.span, {
        related: own.filter((f) => f.kind === 'append').map((f) => ({ span: f.span, message: `append flow '${f.name}'` })),
        hint: 'a CDC target must be written by CDC flows only',
      }));
    }
    if (own.length === 0 && d.kind === 'streaming-table') {
      diagnostics.push(warning(ResolveCodes.StreamingTableWithoutFlow, `streaming table '${d.name}' has no query and no flow writes it`, d.nameSpan, {
        hint: `add AS SELECT ... FROM STREAM(...), or CREATE FLOW ... AS INSERT INTO ${d.name} BY NAME ...`,
      }));
    }
    datasets.push({ ...d, flows: own.map((f) => f.id) });
  }

  const flowList = [...flows.values()].sort((a, b) => a.id.localeCompare(b.id));
  streamOfBatchViews(flowList, flowsByTarget, defs.datasets, diagnostics);
  streamOfCdcTargets(flowList, flowsByTarget, defs.datasets, diagnostics);
  const order = orderDatasets(datasets, flowList, diagnostics);
  const graph: PipelineGraph = {
    name: config.name,
    ...(config.catalog !== undefined ? { catalog: config.catalog } : {}),
    schema: config.schema,
    datasets,
    flows: flowList,
    sources: [...sources.values()].sort((a, b) => a.id.localeCompare(b.id)),
    order,
  };
  return { value: graph, diagnostics };
}

/**
 * `STREAM(t)` of a CDC target: AUTO CDC updates and deletes t's rows in place, and a stream only sees appends
 * (Databricks fails such a stream: DELTA_SOURCE_TABLE_IGNORE_CHANGES). Offsets into a table rewritten in place
 * would silently skip or repeat rows, so it is refused; a batch read (a materialized view) sees the current state.
 */
function streamOfCdcTargets(
  flows: readonly FlowNode[], flowsByTarget: ReadonlyMap<string, FlowNode[]>, datasets: ReadonlyMap<string, DatasetNode>,
  diagnostics: Diagnostic[],
): void {
  for (const f of flows) {
    for (const input of f.inputs) {
      if (!input.streaming || !(flowsByTarget.get(input.node) ?? []).some((w) => w.kind === 'cdc')) continue;
      const target = datasets.get(input.node)!;
      diagnostics.push(error(ResolveCodes.StreamOfNonStreamable,
        `STREAM(${target.name}) reads a CDC target, whose rows AUTO CDC updates and deletes in place: a stream of it would miss or repeat changes`,
        input.span, { hint: `read ${target.name} without STREAM (a materialized view sees its current state), or stream its change source instead` }));
    }
  }
}

/**
 * `STREAM(v)` of a temporary view reads v's query incrementally: only a view over a stream (`CREATE STREAMING
 * LIVE VIEW v AS SELECT ... FROM STREAM(x)`, or over `STREAM read_files(...)`) has something to read incrementally. A view whose
 * query reads only batch inputs would hand every row to every update: the reader would append them again each
 * run, so it is refused like STREAM of a materialized view.
 */
function streamOfBatchViews(
  flows: readonly FlowNode[], flowsByTarget: ReadonlyMap<string, FlowNode[]>, datasets: ReadonlyMap<string, DatasetNode>,
  diagnostics: Diagnostic[],
): void {
  const streams = (viewId: string, seen: Set<string>): boolean => {
    if (seen.has(viewId)) return false;
    seen.add(viewId);
    return (flowsByTarget.get(viewId) ?? []).some((f) => f.inputs.some((i) => i.streaming &&
      (i.node.startsWith('files:') || datasets.get(i.node)?.kind !== 'temporary-view' || streams(i.node, seen))));
  };
  for (const f of flows) {
    for (const input of f.inputs) {
      const view = datasets.get(input.node);
      if (!input.streaming || view?.kind !== 'temporary-view' || streams(view.id, new Set())) continue;
      diagnostics.push(error(ResolveCodes.StreamOfNonStreamable,
        `STREAM(${view.name}) reads a view whose query reads no stream: every update would read all of its rows again`, input.span,
        { hint: `read it without STREAM, or read STREAM(...) of a streaming table inside ${view.name}` }));
    }
  }
}

/**
 * Dialect reference §2.3 / §2.9: a streaming table is declared over a streaming read, and a flow without ONCE
 * must be a streaming query (Spark: INVALID_FLOW_QUERY_TYPE.BATCH_RELATION_FOR_STREAMING_TABLE). Without one,
 * the flow would copy its inputs once and then stay IDLE. Reported at the input that most likely wants STREAM.
 */
function batchQueryForStreamingTable(
  draft: FlowDraft, target: DatasetNode, inputs: readonly InputRef[], datasets: ReadonlyMap<string, DatasetNode>,
): Diagnostic {
  const rank = (i: InputRef): number => {
    const kind = datasets.get(i.node)?.kind;
    return kind === 'streaming-table' ? 0 : kind === 'temporary-view' ? 1 : i.node.startsWith('external:') ? 2 : 3;
  };
  const at = [...inputs].sort((a, b) => rank(a) - rank(b))[0];
  const what = draft.implicit ? `streaming table '${target.name}'` : `flow '${draft.name}' (appending to '${target.name}')`;
  const message = `${what} has no streaming read (STREAM(...) or a file source): it would copy its input once and then stay idle`;
  const alternative = draft.implicit ? `or declare '${target.name}' as a MATERIALIZED VIEW` : `or write INSERT INTO ONCE for a one-time backfill`;
  if (!at) return error(ResolveCodes.BatchQueryForStreamingTable, message, draft.query!.span, {
    hint: `read a source with STREAM(...) or STREAM read_files(...), ${alternative}`,
  });
  const upstream = datasets.get(at.node);
  const name = upstream ? upstream.name : at.node.startsWith('external:') ? at.node.slice('external:'.length) : undefined;
  const streamable = upstream === undefined || upstream.kind === 'streaming-table' || upstream.kind === 'temporary-view';
  return error(ResolveCodes.BatchQueryForStreamingTable, message, at.span, {
    hint: name !== undefined && streamable ? `read it with STREAM(${name}), ${alternative}`
      : `a materialized view cannot be read incrementally: read a streaming table with STREAM(...), ${alternative}`,
  });
}

function resolveTarget(draft: FlowDraft, datasets: ReadonlyMap<string, DatasetNode>, diagnostics: Diagnostic[]): DatasetNode | undefined {
  if (draft.implicit) return datasets.get(draft.id);
  const parts = stripOwnQualifiers(draft.targetName.parts, draft.ctx).parts;
  // The names a reference resolves by: `silver.x` for a dataset declared as `silver.x` (Lakeflow's multi-schema
  // publishing; Weir publishes it in the pipeline's schema).
  const resolved = resolveName(draft.targetName.parts, datasets, draft.ctx);
  const target = resolved.kind === 'dataset' ? datasets.get(resolved.id) : undefined;
  if (!target) {
    const guess = didYouMean(parts[parts.length - 1], [...datasets.values()].map((d) => d.name));
    diagnostics.push(error(ResolveCodes.UnknownFlowTarget, `flow '${draft.name}' writes '${draft.targetName.parts.join('.')}', which is not a dataset of this pipeline`,
      draft.targetName.span, {
        hint: guess ? `did you mean ${guess}?` : `declare the target first: CREATE OR REFRESH STREAMING TABLE ${parts.join('.')};`,
      }));
  }
  return target;
}

/**
 * `'weir.quarantine' = 'true'` keeps t's dropped rows in `t_quarantine`: a dataset of that name would overwrite them
 * (issue 7: quarantine never loses a row), so the clash is an error at the dataset, pointing at the property.
 */
function quarantineNameClashes(datasets: ReadonlyMap<string, DatasetNode>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of datasets.values()) {
    const prop = hasQuarantine(d) ? d.propertyDefs.find((p) => p.key.toLowerCase() === 'weir.quarantine') : undefined;
    const other = prop ? datasets.get(`${d.id}_quarantine`) : undefined;
    if (!prop || !other) continue;
    out.push(error(ResolveCodes.DuplicateDataset, `dataset '${other.name}' has the name of ${d.name}'s quarantine table`, other.nameSpan, {
      related: [{ span: prop.span, message: `${d.name} keeps its dropped rows in ${d.name}_quarantine` }],
      hint: `rename ${other.name}, or keep ${d.name}'s dropped rows elsewhere (remove 'weir.quarantine')`,
    }));
  }
  return out;
}
