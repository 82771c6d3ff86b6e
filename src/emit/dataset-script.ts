import type { CompiledDataset, CompiledFlow, CompiledPipeline, DatasetNode, FlowNode } from '../model/index.js';
import { datasetRelation, quoteIdent } from '../model/index.js';
import { lineCol } from '../report/line-index.js';
import { needsWindowOverStreamWorkaround, sparkCompatibleSettingsSql, WINDOW_OVER_STREAM_WORKAROUND_SQL } from '../util/duckdb-settings.js';
import { batchSelectSql, expectationColumns, keptRowsSql, stripSemicolon } from './expectation-sql.js';

/**
 * The DuckDB SQL of one dataset update, as `weir compile` writes it to `target/compiled/<dataset>.sql`: it runs
 * as written in any DuckDB client (variables unset read everything, see src/model/relations.ts), with an origin
 * comment per flow pointing at the user's file and line. Deterministic: same input, same bytes.
 */
export function datasetScript(
  compiled: CompiledPipeline, datasetId: string, sources: (file: string) => string | undefined,
  index: PipelineIndex = indexPipeline(compiled),
): string {
  const graph = compiled.graph;
  const ds = index.datasets.get(datasetId);
  if (!ds) throw new Error(`datasetScript: unknown dataset ${datasetId}`);
  const cds = index.compiledDatasets.get(datasetId);
  const relation = cds?.relation ?? datasetRelation(ds, graph.schema);
  const expectations = cds?.expectations ?? [];
  const cols = expectationColumns(expectations);
  const out: string[] = [
    `-- Weir: ${ds.kind.replace('-', ' ')} ${ds.name} -> ${relation}`,
    `-- source: ${origin(ds.file, ds.span.start, sources)}`,
  ];
  for (const e of expectations) {
    out.push(`-- expectation ${e.name} (${e.action}): ${e.condition.sql.replace(/\s+/g, ' ')}  -- source: ${origin(e.span.file, e.span.start, sources)}`);
  }
  // The settings Weir runs with (division by zero is NULL, as in Spark), so the script gives the runner's answer.
  const settingsAt = out.length;
  // Execution order: the implicit flow (the dataset's own query) first, then CREATE FLOWs by name.
  const flows = [...(index.flowsByTarget.get(datasetId) ?? [])]
    .sort((a, b) => Number(index.flows.get(b.id)?.implicit ?? false) - Number(index.flows.get(a.id)?.implicit ?? false) || a.id.localeCompare(b.id));
  // A private dataset lives in Weir's internal schema (and the pipeline may publish to another than main): the
  // script creates it, so it runs as written on a fresh database.
  const schema = /^("(?:[^"]|"")*")\./.exec(relation)?.[1];
  if (schema && schema !== '"main"') out.push(`CREATE SCHEMA IF NOT EXISTS ${schema};`);
  if (flows.some(needsWindowOverStreamWorkaround)) out.push(`${WINDOW_OVER_STREAM_WORKAROUND_SQL};  -- a DuckDB 1.5 bug with windows over stream reads`);
  for (const flow of flows) {
    const node = index.flows.get(flow.id);
    out.push('', `-- flow ${flow.id} (${flow.kind}${flow.once ? ', once' : ''})`);
    if (node) out.push(`-- source: ${origin(node.file, node.span.start, sources)}`);
    for (const input of flow.inputs) {
      if (input.fromVariable) out.push(`-- reads ${input.node} rows with rowid in [getvariable('${input.fromVariable}'), getvariable('${input.toVariable}'))`);
      if (input.filesVariable) out.push(`-- reads files getvariable('${input.filesVariable}') (default: ${(input.globs ?? []).join(', ')})`);
    }
    if (flow.kind === 'cdc') {
      out.push(`-- change rows (applied by src/cdc, SCD type ${flow.cdc?.storedAs ?? 1}):`, `${stripSemicolon(flow.cdc?.source.sql ?? '')};`);
      continue;
    }
    const query = flow.query?.sql ?? '';
    const body = cols.length === 0 ? stripSemicolon(query) : keptRowsSql(`(\n${batchSelectSql(query, expectations)}\n) AS "__weir_batch"`, cols);
    const fails = cols.filter((c) => c.action === 'fail');
    if (fails.length > 0) {
      out.push(`-- FAIL UPDATE: the runner rolls the update back when a row has ${fails.map((c) => `${quoteIdent(c.column)} = false`).join(' or ')}`);
    }
    if (ds.kind === 'temporary-view' || ds.kind === 'view') {
      out.push(`CREATE OR REPLACE VIEW ${relation} AS\n${terminate(body)}`);
    } else if (ds.kind === 'materialized-view') {
      out.push(`CREATE OR REPLACE TABLE ${relation} AS\n${terminate(body)}`);
    } else {
      out.push(`CREATE TABLE IF NOT EXISTS ${relation} AS SELECT * FROM (\n${body}\n) AS ${quoteIdent('__weir_shape')} LIMIT 0;`);
      out.push(`INSERT INTO ${relation} BY NAME\n${terminate(body)}`);
    }
  }
  // Only the macros this script calls: all of Weir's would add ~6 KB to each of 10,000 scripts.
  out.splice(settingsAt, 0, sparkCompatibleSettingsSql(out.slice(settingsAt).join('\n')));
  return out.join('\n') + '\n';
}

/** Lookups by id, built once per pipeline (a linear search per dataset made emitting quadratic). */
export interface PipelineIndex {
  readonly datasets: ReadonlyMap<string, DatasetNode>;
  readonly compiledDatasets: ReadonlyMap<string, CompiledDataset>;
  readonly flows: ReadonlyMap<string, FlowNode>;
  readonly flowsByTarget: ReadonlyMap<string, readonly CompiledFlow[]>;
}

export function indexPipeline(compiled: CompiledPipeline): PipelineIndex {
  const flowsByTarget = new Map<string, CompiledFlow[]>();
  for (const f of compiled.flows) flowsByTarget.set(f.target, [...(flowsByTarget.get(f.target) ?? []), f]);
  return {
    datasets: new Map(compiled.graph.datasets.map((d) => [d.id, d])),
    compiledDatasets: new Map(compiled.datasets.map((d) => [d.id, d])),
    flows: new Map(compiled.graph.flows.map((f) => [f.id, f])),
    flowsByTarget,
  };
}

/** `path:line` for an offset in the ORIGINAL source (line 1-based); just the path when the text is unknown. */
function origin(file: string, offset: number, sources: (file: string) => string | undefined): string {
  const text = sources(file);
  return text === undefined ? file : `${file}:${lineCol(text, offset).line}`;
}

/** Ends a statement; a `--` comment on the last line would swallow a `;` written after it. */
function terminate(body: string): string {
  const last = body.slice(body.lastIndexOf('\n') + 1);
  return last.includes('--') ? `${body}\n;` : `${body};`;
}
