import type { SqlFragment } from '../model/ast.js';
import type { CompiledInput, CompiledSql } from '../model/compiled-pipeline.js';
import { error as errorDiag, warning, type Diagnostic } from '../model/diagnostic.js';
import type { DatasetNode, FlowNode, PipelineGraph, SourceNode } from '../model/pipeline-graph.js';
import { datasetRelation, fileSourceId, filesVariable, quoteIdent, streamFromVariable, streamRelation, streamToVariable } from '../model/relations.js';
import type { RenderedFile } from '../model/rendered-file.js';
import { identityMap, toSourceRange, type SourceMap } from '../model/source-map.js';
import { lex } from '../sql/lexer.js';
import { scanTableRefs, type TableRef } from '../sql/table-refs.js';
import { CODES } from './codes.js';
import { fileReader } from './file-reader.js';
import { buildCompiledMap, generated, piecesText, type Piece } from './pieces.js';
import type { RefReplacement, RewriteContext } from './rewrite-context.js';
import { rewriteRange } from './rewrite-tokens.js';

/** What translating a fragment needs to know about the pipeline (built once per pipeline). */
export interface PipelineEnv {
  readonly graph: PipelineGraph;
  readonly datasets: ReadonlyMap<string, DatasetNode>;
  readonly sources: ReadonlyMap<string, SourceNode>;
  readonly files: ReadonlyMap<string, RenderedFile>;
  readonly schema: string;
  readonly projectRoot: string;
  readonly diagnostics: Diagnostic[];
}

export interface FragmentOptions {
  /** The flow whose query this is: table references are rewritten and recorded as its inputs. */
  readonly flow?: FlowNode;
  readonly inputs?: Map<string, CompiledInput>;
  /** A CDC `FROM` clause: the fragment starts at a table position. */
  readonly startsAtTable?: boolean;
  /**
   * The flow whose resolved inputs name the fragment's references (by position), when it is not `flow`: a view's
   * query inlined into the flow that reads `STREAM(view)` resolves its names as the view does.
   */
  readonly namesFrom?: FlowNode;
}

export function fileMapOf(env: PipelineEnv, file: string, fallbackLength: number): SourceMap {
  return env.files.get(file)?.map ?? identityMap(fallbackLength);
}

const FILE_NAME_USE = /_metadata\s*\.\s*file_(path|name)|input_file_name\s*\(/i;

/** Translates one fragment into pieces (compiled text tied to rendered offsets). */
export function translateFragment(fragment: SqlFragment, env: PipelineEnv, opts: FragmentOptions = {}): Piece[] {
  const fileMap = fileMapOf(env, fragment.file, fragment.renderedStart + fragment.text.length);
  const { tokens, errors } = lex(fragment.text, fragment.renderedStart);
  for (const e of errors) {
    const r = toSourceRange(fileMap, e.start, e.end);
    env.diagnostics.push(errorDiag(CODES.lexError, e.message, { file: fragment.file, start: r.start, end: r.end }));
  }
  const refs = new Map<number, RefReplacement>();
  const usesFileName = FILE_NAME_USE.test(fragment.text);
  const wrapped = { fileName: false };
  if (opts.flow) {
    const scan = scanTableRefs(tokens, { startsAtTable: opts.startsAtTable === true });
    for (const ref of scan.refs) {
      const text = referenceText(ref, env, opts.flow, opts.namesFrom ?? opts.flow, opts.inputs ?? new Map(), fileMap, fragment.file, usesFileName, wrapped);
      if (text !== undefined) refs.set(ref.firstToken, { last: ref.lastToken, text });
    }
  }
  const cx: RewriteContext = {
    text: fragment.text, base: fragment.renderedStart, tokens, file: fragment.file, fileMap, refs,
    diagnostics: env.diagnostics, usesFileName: false, hideFileName: wrapped.fileName,
  };
  return rewriteRange(cx, 0, tokens.length - 1);
}

export function compiledSql(pieces: readonly Piece[], file: string, env: PipelineEnv, length: number): CompiledSql {
  return { sql: piecesText(pieces), file, map: buildCompiledMap(pieces, fileMapOf(env, file, length)) };
}

export function translateToSql(fragment: SqlFragment, env: PipelineEnv, opts: FragmentOptions = {}): CompiledSql {
  return compiledSql(translateFragment(fragment, env, opts), fragment.file, env, fragment.renderedStart + fragment.text.length);
}

/** A generated piece covering a whole fragment (for text Weir adds around it). */
export function around(text: string, fragment: SqlFragment): Piece {
  return generated(text, fragment.renderedStart, fragment.renderedStart + fragment.text.length);
}

function referenceText(
  ref: TableRef, env: PipelineEnv, flow: FlowNode, namesFrom: FlowNode, inputs: Map<string, CompiledInput>, fileMap: SourceMap,
  file: string, usesFileName: boolean, wrapped: { fileName: boolean },
): string | undefined {
  const span = toSourceRange(fileMap, ref.start, ref.end);
  const at = { file, start: span.start, end: span.end };
  if (ref.kind === 'files') {
    if (ref.format === 'delta') {
      env.diagnostics.push(errorDiag(CODES.deltaPath, 'Delta path tables cannot be read: DuckDB here has no Delta reader',
        at, { hint: 'declare the data as a pipeline dataset, or read the parquet files with parquet.`path`' }));
      return undefined;
    }
    const sourceId = matchInput(namesFrom, span.start, ref.start)?.node ?? fileSourceId(ref.path, ref.options);
    const varName = filesVariable(flow.id, sourceId);
    const res = fileReader(ref, env.projectRoot, sourceId, varName, usesFileName);
    for (const p of res.problems) {
      env.diagnostics.push(p.severity === 'error' ? errorDiag(p.code, p.message, at, p.hint ? { hint: p.hint } : {}) : warning(p.code, p.message, at));
    }
    addInput(inputs, res.input);
    if (res.projectsFileName) wrapped.fileName = true;
    return res.text;
  }
  const resolved = matchInput(namesFrom, toSourceRange(fileMap, ref.nameStart, ref.nameEnd).start, ref.nameStart)?.node;
  let parts = [...ref.parts];
  if (parts.length > 1 && parts[0].toLowerCase() === 'live') parts = parts.slice(1);
  if (parts.length === 3 && env.graph.catalog && parts[0].toLowerCase() === env.graph.catalog.toLowerCase()) parts = parts.slice(1);
  const local = parts.length === 2 && parts[0].toLowerCase() === env.graph.schema.toLowerCase() ? parts.slice(1) : parts;
  const dsId = resolved !== undefined ? (env.datasets.has(resolved) ? resolved : undefined)
    : local.length === 1 && env.datasets.has(local[0].toLowerCase()) ? local[0].toLowerCase() : undefined;
  if (dsId !== undefined) {
    const ds = env.datasets.get(dsId)!;
    const view = ref.streaming && ds.kind === 'temporary-view' ? env.graph.flows.find((f) => f.target === dsId && f.implicit && f.query) : undefined;
    if (view) return inlinedStreamingView(view, env, flow, inputs);
    if (ref.streaming) {
      addInput(inputs, { node: dsId, streaming: true, fromVariable: streamFromVariable(flow.id, dsId), toVariable: streamToVariable(flow.id, dsId) });
      return streamRelation(ds, env.schema, flow.id);
    }
    addInput(inputs, { node: dsId, streaming: false });
    return datasetRelation(ds, env.schema);
  }
  const extId = resolved ?? `external:${parts.join('.').toLowerCase()}`;
  // The name resolve gave it (qualified with the file's USE SCHEMA when the user's name was not).
  // A back-quoted name holding a dot (`ss.zz`) is one identifier, as in Spark: its parts as written, not the id split.
  const relation = (resolved?.startsWith('external:') && !parts.some((p) => p.includes('.')) ? resolved.slice('external:'.length).split('.') : parts)
    .map(quoteIdent).join('.');
  if (ref.streaming) {
    // SEMANTICS §3: STREAM(x) reads the rows appended to x since the flow's last update, for a table outside the
    // pipeline too (an append-only DuckDB table: its row ids grow with its rows).
    const fromVariable = streamFromVariable(flow.id, extId);
    const toVariable = streamToVariable(flow.id, extId);
    addInput(inputs, { node: extId, streaming: true, fromVariable, toVariable, relation });
    return `(SELECT * FROM ${relation} WHERE rowid >= coalesce(getvariable('${fromVariable}'), 0)` +
      ` AND rowid < coalesce(getvariable('${toVariable}'), 9223372036854775807))`;
  }
  addInput(inputs, { node: extId, streaming: false });
  return relation;
}

/**
 * `STREAM(v)` of a temporary view over a stream (`CREATE STREAMING LIVE VIEW v AS SELECT ... FROM STREAM(x)`):
 * a DuckDB view has no row ids to keep an offset in, so v's query is inlined, translated for the reading flow: its
 * `STREAM(x)` windows and file lists become the reader's own inputs, read exactly once like any other (resolve
 * refuses STREAM of a view that reads no stream). Problems inside v are reported once, at v.
 * v's `ON VIOLATION DROP ROW` rules go with its query (SEMANTICS §4: the row is removed; it passes only when the
 * condition is TRUE), so a streaming reader sees the rows a batch reader of v sees. Warn and FAIL UPDATE rules are
 * the runner's, when it refreshes v: a filter that raises could run before v's own WHERE once DuckDB reorders it.
 */
function inlinedStreamingView(view: FlowNode, env: PipelineEnv, flow: FlowNode, inputs: Map<string, CompiledInput>): string {
  const quiet: PipelineEnv = { ...env, diagnostics: [] };
  const body = piecesText(translateFragment(view.query!, quiet, { flow, namesFrom: view, inputs }));
  const drops = env.datasets.get(view.target)?.expectations.filter((e) => e.action === 'drop') ?? [];
  if (drops.length === 0) return `(${body})`;
  const kept = drops.map((e) => `(${piecesText(translateFragment(e.condition, quiet))}) IS TRUE`).join(' AND ');
  return `(SELECT * FROM (\n${body}\n) AS "__weir_view" WHERE ${kept})`;
}

/** The resolved input of a reference: by rendered offset (several references can share one source span). */
function matchInput(flow: FlowNode, sourceStart: number, at: number): FlowNode['inputs'][number] | undefined {
  return flow.inputs.find((r) => (r.at !== undefined ? r.at === at : r.span.start === sourceStart));
}

function addInput(inputs: Map<string, CompiledInput>, input: CompiledInput): void {
  const key = `${input.node}\u0000${input.streaming}`;
  if (!inputs.has(key)) inputs.set(key, input);
}
