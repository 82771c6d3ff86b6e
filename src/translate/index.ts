import type { ColumnSelection, SqlFragment } from '../model/ast.js';
import type {
  CompiledCdc, CompiledDataset, CompiledExpectation, CompiledFlow, CompiledInput, CompiledPipeline,
} from '../model/compiled-pipeline.js';
import { error, type Diagnostic, type StageResult } from '../model/diagnostic.js';
import { toSourceRange } from '../model/source-map.js';
import type { DatasetNode, FlowNode, PipelineGraph, SourceNode } from '../model/pipeline-graph.js';
import { datasetRelation, quoteIdent } from '../model/relations.js';
import type { RenderedFile } from '../model/rendered-file.js';
import type { Piece } from './pieces.js';
import { declaredColumnsWrapper, hasDeclaredSchema } from './declared-columns.js';
import { around, compiledSql, fileMapOf, translateFragment, translateToSql, type PipelineEnv } from './translate-fragment.js';
import { notRowLevel } from './row-level-condition.js';
import { CODES } from './codes.js';
import { statefulStreamWarning } from './stateful-stream.js';

export { mapCompiledOffset, mapCompiledRange } from './map-compiled-offset.js';
export { CODES } from './codes.js';
export { classifyFunction } from './function-table.js';

export interface TranslateOptions {
  /** Relative file-source paths are resolved against it. */
  readonly projectRoot: string;
  /** The published schema in the DuckDB file. */
  readonly schema: string;
}

/**
 * PipelineGraph → CompiledPipeline: every flow query, expectation, generated column and CDC clause as DuckDB
 * SQL with a map back to the user's file (SEMANTICS §7). Never throws for user errors; columns and lineage
 * are filled later by analyze.
 */
export function translatePipeline(
  graph: PipelineGraph, files: ReadonlyMap<string, RenderedFile>, options: TranslateOptions,
): StageResult<CompiledPipeline> {
  const diagnostics: Diagnostic[] = [];
  const env: PipelineEnv = {
    graph,
    datasets: new Map<string, DatasetNode>(graph.datasets.map((d) => [d.id, d])),
    sources: new Map<string, SourceNode>(graph.sources.map((s) => [s.id, s])),
    files, schema: options.schema, projectRoot: options.projectRoot, diagnostics,
  };
  const datasets: CompiledDataset[] = graph.datasets.map((d) => translateDataset(d, env));
  const generatedOf = new Map(datasets.map((d) => [d.id, d.generated]));
  const flows: CompiledFlow[] = graph.flows.map((f) => translateFlow(f, env, generatedOf.get(f.target) ?? []));
  for (const f of graph.flows) {
    const w = env.datasets.get(f.target)?.kind === 'streaming-table' ? statefulStreamWarning(f) : undefined;
    if (w) diagnostics.push(w);
  }
  return { value: { graph, datasets, flows }, diagnostics };
}

function translateDataset(d: DatasetNode, env: PipelineEnv): CompiledDataset {
  for (const e of d.expectations) {
    const bad = notRowLevel(e.condition);
    if (!bad) continue;
    const r = toSourceRange(fileMapOf(env, e.condition.file, bad.end), bad.start, bad.end);
    env.diagnostics.push(error(CODES.expectationNotRowLevel, `expectation ${e.name} holds ${bad.what}: a condition is checked on each row`,
      { file: e.condition.file, start: r.start, end: r.end }, { hint: 'check one row at a time; for rules about the whole table use PRIMARY KEY / UNIQUE / FOREIGN KEY constraints or \'weir.expect_row_count\'' }));
  }
  const expectations: CompiledExpectation[] = d.expectations.map((e) => ({
    name: e.name, action: e.action, condition: translateToSql(e.condition, env), span: e.span,
  }));
  const generated = d.columns.filter((c) => c.generated).map((c) => ({ name: c.name, expression: translateToSql(c.generated!, env) }));
  return { id: d.id, relation: datasetRelation(d, env.schema), expectations, generated };
}

function translateFlow(f: FlowNode, env: PipelineEnv, generatedColumns: CompiledDataset['generated']): CompiledFlow {
  const inputs = new Map<string, CompiledInput>();
  const base = { id: f.id, target: f.target, kind: f.kind, once: f.once };
  if (f.cdc) {
    const spec = f.cdc;
    const pieces: Piece[] = [around('SELECT * FROM ', spec.source), ...translateFragment(spec.source, env, { flow: f, inputs, startsAtTable: true })];
    if (spec.where) pieces.push(around(' WHERE ', spec.where), ...translateFragment(spec.where, env, { flow: f, inputs }));
    const len = Math.max(end(spec.source), spec.where ? end(spec.where) : 0);
    const cdc: CompiledCdc = {
      source: compiledSql(pieces, spec.source.file, env, len),
      keys: spec.keys.map((k) => k.name),
      sequenceBy: translateToSql(spec.sequenceBy, env),
      ...(spec.deleteWhen ? { deleteWhen: translateToSql(spec.deleteWhen, env) } : {}),
      ...(spec.truncateWhen ? { truncateWhen: translateToSql(spec.truncateWhen, env) } : {}),
      ignoreNullUpdates: spec.ignoreNullUpdates,
      ...(spec.columns ? { columns: selection(spec.columns) } : {}),
      storedAs: spec.storedAs,
      ...(spec.trackHistory ? { trackHistory: selection(spec.trackHistory) } : {}),
    };
    return { ...base, cdc, inputs: sortInputs(inputs) };
  }
  if (f.query) {
    const target = env.datasets.get(f.target);
    if (target && hasDeclaredSchema(target)) {
      // The table's column list shapes the rows every query flow writes (declared-columns.ts).
      // One of several flows into a table (or a CREATE FLOW into it) may lack a nullable column: it writes NULL
      // there, as Delta does.
      const pieces = declaredColumnsWrapper(target, f.query, translateFragment(f.query, env, { flow: f, inputs }), env, target.flows.length > 1 || !f.implicit);
      return { ...base, query: compiledSql(pieces, f.query.file, env, end(f.query)), inputs: sortInputs(inputs) };
    }
    if (generatedColumns.length === 0) return { ...base, query: translateToSql(f.query, env, { flow: f, inputs }), inputs: sortInputs(inputs) };
    // GENERATED ALWAYS AS columns of a dataset without a typed schema: computed from the row the flow writes.
    // An expression in the flow's own file keeps its pieces (a DuckDB error in it maps to its column); its
    // problems were reported once, by translateDataset.
    const quiet: PipelineEnv = { ...env, diagnostics: [] };
    const head: Piece[] = [around('SELECT *', f.query)];
    for (const c of generatedColumns) {
      const source = target?.columns.find((x) => x.name === c.name)?.generated;
      head.push(around(', (', f.query), ...(source && source.file === f.query.file ? translateFragment(source, quiet) : [around(c.expression.sql, f.query)]),
        around(`) AS ${quoteIdent(c.name)}`, f.query));
    }
    const pieces: Piece[] = [
      ...head, around(' FROM (\n', f.query), ...translateFragment(f.query, env, { flow: f, inputs }),
      around('\n) AS "__weir_generated"', f.query),
    ];
    return { ...base, query: compiledSql(pieces, f.query.file, env, end(f.query)), inputs: sortInputs(inputs) };
  }
  return { ...base, inputs: [] };
}

function end(f: SqlFragment): number {
  return f.renderedStart + f.text.length;
}

function selection(s: ColumnSelection): { mode: 'include' | 'except'; columns: string[] } {
  return { mode: s.mode, columns: s.columns.map((c) => c.name) };
}

function sortInputs(inputs: Map<string, CompiledInput>): CompiledInput[] {
  return [...inputs.values()].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : Number(a.streaming) - Number(b.streaming)));
}
