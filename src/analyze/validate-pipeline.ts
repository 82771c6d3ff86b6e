import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { loadDuckDB } from '../util/load-duckdb.js';
import type { CompiledDataset, CompiledFlow, CompiledPipeline, CompiledSql } from '../model/compiled-pipeline.js';
import type { DatasetNode } from '../model/pipeline-graph.js';
import type { CdcSpec } from '../model/ast.js';
import { error, info, warning, type Diagnostic, type StageResult } from '../model/diagnostic.js';
import { PRIVATE_SCHEMA, quoteIdent, quoteString } from '../model/relations.js';
import { CODES } from '../translate/codes.js';
import { computeLineage, typeOf } from './compute-lineage.js';
import { duckErrorDiagnostic, missingDeclaredColumn, parseDuckError } from './duckdb-error.js';
import type { Json } from './lineage-walker.js';
import { parseFlows } from './parse-flows.js';
import { sampleFileSources } from './sample-file-sources.js';
import { cdcSpecDiagnostics } from './validate-cdc.js';
import { datasetKey, readValidateCache, validateSalt, writeValidateCache } from './validate-cache.js';
import { checkedRows, FastPath, standInDdl, type Bound } from './validate-fast-path.js';
import { mapCompiledRange } from '../translate/map-compiled-offset.js';
import { declaredColumnMissingMessage } from '../translate/declared-columns.js';
import { isBooleanCondition, notBooleanMessage, SPARK_COMPATIBLE_SETTINGS, SPARK_MACROS_SQL, SPARK_SESSION_SQL } from '../util/duckdb-settings.js';

/**
 * `weir validate` / `dry-run`: binds every compiled query in topological order against empty stand-in tables
 * of its upstream output schemas in an in-memory DuckDB (nothing is written; file sources are sampled by
 * DuckDB's readers for their schema; external tables come from the database file, attached READ_ONLY).
 * Unknown columns and tables, type errors and ambiguous names are reported at the user's position, with
 * DuckDB's candidates as the hint. Fills column types, then lineage.
 */
export interface ValidateOptions {
  readonly databasePath?: string;
  readonly projectRoot: string;
  /** Where to keep what this validate bound, to bind only what changed next time (`weir validate`: target/.weir-cache/validate.json). */
  readonly cacheFile?: string;
  /**
   * `false`: report the diagnostics only, leaving the pipeline's lineage as the compiler computed it (`weir
   * validate` prints diagnostics; recomputing lineage with the bound types parsed every query again and sampled
   * every file source: ~2.5 s of CPU for 10,000 datasets). Default: fill column types, then lineage.
   */
  readonly typedLineage?: boolean;
  /**
   * Flows the compiler already reported as wrong (their SQL is known to be broken): not bound; their datasets'
   * schemas count as unknown, so what reads them is reported as not validated rather than failing twice.
   */
  readonly skipFlows?: ReadonlySet<string>;
}

// One DuckDB thread: nothing here scans data, and a statement then wakes no worker threads (creating a stand-in is ~20%
// cheaper); two connections still bind at once.
const SETTINGS = `SET errors_as_json = true; SET autoinstall_known_extensions = false; ${SPARK_SESSION_SQL}; SET threads = 1; ${SPARK_MACROS_SQL.join('; ')}`;

export async function validatePipeline(compiled: CompiledPipeline, options: ValidateOptions): Promise<StageResult<CompiledPipeline>> {
  return startValidation(compiled, options).finish(compiled);
}

/** A validation under way: binding needs only the translated pipeline, so it can start while lineage is computed. */
export interface Validation {
  /** The result, with lineage recomputed over `analyzed` (the pipeline `startValidation` saw, as analyze left it). */
  finish(analyzed: CompiledPipeline): Promise<StageResult<CompiledPipeline>>;
  /** Stops binding (the compile failed) and releases DuckDB. */
  cancel(): Promise<void>;
}

export function startValidation(compiled: CompiledPipeline, options: ValidateOptions): Validation {
  const stop = { cancelled: false };
  const work = bindPipeline(compiled, options, stop);
  work.catch(() => undefined);
  return {
    async finish(analyzed) {
      const r = await work;
      try {
        if (!r.lineageInputs) return { value: analyzed, diagnostics: r.diagnostics };
        const { parsed, fileColumns } = await r.lineageInputs;
        return { value: computeLineage(analyzed, { parsed, bound: r.bound, fileColumns }), diagnostics: r.diagnostics };
      } finally {
        await r.close();
      }
    },
    async cancel() {
      stop.cancelled = true;
      const r = await work.catch(() => undefined);
      await r?.close();
    },
  };
}

interface Bindings {
  readonly bound: ReadonlyMap<string, Bound[]>;
  readonly diagnostics: Diagnostic[];
  /** Undefined when lineage is not recomputed (`typedLineage: false`). */
  readonly lineageInputs: Promise<LineageInputs> | undefined;
  close(): Promise<void>;
}

async function bindPipeline(compiled: CompiledPipeline, options: ValidateOptions, stop: { readonly cancelled: boolean }): Promise<Bindings> {
  const { DuckDBInstance } = await loadDuckDB();
  const db = await DuckDBInstance.create(':memory:', { ...SPARK_COMPATIBLE_SETTINGS });
  const conn = await db.connect();
  // Lineage needs the parsed queries and the files' columns, not the stand-ins: a second connection gets them
  // while the first binds (DuckDB runs both at once). Only when lineage is recomputed.
  const side = options.typedLineage !== false ? await db.connect() : undefined;
  const diagnostics: Diagnostic[] = [];
  let lineageInputs: Promise<LineageInputs> | undefined;
  const close = async (): Promise<void> => {
    await lineageInputs?.catch(() => undefined);
    side?.closeSync();
    conn.closeSync();
    db.closeSync();
  };
  try {
    await conn.run(SETTINGS);
    if (side) {
      await side.run(SETTINGS);
      lineageInputs = readLineageInputs(compiled, side);
      lineageInputs.catch(() => undefined);
    }
    const schema = compiled.graph.schema;
    await conn.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}; CREATE SCHEMA IF NOT EXISTS ${quoteIdent(PRIVATE_SCHEMA)}`);
    const externalsOk = await attachExternals(conn, compiled, options, diagnostics);
    const bound = new Map<string, Bound[]>();
    const unknown = new Set<string>();
    const flowsById = new Map(compiled.flows.map((f) => [f.id, f]));
    const compiledById = new Map(compiled.datasets.map((d) => [d.id, d]));
    const nodesById = new Map(compiled.graph.datasets.map((d) => [d.id, d]));
    const flowSpans = new Map(compiled.graph.flows.map((g) => [g.id, g.span]));
    const graphFlows = new Map(compiled.graph.flows.map((g) => [g.id, g]));
    const graph = compiled.graph;
    const ordered = new Set(graph.order);
    const order = [...graph.order, ...graph.datasets.map((d) => d.id).filter((id) => !ordered.has(id))];
    const blockedBy = (f: CompiledFlow) => f.inputs.find((i) => unknown.has(i.node) || (i.node.startsWith('external:') && !externalsOk.has(i.node)));

    /** One dataset in autocommit, bound and reported exactly as always (the fast path failed or does not apply). */
    const validateExactly = async (node: DatasetNode, cd: CompiledDataset): Promise<void> => {
      const id = node.id;
      let cols: Bound[] | undefined;
      let failed = false;
      for (const fid of node.flows) {
        const f = flowsById.get(fid);
        if (!f) continue;
        const blocked = blockedBy(f);
        if (blocked) {
          diagnostics.push(info(CODES.upstreamUnknown, `flow ${f.id} not validated: the schema of ${blocked.node} is unknown`, flowSpans.get(f.id)));
          failed = true;
          continue;
        }
        const before = diagnostics.length;
        const res = await bindFlow(conn, f, `flow ${f.id}`, diagnostics, graphFlows.get(f.id)?.cdc, node.name);
        if (!res) {
          failed = true;
          // A declared column the query's input lacks (a file source, known only now): WEIR4058 at the column, not
          // DuckDB's words about Weir's wrapper.
          for (let k = before; k < diagnostics.length; k++) {
            const col = missingDeclaredColumn(diagnostics[k].message, node.columns);
            if (col) diagnostics[k] = error(CODES.declaredColumnMissing, declaredColumnMissingMessage(node.name, col.name), col.span);
          }
          continue;
        }
        cols ??= res;
      }
      if (!cols && !failed && node.flows.length === 0 && node.columns.every((c) => c.type)) {
        // A dataset with no query in this pipeline (declared columns only): its declared schema is the stand-in.
        cols = declaredColumns(node);
      }
      if (!cols) { unknown.add(id); return; }
      bound.set(id, cols);
      const create = standInDdl(cd.relation, cols, true);
      const checks = [
        ...cd.expectations.map((ex) => ({ sql: ex.condition, context: `expectation ${ex.name}` })),
        ...cd.generated.map((g) => ({ sql: g.expression, context: `generated column ${g.name}` })),
      ];
      try {
        await conn.run(create);
      } catch (e) {
        unknown.add(id);
        diagnostics.push(warning(CODES.bindError, `could not create a stand-in for ${id}: ${parseDuckError(e).message}`, node.span));
        return;
      }
      if (checks.length === 0) return;
      // One statement binds all of the dataset's expressions; only when that fails are they bound one by one, to
      // place the error.
      const over = checkedRows(node.flows.map((fid) => flowsById.get(fid)).filter((f): f is CompiledFlow => f !== undefined), cd);
      const types = await columnTypes(conn, `SELECT ${checks.map((c) => `(${c.sql.sql}\n)`).join(', ')} FROM ${over}`);
      if (!types) {
        for (const c of checks) await bind(conn, 'SELECT (', c.sql, `) FROM ${over}`, c.context, diagnostics);
        return;
      }
      cd.expectations.forEach((ex, i) => {
        if (isBooleanCondition(types[i], ex.condition.sql)) return;
        diagnostics.push(error(CODES.expectationNotBoolean, `expectation ${ex.name}: ${notBooleanMessage(types[i])}`,
          mapCompiledRange(ex.condition, 0, ex.condition.sql.length),
          { hint: 'a row passes when the condition is TRUE: compare the value, e.g. EXPECT (amount > 0) or EXPECT (name IS NOT NULL)' }));
      });
    };

    const fast = new FastPath(conn);
    const eligible = (node: DatasetNode): CompiledFlow[] | undefined => {
      const flows = node.flows.map((fid) => flowsById.get(fid));
      return flows.length > 0 && flows.every((f) => f !== undefined && !blockedBy(f)) ? flows as CompiledFlow[] : undefined;
    };
    /** What the fast path does with a dataset: bind its flows, take its declared columns, or nothing (its schema is unknown, silently); undefined: the exact path. */
    const skipped = (node: DatasetNode): boolean => options.skipFlows !== undefined && node.flows.some((f) => options.skipFlows!.has(f));
    const planOf = (node: DatasetNode): { flows: CompiledFlow[]; declared?: Bound[] } | 'unknown' | undefined => {
      if (skipped(node)) return 'unknown';
      if (node.flows.length > 0) { const flows = eligible(node); return flows ? { flows } : undefined; }
      if (!node.columns.every((c) => c.type)) return 'unknown';
      return { flows: [], declared: declaredColumns(node) };
    };
    const cacheFile = options.cacheFile;
    const salt = cacheFile ? validateSalt((await loadDuckDB()).version()) : '';
    const cached = cacheFile ? readValidateCache(cacheFile, salt) : {};
    const entries: Record<string, Bound[]> = {};
    // While every dataset binds on the fast path, runs of independent datasets are bound on two connections at
    // once, and their stand-ins created at the end of the run (none reads another). A stand-in is created only
    // when a dataset bound later reads it: not for a dataset no flow reads, nor for a cache hit no changed
    // dataset reads (`lazy`). From the first dataset that does not bind there, the catalog is brought to what the
    // one-by-one path expects (every stand-in before it) and the rest goes one by one on the first connection.
    const read = new Set(compiled.flows.flatMap((f) => f.inputs.map((i) => i.node)));
    const lazy = new Map<string, string>();
    const groups = independentGroups(order.filter((id) => nodesById.has(id) && compiledById.has(id)), flowsById, nodesById);
    const second = await db.connect();
    let g = 0;
    try {
      await second.run(SETTINGS);
      const fasts = [fast, new FastPath(second)];
      for (; g < groups.length && !stop.cancelled; g++) {
        const group = groups[g];
        const plans = group.map((id) => planOf(nodesById.get(id)!));
        if (plans.some((p) => !p)) break;
        const flowsOf = plans.map((p) => (p === 'unknown' ? [] : p!.flows));
        const results: (Bound[] | undefined)[] = new Array(group.length);
        const keys = group.map((id, i) => (cacheFile && flowsOf[i].length ? datasetKey(compiledById.get(id)!, flowsOf[i], bound) : undefined));
        const groupLazy = new Map<string, string>();
        const todo: number[] = [];
        for (let i = 0; i < group.length; i++) {
          if (plans[i] === 'unknown') continue;
          const hit = keys[i] !== undefined ? cached[keys[i]!] : undefined;
          if (hit) {
            results[i] = hit;
            groupLazy.set(group[i], standInDdl(compiledById.get(group[i])!.relation, hit));
          } else todo.push(i);
        }
        const needed = [...new Set(todo.flatMap((i) => flowsOf[i].flatMap((f) => f.inputs.map((x) => x.node))))].filter((n) => lazy.has(n));
        if (needed.length) {
          if (!(await fast.createAll(needed.map((n) => lazy.get(n)!)))) { await fast.abandon(); break; }
          await fast.commit();
          for (const n of needed) lazy.delete(n);
        }
        let next = 0;
        let failed = false;
        const worker = async (w: FastPath): Promise<void> => {
          try {
            const creates: string[] = [];
            while (!failed && next < todo.length) {
              const i = todo[next++];
              const id = group[i];
              const plan = plans[i] as { flows: CompiledFlow[]; declared?: Bound[] };
              const res = await w.dataset(plan.flows, compiledById.get(id)!, true, plan.declared);
              if (!res) { failed = true; return; }
              results[i] = res.cols;
              if (res.create) {
                if (read.has(id)) creates.push(res.create);
                else groupLazy.set(id, res.create);
              }
            }
            if (!failed && !(await w.createAll(creates))) failed = true;
          } catch {
            failed = true;
          }
        };
        const used = todo.length > 1 ? fasts : [fast];
        await Promise.all(used.map(worker));
        if (failed) {
          // Back to where the one-by-one path expects the catalog: every earlier group, nothing of this one.
          for (const w of used) await w.abandon();
          break;
        }
        for (const w of used) await w.commit();
        for (const [id, create] of groupLazy) lazy.set(id, create);
        for (let i = 0; i < group.length; i++) {
          if (plans[i] === 'unknown') { unknown.add(group[i]); continue; }
          bound.set(group[i], results[i]!);
          if (keys[i] !== undefined) entries[keys[i]!] = results[i]!;
        }
      }
    } finally {
      second.closeSync();
    }
    if (g < groups.length && !stop.cancelled) await createEach(conn, [...lazy.values()]);
    for (const id of groups.slice(g).flat()) {
      if (stop.cancelled) break;
      const node = nodesById.get(id)!;
      const cd = compiledById.get(id)!;
      if (skipped(node)) { unknown.add(id); continue; }
      const flows = eligible(node);
      if (flows) {
        const res = await fast.dataset(flows, cd);
        if (res) { bound.set(id, res.cols); continue; }
      }
      await fast.settle();
      await validateExactly(node, cd);
    }
    if (cacheFile && !stop.cancelled && !sameKeys(entries, cached)) writeValidateCache(cacheFile, { salt, entries });
    await fast.settle();
    return { bound, diagnostics, lineageInputs, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * The datasets in `order`, cut into runs of datasets none of which reads another of its run, so a run can be
 * bound in any order once the runs before it are.
 */
function independentGroups(order: readonly string[], flowsById: ReadonlyMap<string, CompiledFlow>, nodesById: ReadonlyMap<string, DatasetNode>): string[][] {
  const groups: string[][] = [];
  let current = new Set<string>();
  for (const id of order) {
    const node = nodesById.get(id)!;
    const reads = node.flows.some((fid) => flowsById.get(fid)?.inputs.some((i) => current.has(i.node)));
    if (reads || current.size === 0) { current = new Set(); groups.push([]); }
    current.add(id);
    groups[groups.length - 1].push(id);
  }
  return groups;
}

/** Runs the statements, one round trip when all succeed (they did before, so they should). */
async function createEach(conn: DuckDBConnection, creates: readonly string[]): Promise<void> {
  if (creates.length === 0 || await tryRun(conn, creates.join(';\n'))) return;
  for (const c of creates) await tryRun(conn, c);
}

/** A dataset's declared schema as stand-in columns (VARCHAR where a type has no DuckDB equivalent). */
function declaredColumns(node: DatasetNode): Bound[] {
  return node.columns.map((c) => ({ name: c.name, type: typeOf(c.type).type ?? 'VARCHAR' }));
}

function sameKeys(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => k in b);
}

interface LineageInputs {
  readonly parsed: ReadonlyMap<string, Json | undefined>;
  readonly fileColumns: ReadonlyMap<string, readonly string[]>;
}

async function readLineageInputs(compiled: CompiledPipeline, conn: DuckDBConnection): Promise<LineageInputs> {
  const { parsed } = await parseFlows(compiled, conn);
  const fileColumns = await sampleFileSources(compiled, parsed, conn);
  return { parsed, fileColumns };
}

/** The output types of a statement, bound without running it; undefined when it does not bind. */
async function columnTypes(conn: DuckDBConnection, sql: string): Promise<string[] | undefined> {
  try {
    const p = await conn.prepare(sql);
    const types = Array.from({ length: p.columnCount }, (_, k) => p.columnType(k).toString());
    p.destroySync();
    return types;
  } catch {
    return undefined;
  }
}

async function tryRun(conn: DuckDBConnection, sql: string): Promise<boolean> {
  try {
    await conn.run(sql);
    return true;
  } catch {
    return false;
  }
}

async function bind(conn: DuckDBConnection, before: string, sql: CompiledSql, after: string, context: string, diagnostics: Diagnostic[]): Promise<Bound[] | undefined> {
  try {
    // The newline keeps a trailing `-- comment` in the user's SQL from swallowing what follows. A prepared
    // statement gives the output names and types without running anything (and is cheaper than DESCRIBE).
    const p = await conn.prepare(`${before}${sql.sql}\n${after}`);
    const cols = Array.from({ length: p.columnCount }, (_, k) => ({ name: p.columnName(k), type: p.columnType(k).toString() }));
    p.destroySync();
    return cols;
  } catch (e) {
    const err = parseDuckError(e);
    if (/No files found|IO Error|does not exist.*file|Cannot open file/i.test(err.message) && err.type !== 'Catalog') {
      diagnostics.push(warning(CODES.fileSchemaUnknown, `${context}: a file source could not be sampled for its schema: ${err.message.split('\n')[0]}`,
        undefined, { hint: 'add files matching the glob, or declare the columns with schema => ...' }));
      return undefined;
    }
    diagnostics.push(duckErrorDiagnostic(err, sql, before.length, context));
    return undefined;
  }
}

/**
 * Binds a flow's query (or CDC source and clauses) and returns the columns it writes. A CDC flow's column
 * clauses are checked against the source's bound columns as the run checks them (validate-cdc.ts); the columns
 * are returned even then, so what reads the target is still bound (one pass).
 */
async function bindFlow(
  conn: DuckDBConnection, f: CompiledFlow, context: string, diagnostics: Diagnostic[], spec?: CdcSpec, targetName?: string,
): Promise<Bound[] | undefined> {
  if (f.query) return bind(conn, '', f.query, '', context, diagnostics);
  if (!f.cdc) return undefined;
  const cdc = f.cdc;
  const src = await bind(conn, '', cdc.source, '', context, diagnostics);
  if (!src) return undefined;
  diagnostics.push(...cdcSpecDiagnostics(cdc, src, spec, targetName));
  const over = `) FROM (${cdc.source.sql}\n) AS _weir_src`;
  const seq = await bind(conn, 'SELECT (', cdc.sequenceBy, over, `${context} SEQUENCE BY`, diagnostics);
  if (cdc.deleteWhen) await bind(conn, 'SELECT (', cdc.deleteWhen, over, `${context} APPLY AS DELETE WHEN`, diagnostics);
  if (cdc.truncateWhen) await bind(conn, 'SELECT (', cdc.truncateWhen, over, `${context} APPLY AS TRUNCATE WHEN`, diagnostics);
  const pick = new Set(cdc.columns?.columns.map((c) => c.toLowerCase()) ?? []);
  let cols = src.filter((c) => !cdc.columns || (cdc.columns.mode === 'include' ? pick.has(c.name.toLowerCase()) : !pick.has(c.name.toLowerCase())));
  if (cdc.storedAs === 2 && seq) cols = [...cols, { name: '__START_AT', type: seq[0].type }, { name: '__END_AT', type: seq[0].type }];
  return cols;
}

/** External tables: empty copies of the READ_ONLY-attached database file's tables; returns the ids that resolved. */
async function attachExternals(conn: DuckDBConnection, compiled: CompiledPipeline, options: ValidateOptions, diagnostics: Diagnostic[]): Promise<Set<string>> {
  const ok = new Set<string>();
  const externals = compiled.graph.sources.filter((s): s is Extract<typeof s, { kind: 'external' }> => s.kind === 'external');
  if (externals.length === 0 || !options.databasePath) return ok;
  if (!existsSync(options.databasePath)) {
    diagnostics.push(warning(CODES.bindError, `external tables not checked: the database ${options.databasePath} does not exist yet`, undefined,
      { hint: 'validate against a database that holds them: --database <file>' }));
    return ok;
  }
  try {
    await conn.run(`ATTACH ${quoteString(options.databasePath)} AS _weir_source (READ_ONLY)`);
  } catch (e) {
    diagnostics.push(warning(CODES.bindError, `could not open ${options.databasePath} to check external tables: ${parseDuckError(e).message}`));
    return ok;
  }
  const catalog = compiled.graph.catalog?.toLowerCase();
  for (const s of externals) {
    let parts = [...s.parts];
    if (parts.length > 1 && parts[0].toLowerCase() === 'live') parts = parts.slice(1);
    if (parts.length === 3 && parts[0].toLowerCase() === catalog) parts = parts.slice(1);
    const [sch, name] = parts.length >= 2 ? [parts[parts.length - 2], parts[parts.length - 1]] : [compiled.graph.schema, parts[0]];
    try {
      await conn.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(sch)}`);
      // An empty copy with the table's columns: binding reads no rows, and STREAM(x) reads x's row ids, which a
      // view does not have.
      await conn.run(`CREATE TABLE ${quoteIdent(sch)}.${quoteIdent(name)} AS SELECT * FROM _weir_source.${quoteIdent(sch)}.${quoteIdent(name)} LIMIT 0`);
      ok.add(s.id);
      // STREAM(x) resumes by x's row ids, which a view does not have: the run would fail, so validate says so here.
      const kind = await conn.runAndReadAll(`SELECT table_type FROM information_schema.tables WHERE table_catalog = '_weir_source'
        AND table_schema = ${quoteString(sch)} AND table_name = ${quoteString(name)}`);
      if (String(kind.getRowObjectsJson()[0]?.table_type ?? '') === 'VIEW') {
        for (const f of compiled.graph.flows) {
          for (const i of f.inputs.filter((x) => x.node === s.id && x.streaming)) {
            diagnostics.push({ code: CODES.unknownTable, severity: 'error', message: `STREAM(${parts.join('.')}) reads a view: a stream resumes by row ids, which a view does not have`,
              span: i.span, hint: `read the view without STREAM (in a materialized view), or STREAM the table behind it` });
          }
        }
      }
    } catch (e) {
      const err = parseDuckError(e);
      diagnostics.push({ code: CODES.unknownTable, severity: 'error', message: `external table ${parts.join('.')} does not exist in the database file`, span: s.span,
        ...(err.candidates.length ? { hint: `did you mean ${err.candidates[0]}?` } : {}) });
    }
  }
  return ok;
}
