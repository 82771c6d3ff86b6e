import { existsSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { CompiledFlow, CompiledPipeline, CompiledSql } from '../model/compiled-pipeline.js';
import { info, warning, type Diagnostic, type StageResult } from '../model/diagnostic.js';
import { PRIVATE_SCHEMA, quoteIdent, quoteString } from '../model/relations.js';
import { CODES } from '../translate/codes.js';
import { computeLineage, typeOf } from './compute-lineage.js';
import { duckErrorDiagnostic, parseDuckError } from './duckdb-error.js';
import { parseFlows } from './parse-flows.js';
import { sampleFileSources } from './sample-file-sources.js';

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
}

interface Bound { name: string; type: string }

export async function validatePipeline(compiled: CompiledPipeline, options: ValidateOptions): Promise<StageResult<CompiledPipeline>> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const diagnostics: Diagnostic[] = [];
  try {
    await conn.run("SET errors_as_json = true; SET autoinstall_known_extensions = false; SET TimeZone = 'UTC'");
    const schema = compiled.graph.schema;
    await conn.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}; CREATE SCHEMA IF NOT EXISTS ${quoteIdent(PRIVATE_SCHEMA)}`);
    const externalsOk = await attachExternals(conn, compiled, options, diagnostics);
    const bound = new Map<string, Bound[]>();
    const unknown = new Set<string>();
    const flowsById = new Map(compiled.flows.map((f) => [f.id, f]));
    const compiledById = new Map(compiled.datasets.map((d) => [d.id, d]));
    const nodesById = new Map(compiled.graph.datasets.map((d) => [d.id, d]));
    const flowSpans = new Map(compiled.graph.flows.map((g) => [g.id, g.span]));
    const graph = compiled.graph;
    const ordered = new Set(graph.order);
    const order = [...graph.order, ...graph.datasets.map((d) => d.id).filter((id) => !ordered.has(id))];
    for (const id of order) {
      const node = nodesById.get(id);
      const cd = compiledById.get(id);
      if (!node || !cd) continue;
      let cols: Bound[] | undefined;
      let failed = false;
      for (const fid of node.flows) {
        const f = flowsById.get(fid);
        if (!f) continue;
        const blocked = f.inputs.find((i) => unknown.has(i.node) || (i.node.startsWith('external:') && !externalsOk.has(i.node)));
        if (blocked) {
          diagnostics.push(info(CODES.upstreamUnknown, `flow ${f.id} not validated: the schema of ${blocked.node} is unknown`, flowSpans.get(f.id)));
          failed = true;
          continue;
        }
        const res = await bindFlow(conn, f, `flow ${f.id}`, diagnostics);
        if (!res) { failed = true; continue; }
        cols ??= res;
      }
      if (!cols && !failed && node.flows.length === 0 && node.columns.every((c) => c.type)) {
        // A dataset with no query in this pipeline (declared columns only): its declared schema is the stand-in.
        cols = node.columns.map((c) => ({ name: c.name, type: typeOf(c.type).type ?? 'VARCHAR' }));
      }
      if (!cols) { unknown.add(id); continue; }
      bound.set(id, cols);
      const ddl = cols.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');
      const create = `CREATE OR REPLACE TABLE ${cd.relation} (${ddl || '"_" INTEGER'})`;
      const checks = [
        ...cd.expectations.map((ex) => ({ sql: ex.condition, context: `expectation ${ex.name}` })),
        ...cd.generated.map((g) => ({ sql: g.expression, context: `generated column ${g.name}` })),
      ];
      // One round trip creates the stand-in and binds all of the dataset's expressions; only when that fails
      // are they bound one by one, to place the error.
      const all = checks.length ? `; DESCRIBE SELECT ${checks.map((c) => `(${c.sql.sql}\n)`).join(', ')} FROM ${cd.relation}` : '';
      if (await tryRun(conn, `${create}${all}`)) continue;
      try {
        await conn.run(create);
      } catch (e) {
        unknown.add(id);
        diagnostics.push(warning(CODES.bindError, `could not create a stand-in for ${id}: ${parseDuckError(e).message}`, node.span));
        continue;
      }
      for (const c of checks) await bind(conn, 'SELECT (', c.sql, `) FROM ${cd.relation}`, c.context, diagnostics);
    }
    const { parsed } = await parseFlows(compiled, conn);
    const fileColumns = await sampleFileSources(compiled, parsed, conn);
    return { value: computeLineage(compiled, { parsed, bound, fileColumns }), diagnostics };
  } finally {
    conn.closeSync();
    db.closeSync();
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

/** Binds a flow's query (or CDC source and clauses) and returns the columns it writes. */
async function bindFlow(conn: DuckDBConnection, f: CompiledFlow, context: string, diagnostics: Diagnostic[]): Promise<Bound[] | undefined> {
  if (f.query) return bind(conn, '', f.query, '', context, diagnostics);
  if (!f.cdc) return undefined;
  const cdc = f.cdc;
  const src = await bind(conn, '', cdc.source, '', context, diagnostics);
  if (!src) return undefined;
  const over = `) FROM (${cdc.source.sql}\n) AS _weir_src`;
  const seq = await bind(conn, 'SELECT (', cdc.sequenceBy, over, `${context} SEQUENCE BY`, diagnostics);
  if (cdc.deleteWhen) await bind(conn, 'SELECT (', cdc.deleteWhen, over, `${context} APPLY AS DELETE WHEN`, diagnostics);
  if (cdc.truncateWhen) await bind(conn, 'SELECT (', cdc.truncateWhen, over, `${context} APPLY AS TRUNCATE WHEN`, diagnostics);
  const pick = new Set(cdc.columns?.columns.map((c) => c.toLowerCase()) ?? []);
  let cols = src.filter((c) => !cdc.columns || (cdc.columns.mode === 'include' ? pick.has(c.name.toLowerCase()) : !pick.has(c.name.toLowerCase())));
  if (cdc.storedAs === 2 && seq) cols = [...cols, { name: '__START_AT', type: seq[0].type }, { name: '__END_AT', type: seq[0].type }];
  return cols;
}

/** External tables: views over the READ_ONLY-attached database file; returns the ids that resolved. */
async function attachExternals(conn: DuckDBConnection, compiled: CompiledPipeline, options: ValidateOptions, diagnostics: Diagnostic[]): Promise<Set<string>> {
  const ok = new Set<string>();
  const externals = compiled.graph.sources.filter((s): s is Extract<typeof s, { kind: 'external' }> => s.kind === 'external');
  if (externals.length === 0 || !options.databasePath || !existsSync(options.databasePath)) return ok;
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
      await conn.run(`CREATE VIEW ${quoteIdent(sch)}.${quoteIdent(name)} AS SELECT * FROM _weir_source.${quoteIdent(sch)}.${quoteIdent(name)}`);
      ok.add(s.id);
    } catch (e) {
      const err = parseDuckError(e);
      diagnostics.push({ code: CODES.unknownTable, severity: 'error', message: `external table ${parts.join('.')} does not exist in the database file`, span: s.span,
        ...(err.candidates.length ? { hint: `did you mean ${err.candidates[0]}?` } : {}) });
    }
  }
  return ok;
}
