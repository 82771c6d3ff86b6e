import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { loadDuckDB } from '../../util/load-duckdb.js';
import type { CompiledDataset, CompiledFlow, CompiledInput, CompiledPipeline } from '../../model/compiled-pipeline.js';
import type { Diagnostic } from '../../model/diagnostic.js';
import { error } from '../../model/diagnostic.js';
import type { DatasetNode } from '../../model/pipeline-graph.js';
import { PRIVATE_SCHEMA, datasetRelation, quoteIdent, quoteString } from '../../model/relations.js';
import { didYouMean } from '../../util/did-you-mean.js';
import { QualityCodes } from '../codes.js';
import { readQualityConfig } from '../checks/quality-config.js';
import { expectationOutcome, failUpdateReason } from '../checks/threshold.js';
import { diffRows, valueKind, type ValueKind } from './row-diff.js';
import type { TestBatch, TestCase, TestRows } from './test-case.js';
import { expectationPassesSql, needsWindowOverStreamWorkaround, SPARK_COMPATIBLE_SETTINGS, SPARK_MACROS_SQL, SPARK_SESSION_SQL, WINDOW_OVER_STREAM_WORKAROUND_SQL } from '../../util/duckdb-settings.js';

export interface UnitTestResult {
  readonly name: string;
  readonly dataset: string;
  readonly file: string;
  readonly status: 'pass' | 'fail' | 'error';
  /** Readable explanation of a failure: row diffs per batch, metric mismatches. */
  readonly message: string;
  readonly durationMs: number;
  readonly diagnostics: readonly Diagnostic[];
}

/** An input of the dataset under test, and the names a test may use for it. */
interface TestInput {
  readonly input: CompiledInput;
  readonly flow: CompiledFlow;
  readonly names: readonly string[];
}

/**
 * Runs one unit test: the dataset's own flows only, on an in-memory DuckDB, with the test's rows standing in
 * for its inputs (upstream tables, or files written in the source's format). Streaming tables append batch by
 * batch and read only the new rows of STREAM inputs, exactly as a run does (rowid windows, new files only);
 * materialized views are recomputed from everything given so far. Expectations apply as in a run: a row passes
 * only when the condition is TRUE, DROP ROW removes it.
 */
export async function runUnitTest(compiled: CompiledPipeline, test: TestCase): Promise<UnitTestResult> {
  const started = Date.now();
  const diagnostics: Diagnostic[] = [];
  const done = (status: UnitTestResult['status'], message: string): UnitTestResult =>
    ({ name: test.name, dataset: test.dataset, file: test.file, status, message, durationMs: Date.now() - started, diagnostics });

  // Reported when the file was read (load-test-files.ts): the case runs nothing more and adds no diagnostic.
  if (test.problems) return done('error', test.problems.join('\n'));
  const graph = compiled.graph;
  const dataset = graph.datasets.find((d) => d.id === test.dataset.toLowerCase());
  if (!dataset) {
    const guess = didYouMean(test.dataset, graph.datasets.map((d) => d.name));
    diagnostics.push(error(QualityCodes.UnknownTestDataset, `'${test.dataset}' is not a dataset of this pipeline`, test.datasetSpan,
      guess ? { hint: `did you mean ${guess}?` } : {}));
    return done('error', diagnostics[0].message);
  }
  const flows = compiled.flows.filter((f) => f.target === dataset.id);
  if (flows.some((f) => f.kind === 'cdc' || !f.query)) {
    diagnostics.push(error(QualityCodes.BadTestFile, `unit tests run append and complete flows; '${dataset.name}' is written by a CDC flow`, test.datasetSpan,
      { hint: 'test the CDC source query on its own dataset, or use an end-to-end run' }));
    return done('error', diagnostics[0].message);
  }
  const cds = compiled.datasets.find((d) => d.id === dataset.id);
  const inputs = testInputs(compiled, flows);
  if (!checkGiven(test, inputs, diagnostics) || !checkColumns(test, dataset, cds, diagnostics)) return done('error', diagnostics.map((d) => d.message).join('\n'));

  const dir = mkdtempSync(join(tmpdir(), 'weir-test-'));
  const { DuckDBInstance } = await loadDuckDB();
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', ...SPARK_COMPATIBLE_SETTINGS });
  const conn = await instance.connect();
  try {
    await conn.run(SPARK_SESSION_SQL);
    await conn.run(SPARK_MACROS_SQL.join(';\n'));
    if (flows.some(needsWindowOverStreamWorkaround)) await conn.run(WINDOW_OVER_STREAM_WORKAROUND_SQL);
    await conn.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(graph.schema)}; CREATE SCHEMA IF NOT EXISTS ${PRIVATE_SCHEMA}`);
    const target = datasetRelation(dataset, graph.schema);
    const failures: string[] = [];
    const fileLists = new Map<string, string[]>();
    let fileCount = 0;
    for (let b = 0; b < test.batches.length; b++) {
      const batch = test.batches[b];
      // 1. Load this batch's input rows; remember stream windows.
      const windows = new Map<string, { from: number; to: number }>();
      for (const ti of inputs) {
        const given = findGiven(batch, ti);
        const relation = inputRelation(graph, ti.input);
        if (ti.input.filesVariable) {
          const list = ti.input.streaming ? [] : [...(fileLists.get(ti.input.node) ?? [])];
          // An empty list is a batch with no new file (the flow is IDLE), not an empty file.
          if (given && given.rows.length > 0) {
            const path = join(dir, `${++fileCount}.${extensionFor(ti.input.format)}`);
            await writeRowsFile(conn, given, path, ti.input.format, dir, fileCount);
            list.push(path);
            fileLists.set(ti.input.node, [...(fileLists.get(ti.input.node) ?? []), path]);
          }
          await conn.run(`SET VARIABLE ${ti.input.filesVariable} = ${list.length ? `[${list.map(quoteString).join(', ')}]` : '[]::VARCHAR[]'}`);
          if (list.length === 0) windows.set(`files:${ti.flow.id}:${ti.input.node}`, { from: 0, to: 0 });
          continue;
        }
        if (!relation) continue;
        const before = await countRows(conn, relation);
        // `given: {x: []}`: no new rows this batch. Appending nothing needs no query; a table that does not exist
        // yet is created from its declared columns like an input the test does not mention.
        if (given && (given.rows.length > 0 || before < 0 && !typedColumns(compiled, ti.input.node))) {
          if (given.rows.length === 0) {
            // No row and no declared columns: nothing says which columns the (empty) input has.
            diagnostics.push(error(QualityCodes.MissingTestInput, `the test gives no rows for '${ti.input.node}', whose columns Weir does not know`, given.span,
              { hint: `give at least one row for ${ti.input.node} in its first batch (an empty list cannot say which columns it has)` }));
            return done('error', diagnostics[diagnostics.length - 1].message);
          }
          await appendRows(conn, relation, given, dir, `${++fileCount}`, before < 0, typedColumns(compiled, ti.input.node));
        }
        else if (before < 0) {
          const typed = typedColumns(compiled, ti.input.node);
          if (!typed) {
            diagnostics.push(error(QualityCodes.MissingTestInput, `the test gives no rows for '${ti.input.node}', which '${dataset.name}' reads`, test.span,
              { hint: `add given: { ${ti.input.node}: [...] } with at least one row holding the columns it needs` }));
            return done('error', diagnostics[diagnostics.length - 1].message);
          }
          await conn.run(`CREATE TABLE ${relation} (${typed.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ')})`);
        }
        const after = Math.max(0, await countRows(conn, relation));
        if (ti.input.fromVariable && ti.input.toVariable) {
          await conn.run(`SET VARIABLE ${ti.input.fromVariable} = ${ti.input.streaming ? Math.max(0, before) : 0}; SET VARIABLE ${ti.input.toVariable} = ${after}`);
        }
        windows.set(ti.input.node, { from: Math.max(0, before), to: after });
      }
      // 2. Run the dataset's flows over them, apply expectations, write the target.
      const metrics = await applyFlows(conn, dataset, cds, flows, target, b === 0, inputs, fileLists);
      // 3. Compare.
      const label = test.batches.length > 1 ? `batch ${b + 1}: ` : '';
      // A failing update is what the test checks only when it names that expectation's failed rows.
      if (metrics.updateFailed && !batch.expectFailed?.has(metrics.updateFailed.expectation)) {
        failures.push(`${label}the update of ${dataset.name} fails: ${metrics.updateFailed.message}` +
          ` (a test expecting it says so: expect: { failed: { ${metrics.updateFailed.expectation}: ${metrics.failed.get(metrics.updateFailed.expectation)} } })`);
      }
      if (batch.expectRows) {
        // A first batch whose update failed left no table: no rows.
        const actual = metrics.updateFailed && await countRows(conn, target) < 0 ? { rows: [], columns: [], kinds: {} } : await readTyped(conn, `SELECT * FROM ${target}`);
        const d = diffRows(batch.expectRows.rows.map((r) => r.values), actual.rows, shownColumns(batch.expectRows, actual), batch.ordered, actual.kinds);
        if (!d.equal) failures.push(`${label}rows of ${dataset.name} differ:\n${d.text}`);
      }
      if (batch.expectDropped) {
        const d = diffRows(batch.expectDropped.rows.map((r) => r.values), metrics.dropped.rows, shownColumns(batch.expectDropped, metrics.dropped), false, metrics.dropped.kinds);
        if (!d.equal) failures.push(`${label}dropped rows differ:\n${d.text}`);
      }
      for (const [name, { count, span }] of batch.expectFailed ?? []) {
        const got = metrics.failed.get(name);
        if (got === undefined) {
          diagnostics.push(error(QualityCodes.UnknownTestColumn, `'${name}' is not an expectation of ${dataset.name}`, span,
            { hint: `expectations: ${[...metrics.failed.keys()].join(', ') || '(none)'}` }));
        } else if (got !== count) failures.push(`${label}expectation ${name}: ${got} failed rows, expected ${count}`);
      }
    }
    if (diagnostics.length) return done('error', diagnostics.map((d) => d.message).join('\n'));
    return done(failures.length ? 'fail' : 'pass', failures.join('\n\n'));
  } catch (e) {
    const message = (e as Error).message.split('\n')[0];
    diagnostics.push(error(QualityCodes.TestQueryFailed, `the query of '${dataset.name}' failed on the test rows: ${message}`, test.span));
    return done('error', diagnostics[diagnostics.length - 1].message);
  } finally {
    conn.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

function testInputs(compiled: CompiledPipeline, flows: readonly CompiledFlow[]): TestInput[] {
  const sources = new Map(compiled.graph.sources.map((s) => [s.id, s]));
  const out: TestInput[] = [];
  const fileInputs = flows.flatMap((f) => f.inputs).filter((i) => i.filesVariable);
  for (const flow of flows) {
    for (const input of flow.inputs) {
      const names = [input.node];
      const s = sources.get(input.node);
      if (s?.kind === 'files') names.push(s.path);
      if (s?.kind === 'external') names.push(s.parts.join('.'));
      if (input.filesVariable && fileInputs.length === 1) names.push('files');
      out.push({ input, flow, names: names.map((n) => n.toLowerCase()) });
    }
  }
  return out;
}

function findGiven(batch: TestBatch, ti: TestInput): TestRows | undefined {
  for (const [k, v] of batch.given) if (ti.names.includes(k.toLowerCase())) return v;
  return undefined;
}

function checkGiven(test: TestCase, inputs: readonly TestInput[], diagnostics: Diagnostic[]): boolean {
  const known = inputs.flatMap((i) => i.names);
  let ok = true;
  for (const batch of test.batches) {
    for (const [k, v] of batch.given) {
      if (known.includes(k.toLowerCase())) continue;
      ok = false;
      const guess = didYouMean(k, known);
      diagnostics.push(error(QualityCodes.UnknownTestInput, `'${k}' is not an input of ${test.dataset}`, v.keySpan,
        { hint: guess ? `did you mean ${guess}?` : `its inputs are: ${[...new Set(inputs.map((i) => i.input.node))].join(', ')}` }));
    }
  }
  return ok;
}

/** An expected column the dataset does not produce is an error at its position (issue 7). */
function checkColumns(test: TestCase, dataset: DatasetNode, cds: CompiledDataset | undefined, diagnostics: Diagnostic[]): boolean {
  const produced = (cds?.columns ?? []).map((c) => c.name);
  if (produced.length === 0 || produced.includes('*')) return true;
  const lower = new Set(produced.map((c) => c.toLowerCase()));
  let ok = true;
  for (const batch of test.batches) {
    for (const rows of [batch.expectRows, batch.expectDropped]) {
      for (const row of rows?.rows ?? []) {
        for (const [col, span] of Object.entries(row.keySpans)) {
          if (lower.has(col.toLowerCase())) continue;
          ok = false;
          const guess = didYouMean(col, produced);
          diagnostics.push(error(QualityCodes.UnknownTestColumn, `${dataset.name} has no column '${col}'`, span,
            { hint: guess ? `did you mean ${guess}?` : `its columns are: ${produced.join(', ')}` }));
        }
      }
    }
  }
  return ok;
}

function columnsOf(rows: TestRows): string[] {
  const cols: string[] = [];
  for (const r of rows.rows) for (const c of Object.keys(r.values)) if (!cols.includes(c)) cols.push(c);
  return cols;
}

/** The columns compared: those the expected rows name; with none (`rows: []`), every column, so a diff shows the rows. */
function shownColumns(expected: TestRows, actual: TypedRows): string[] {
  const cols = columnsOf(expected);
  return cols.length > 0 ? cols : actual.columns;
}

/** An upstream's declared typed columns, when every one has a type. */
function typedColumns(compiled: CompiledPipeline, node: string): readonly { readonly name: string; readonly type: string }[] | undefined {
  const up = compiled.datasets.find((d) => d.id === node);
  return up?.columns?.length && up.columns.every((c) => c.type) ? up.columns.map((c) => ({ name: c.name, type: c.type! })) : undefined;
}

interface TypedRows {
  readonly rows: Record<string, unknown>[];
  readonly columns: string[];
  /** How each column's values compare (row-diff.ts `valueKind`), from its DuckDB type. */
  readonly kinds: Record<string, ValueKind>;
}

async function readTyped(conn: DuckDBConnection, sql: string): Promise<TypedRows> {
  const r = await conn.runAndReadAll(sql);
  const columns = r.columnNames();
  const types = r.columnTypes();
  return { rows: r.getRowObjectsJson() as Record<string, unknown>[], columns,
    kinds: Object.fromEntries(columns.map((c, i) => [c, valueKind(types[i].toString())])) };
}

function inputRelation(graph: CompiledPipeline['graph'], input: CompiledInput): string | undefined {
  const d = graph.datasets.find((x) => x.id === input.node);
  if (d) return datasetRelation(d, graph.schema);
  const s = graph.sources.find((x) => x.id === input.node);
  if (s?.kind === 'external') return s.parts.map(quoteIdent).join('.');
  return undefined;
}

async function countRows(conn: DuckDBConnection, relation: string): Promise<number> {
  try {
    const r = await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${relation}`);
    return Number(r.getRowObjectsJson()[0].n);
  } catch {
    return -1;
  }
}

/**
 * Loads a test's given rows. With the upstream's typed columns (`typed`), the table takes those types: JSON
 * inference alone types a column that is NULL in every given row as JSON, and a later batch's text then fails.
 * Given columns the schema lacks fall back to what the rows say.
 */
async function appendRows(
  conn: DuckDBConnection, relation: string, rows: TestRows, dir: string, tag: string, create: boolean,
  typed?: readonly { readonly name: string; readonly type?: string }[],
): Promise<void> {
  const json = join(dir, `${tag}.json`);
  writeFileSync(json, JSON.stringify(rows.rows.map((r) => r.values)));
  const parts = relation.split('.');
  if (parts.length > 1) await conn.run(`CREATE SCHEMA IF NOT EXISTS ${parts.slice(0, -1).join('.')}`);
  // Never called with no rows: an empty batch appends nothing (runUnitTest).
  const read = `read_json(${quoteString(json)}, format = 'array')`;
  if (create && typed) {
    try {
      await conn.run(`CREATE TABLE ${relation} (${typed.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ')}); INSERT INTO ${relation} BY NAME SELECT * FROM ${read}`);
      return;
    } catch {
      await conn.run(`DROP TABLE IF EXISTS ${relation}`);
    }
  }
  await conn.run(create ? `CREATE TABLE ${relation} AS SELECT * FROM ${read}` : `INSERT INTO ${relation} BY NAME SELECT * FROM ${read}`);
}

function extensionFor(format: string | undefined): string {
  return format === 'csv' ? 'csv' : format === 'parquet' ? 'parquet' : 'json';
}

async function writeRowsFile(conn: DuckDBConnection, rows: TestRows, path: string, format: string | undefined, dir: string, n: number): Promise<void> {
  const values = rows.rows.map((r) => r.values);
  if (format === 'parquet' || format === 'csv') {
    const json = join(dir, `${n}.rows.json`);
    writeFileSync(json, JSON.stringify(values));
    await conn.run(`COPY (SELECT * FROM read_json(${quoteString(json)}, format = 'array')) TO ${quoteString(path)} (FORMAT ${format === 'csv' ? 'csv, HEADER true' : 'parquet'})`);
    return;
  }
  writeFileSync(path, values.map((v) => JSON.stringify(v)).join('\n') + '\n');
}

interface BatchMetrics {
  readonly dropped: TypedRows;
  readonly failed: Map<string, number>;
  /** Why the batch's update failed (a FAIL UPDATE rule, a fail_above threshold): nothing of it was written. */
  readonly updateFailed?: { readonly expectation: string; readonly message: string };
}

/**
 * Runs each flow's query and evaluates expectations in one pass; then, as `weir run` does (SEMANTICS §4), either
 * the update fails (an ON VIOLATION FAIL UPDATE rule or a `weir.expect.<name>.fail_above` threshold: nothing of
 * the batch is written) or its rows are written (MV: replace, ST: append) without the dropped ones.
 */
async function applyFlows(
  conn: DuckDBConnection, dataset: DatasetNode, cds: CompiledDataset | undefined, flows: readonly CompiledFlow[], target: string,
  first: boolean, inputs: readonly TestInput[], fileLists: Map<string, string[]>,
): Promise<BatchMetrics> {
  const expectations = cds?.expectations ?? [];
  const failed = new Map(expectations.map((e) => [e.name, 0]));
  let dropped: TypedRows = { rows: [], columns: [], kinds: {} };
  const streaming = dataset.kind === 'streaming-table';
  const drop = expectations.map((e, i) => (e.action === 'drop' ? `"__weir_e${i}"` : undefined)).filter(Boolean);
  const keep = drop.length ? drop.join(' AND ') : 'true';
  const exclude = expectations.length ? ` EXCLUDE (${expectations.map((_, i) => `"__weir_e${i}"`).join(', ')})` : '';
  let rowsRead = 0;
  for (const [k, flow] of flows.entries()) {
    // A streaming flow whose file inputs got no new files this batch reads nothing (IDLE).
    const idle = streaming && inputs.some((ti) => ti.flow.id === flow.id && ti.input.filesVariable && ti.input.streaming && !(fileLists.get(ti.input.node)?.length));
    const query = flow.query!.sql;
    const checks = expectations.map((e, i) => `${expectationPassesSql(e.condition.sql)} AS "__weir_e${i}"`);
    await conn.run(`CREATE OR REPLACE TEMP TABLE __weir_batch_${k} AS SELECT *${checks.length ? ', ' + checks.join(', ') : ''} FROM (${query}) AS q${idle ? ' WHERE false' : ''}`);
    const r = await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n${expectations.map((_, i) => `, count(*) FILTER (WHERE NOT "__weir_e${i}")::BIGINT AS f${i}`).join('')} FROM __weir_batch_${k}`);
    const row = r.getRowObjectsJson()[0];
    rowsRead += Number(row.n);
    expectations.forEach((e, i) => failed.set(e.name, (failed.get(e.name) ?? 0) + Number(row[`f${i}`])));
    if (drop.length) {
      const more = await readTyped(conn, `SELECT *${exclude} FROM __weir_batch_${k} WHERE NOT (${keep})`);
      dropped = { ...more, rows: [...dropped.rows, ...more.rows] };
    }
  }
  const { thresholds } = readQualityConfig(dataset).config;
  for (const e of expectations) {
    const n = failed.get(e.name) ?? 0;
    if (expectationOutcome(e.action, n, rowsRead, thresholds.get(e.name)) !== 'fail') continue;
    const why = failUpdateReason(thresholds.get(e.name));
    return { dropped, failed, updateFailed: { expectation: e.name, message: `expectation ${e.name} failed on ${n} of ${rowsRead} row${rowsRead === 1 ? '' : 's'} (${why}): the update is rolled back` } };
  }
  // An earlier batch whose update failed left no table to append to.
  let created = !first && streaming && await countRows(conn, target) >= 0;
  for (const k of flows.keys()) {
    const rows = `SELECT *${exclude} FROM __weir_batch_${k} WHERE ${keep}`;
    if (!created) {
      await conn.run(`CREATE OR REPLACE TABLE ${target} AS ${rows}`);
      created = true;
    } else {
      await conn.run(`INSERT INTO ${target} BY NAME ${rows}`);
    }
  }
  return { dropped, failed };
}
