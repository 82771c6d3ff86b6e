import type { CompiledDataset, CompiledFlow, CompiledPipeline, OutputColumn } from '../model/compiled-pipeline.js';
import type { DatasetNode } from '../model/pipeline-graph.js';
import { lex } from '../sql/lexer.js';
import { readSparkType } from '../translate/spark-type.js';
import { dedupe, namedColumnLineage, queryLineage, type Json, type LineageColumn, type RelationResolver } from './lineage-walker.js';
import { DECLARED_ALIAS } from '../model/declared-wrapper.js';

/**
 * Fills `CompiledDataset.columns` from parsed flow queries, in `graph.order` so `*` over an upstream dataset
 * expands to that dataset's (already computed) columns. Pure: the DuckDB round trip happens before
 * (serializeQueriesEach), and validate passes the types and file schemas it learned.
 */
export interface LineageInputs {
  /** Parsed query node per flow id (the CDC source SELECT for CDC flows). */
  readonly parsed: ReadonlyMap<string, Json | undefined>;
  /** Column names of file sources, when known (validate samples them). */
  readonly fileColumns?: ReadonlyMap<string, readonly string[]>;
  /** Bound output (name, DuckDB type) per dataset id, when validation bound the query. */
  readonly bound?: ReadonlyMap<string, readonly { name: string; type: string }[]>;
}

const REL = /^"((?:[^"]|"")*)"\."((?:[^"]|"")*)"$/;

export function computeLineage(compiled: CompiledPipeline, inputs: LineageInputs): CompiledPipeline {
  const builder = new LineageBuilder(compiled, inputs);
  for (const id of builder.order) builder.dataset(id);
  return builder.result();
}

/**
 * The incremental form of `computeLineage`: `dataset(id)` for each id of `order`, in that order (each needs
 * the parsed queries of its flows, `flowsOf(id)`, in `inputs.parsed` by then), then `result()`. Lets analyze
 * compute lineage chunk by chunk while DuckDB still parses the next queries, without holding every parse tree.
 */
export class LineageBuilder {
  /** Dataset ids: `graph.order`, then datasets outside it. */
  readonly order: readonly string[];
  private readonly byRelation = new Map<string, string>();
  private readonly nodesById: ReadonlyMap<string, DatasetNode>;
  /** Each dataset's compiled flows, looked up once (every lineage step asks for them). */
  private readonly flowsByDataset = new Map<string, CompiledFlow[]>();
  private readonly columns = new Map<string, OutputColumn[] | undefined>();
  /** Output column names per dataset id (what `*` over it expands to), computed once. */
  private readonly names = new Map<string, readonly string[] | undefined>();
  private readonly queryColumns = new Map<string, readonly string[]>();

  constructor(private readonly compiled: CompiledPipeline, private readonly inputs: LineageInputs) {
    const graph = compiled.graph;
    for (const d of compiled.datasets) {
      const m = REL.exec(d.relation);
      if (m) this.byRelation.set(`${m[1].replace(/""/g, '"')}.${m[2].replace(/""/g, '"')}`.toLowerCase(), d.id);
    }
    const flowsById = new Map(compiled.flows.map((f) => [f.id, f]));
    this.nodesById = new Map(graph.datasets.map((d) => [d.id, d]));
    for (const d of graph.datasets) this.flowsByDataset.set(d.id, d.flows.map((f) => flowsById.get(f)).filter((f): f is CompiledFlow => !!f));
    const ordered = new Set(graph.order);
    this.order = [...graph.order, ...graph.datasets.map((d) => d.id).filter((id) => !ordered.has(id))];
  }

  /** The compiled flows whose parsed queries `dataset(id)` reads. */
  flowsOf(id: string): readonly CompiledFlow[] {
    return this.flowsByDataset.get(id) ?? [];
  }

  /**
   * What a dataset's lineage depends on besides its upstream datasets' column names: its declared columns, its
   * flows' SQL, CDC column selection and inputs. Equal parts give equal lineage when the upstream names are
   * equal too (see `upstreamNames`), which is what the lineage cache (lineage-cache.ts) relies on.
   */
  ownPart(id: string): string {
    const node = this.nodesById.get(id);
    if (!node) return '';
    const cols = node.columns.map((c) => [c.name, c.type ?? null, c.comment ?? null]);
    const flows = this.flowsOf(id).map((f) => [
      f.id, f.query?.sql ?? null,
      f.cdc ? [f.cdc.source.sql, f.cdc.sequenceBy.sql, f.cdc.storedAs, f.cdc.columns ?? null] : null,
      f.inputs.map((i) => [i.node, i.filesVariable ?? null]),
    ]);
    return JSON.stringify([id, cols, flows]);
  }

  /** The output column names of the datasets `id` reads (known once they were computed, in order). */
  upstreamNames(id: string): string {
    const seen = new Set<string>();
    const out: (readonly string[] | null)[] = [];
    for (const f of this.flowsOf(id)) {
      for (const i of f.inputs) {
        if (seen.has(i.node) || !this.nodesById.has(i.node)) continue;
        seen.add(i.node);
        out.push(this.names.get(i.node) ?? null);
      }
    }
    return JSON.stringify(out);
  }

  /** The columns of `id` computed earlier (a cache hit), instead of `dataset(id)`. */
  reuse(id: string, columns: OutputColumn[] | undefined, queryColumns?: readonly string[]): void {
    this.columns.set(id, columns);
    this.names.set(id, columns?.map((c) => c.name));
    if (queryColumns) this.queryColumns.set(id, queryColumns);
  }

  /** CompiledDataset.queryColumns of `id`, once computed. */
  queryColumnsOf(id: string): readonly string[] | undefined {
    return this.queryColumns.get(id);
  }

  /** The columns computed for `id` (undefined: unknown or not computed). */
  columnsOf(id: string): OutputColumn[] | undefined {
    return this.columns.get(id);
  }

  dataset(id: string): void {
    const node = this.nodesById.get(id);
    if (!node) return;
    let merged: LineageColumn[] | undefined;
    for (const f of this.flowsOf(id)) {
      const cols = flowColumns(f, this.inputs, resolverFor(f, this.byRelation, this.names, this.inputs), node.columns.map((c) => c.name));
      if (!cols) { merged = undefined; break; }
      merged = merged ? mergeByName(merged, cols) : [...cols];
    }
    const flows = this.flowsOf(id);
    const inner = flows.length === 1 ? declaredQuery(this.inputs.parsed.get(flows[0].id)) : undefined;
    const innerCols = inner ? queryLineage(inner, resolverFor(flows[0], this.byRelation, this.names, this.inputs)) : undefined;
    if (innerCols) this.queryColumns.set(id, innerCols.map((c) => c.name));
    const out = finish(node, merged, this.inputs.bound?.get(id));
    this.columns.set(id, out);
    this.names.set(id, out?.map((c) => c.name));
  }

  result(): CompiledPipeline {
    const datasets: CompiledDataset[] = this.compiled.datasets.map((d) => {
      const cols = this.columns.get(d.id);
      const query = this.queryColumns.get(d.id);
      return cols ? { ...d, columns: cols, ...(query ? { queryColumns: query } : {}) } : d;
    });
    return { ...this.compiled, datasets };
  }
}

function resolverFor(
  f: CompiledFlow, byRelation: ReadonlyMap<string, string>, names: ReadonlyMap<string, readonly string[] | undefined>, inputs: LineageInputs,
): RelationResolver {
  return {
    table(schema, name) {
      const id = byRelation.get(`${schema}.${name}`);
      if (id !== undefined) return { node: id, columns: names.get(id) };
      const suffix = schema ? `${schema}.${name}` : name;
      const ext = f.inputs.find((i) => i.node.startsWith('external:') && (i.node === `external:${suffix}` || i.node.endsWith(`.${suffix}`)));
      return ext ? { node: ext.node, columns: undefined } : undefined;
    },
    files(variable) {
      const input = f.inputs.find((i) => i.filesVariable === variable);
      return input ? { node: input.node, columns: inputs.fileColumns?.get(input.node) } : undefined;
    },
  };
}

/**
 * A flow's output columns. When its query's columns are unknown (`*` over files or over a dataset whose columns
 * are unknown) but the target declares its columns, those names are looked up in the query instead: the runner
 * writes the query's columns by name, and CDC stores the source's columns by name.
 */
function flowColumns(f: CompiledFlow, inputs: LineageInputs, resolver: RelationResolver, declared: readonly string[]): readonly LineageColumn[] | undefined {
  const parsed = inputs.parsed.get(f.id);
  if (!parsed) return undefined;
  let cols = queryLineage(parsed, resolver);
  /** A column looked up only for the edges of SCD 2's history columns (an undeclared sequence): not stored. */
  let hidden: string | undefined;
  if (!cols && declared.length > 0) {
    // SCD 2's own columns are not the source's; the sequence is looked up too when it is a plain column, for them.
    const names = declared.filter((n) => !f.cdc || !HISTORY.has(n.toLowerCase()));
    const seq = f.cdc ? /^\s*"?([A-Za-z_]\w*)"?\s*$/.exec(f.cdc.sequenceBy.sql)?.[1] : undefined;
    const extra = seq && !names.some((n) => n.toLowerCase() === seq.toLowerCase()) ? [seq] : [];
    hidden = extra[0]?.toLowerCase();
    cols = namedColumnLineage(parsed, resolver, [...names, ...extra]);
  }
  if (!cols || !f.cdc) return cols;
  // CDC: the stored columns are the source's minus the selection, plus SCD 2's validity columns.
  const sel = f.cdc.columns;
  const pick = new Set(sel?.columns.map((c) => c.toLowerCase()) ?? []);
  let out = cols.filter((c) => c.name.toLowerCase() !== hidden && (!sel || (sel.mode === 'include' ? pick.has(c.name.toLowerCase()) : !pick.has(c.name.toLowerCase()))));
  if (f.cdc.storedAs === 2) {
    const seq = cols.filter((c) => f.cdc!.sequenceBy.sql.toLowerCase().includes(c.name.toLowerCase())).flatMap((c) => c.edges);
    const derived = dedupe(seq).map((e) => ({ ...e, transform: 'derived' as const }));
    out = [...out, { name: '__START_AT', edges: derived }, { name: '__END_AT', edges: derived }];
  }
  return out;
}

const HISTORY = new Set(['__start_at', '__end_at']);

function mergeByName(a: readonly LineageColumn[], b: readonly LineageColumn[]): LineageColumn[] {
  const out = a.map((c) => ({ ...c }));
  for (const c of b) {
    const i = out.findIndex((x) => x.name.toLowerCase() === c.name.toLowerCase());
    if (i >= 0) out[i] = { name: out[i].name, edges: dedupe([...out[i].edges, ...c.edges]) };
    else out.push(c);
  }
  return out;
}

/** Applies declared column names, comments and types (declared, or bound by validation). */
function finish(node: DatasetNode, cols: LineageColumn[] | undefined, bound: readonly { name: string; type: string }[] | undefined): OutputColumn[] | undefined {
  const declared = node.columns;
  if (!cols && bound) cols = bound.map((b) => ({ name: b.name, edges: [] }));
  if (!cols) {
    if (declared.length === 0) return undefined;
    return declared.map((d) => ({ name: d.name, ...typeOf(d.type), ...(d.comment ? { comment: d.comment } : {}), lineage: [] }));
  }
  // Declared columns describe the query's columns by name (a schema, as in `(id BIGINT, name STRING)` over
  // read_files); they never rename by position: the runner writes the query's own names.
  return cols.map((c, i) => {
    const decl = declared.find((d) => d.name.toLowerCase() === c.name.toLowerCase());
    const b = bound && bound.length === cols!.length ? bound[i] : undefined;
    const name = decl?.name ?? b?.name ?? c.name;
    const type = b?.type ?? typeOf(decl?.type).type;
    return { name, ...(type ? { type } : {}), ...(decl?.comment ? { comment: decl.comment } : {}), lineage: dedupe(c.edges) };
  });
}

/** A declared Spark column type → DuckDB type (absent when unknown or untranslatable). */
export function typeOf(sparkType: string | undefined): { type?: string } {
  if (!sparkType) return {};
  // A pure function of the text, and projects repeat a few types thousands of times: remembered.
  let type = typeCache.get(sparkType);
  if (type === undefined) {
    const t = readSparkType(lex(sparkType).tokens, 0);
    type = t.error ? null : t.text;
    if (typeCache.size > 10_000) typeCache.clear();
    typeCache.set(sparkType, type);
  }
  return type === null ? {} : { type };
}

const typeCache = new Map<string, string | null>();

/** The user's query inside Weir's declared-column wrapper (`SELECT ... FROM (query) AS "__weir_declared"`). */
function declaredQuery(parsed: Json | undefined): Json | undefined {
  const from = parsed?.type === 'SELECT_NODE' ? parsed.from_table : undefined;
  return from?.type === 'SUBQUERY' && from.alias === DECLARED_ALIAS ? from.subquery?.node : undefined;
}
