import type { CompiledExpectation, CompiledInput, ExpectationResult } from '../model/index.js';
import { quoteIdent, quoteString } from '../model/index.js';
import {
  batchSelectSql, dropPredicate, expectationColumns, keptRowsSql, metricsSql, violatingRowsSql,
  writtenMetricsSql, writtenViolatingRowsSql, type ExpectationColumn,
} from '../emit/index.js';
import { expectationOutcome, failUpdateReason, type QualityConfig } from '../quality/index.js';
import type { Database, Row } from './database.js';
import { keyBounds, probeAggregates, probeResults, type KeyProbeRequest, type ProbedChecks } from './key-probes.js';
import { UpdateError } from './step-outcome.js';
import { RunCodes } from '../plan/codes.js';
import { exampleRows } from './example-rows.js';

export interface BatchMetrics {
  readonly rowsRead: number;
  readonly rowsWritten: number;
  readonly rowsDropped: number;
  /** Dropped rows kept in `<dataset>_quarantine` (all of them when quarantine is on). */
  readonly rowsQuarantined: number;
  readonly expectations: readonly ExpectationResult[];
  /** Table checks answered while counting (opts.probes), valid when the table holds exactly this write. */
  readonly probed?: ProbedChecks;
}

/** Weir's quality additions for one write (issue 7): thresholds per expectation, and the quarantine table. */
export interface WriteQuality {
  readonly thresholds: QualityConfig['thresholds'];
  /** `<dataset>_quarantine` relation when `'weir.quarantine' = 'true'`. */
  readonly quarantine?: string;
  readonly runId: string;
  readonly now: Date;
}

const BATCH = '"temp"."__weir_batch"';

/**
 * Runs a flow's query and writes its rows to `target` (SEMANTICS §4): with expectations, the result gets one
 * pass/fail column per rule, is counted in one scan, checked for FAIL UPDATE (throws an UpdateError carrying up to
 * 5 violating rows, so the caller rolls back) and written without dropped rows — counted over the written rows
 * when nothing is dropped, else over the query itself when it can be read twice, else over a materialised copy.
 * `mode`: `replace` (MV: CREATE OR REPLACE TABLE) or `append` (ST: add new columns, refuse type conflicts,
 * INSERT BY NAME). Invariant: rowsRead = rowsWritten + rowsDropped.
 */
export async function writeBatch(
  db: Database, query: string, expectations: readonly CompiledExpectation[], dataset: string, target: string,
  mode: 'replace' | 'append', displayName: string, quality?: WriteQuality,
  /**
   * `rereadable`: the query reads no files, so evaluating it twice in the transaction reads the same rows.
   * `sameSchema`: appended rows have exactly the table's columns and types (an incremental refresh of a
   * materialized view, checked by the caller), so no schema evolution can fail.
   * `probes`: table checks to answer in the pass that counts expectations (key-probes.ts); only when the
   * caller's table will hold exactly the rows of this write.
   * `rescued`: the flow's rescued data column (its file input's): a value of new input the table's column cannot
   * hold goes there instead of failing the update (a type conflict). `evolution`: its schemaEvolutionMode.
   * `fresh`: the target did not exist when the update began (a first update, a full refresh), so the flows of
   * this update are still building it: a column two flows type differently takes the common type.
   */
  opts: { readonly rereadable?: boolean; readonly sameSchema?: boolean; readonly probes?: readonly KeyProbeRequest[]; readonly fresh?: boolean; readonly rescued?: string;
    readonly evolution?: CompiledInput['schemaEvolutionMode'] } = {},
): Promise<BatchMetrics> {
  const cols = expectationColumns(expectations);
  if (mode === 'append' && opts.sameSchema && !cols.some((c) => c.action === 'drop')) {
    return appendThenCount(db, query, expectations, dataset, target, displayName, quality);
  }
  if (cols.length === 0) {
    const select = batchSelectSql(query, []);
    if (mode === 'replace') {
      const n = await createTableAs(db, 'CREATE OR REPLACE TABLE', target, select, query);
      return { rowsRead: n, rowsWritten: n, rowsDropped: 0, rowsQuarantined: 0, expectations: [] };
    }
    const { exists, rescue, jsonText } = await evolveSchema(db, `(${select})`, target, displayName, undefined, opts.fresh, opts.rescued, opts.evolution);
    const n = exists ? await insertByName(db, target, jsonTextSelect(rescueSelect(select, rescue, opts.rescued), jsonText), displayName)
      : await createTableAs(db, 'CREATE TABLE', target, select, query);
    return { rowsRead: n, rowsWritten: n, rowsDropped: 0, rowsQuarantined: 0, expectations: [] };
  }
  // Appending to an existing table: its columns, described once (the schema evolution below needs them).
  let described: Record<string, unknown>[] | undefined;
  if (!cols.some((c) => c.action === 'drop')) {
    described = mode === 'append' ? await describeTable(db, target) : undefined;
    if (!described) return writeThenCount(db, query, expectations, dataset, target, mode, displayName, quality, opts.probes);
  }
  // A query that reads only tables (no files) and calls nothing random gives the same rows each time it runs in
  // this transaction: count it in one scan and write it in another, both straight from the query, instead of
  // materialising the batch (writing a table from a temp table cost ~0.3 s per 1M rows).
  const rereadable = opts.rereadable === true && !UNSTABLE.test(query) && !COSTLY.test(query) &&
    !expectations.some((e) => UNSTABLE.test(e.condition.sql));
  const batch = rereadable ? `(\n${batchSelectSql(query, expectations)}\n) AS "__weir_batch"` : BATCH;
  if (!rereadable) await db.run(`CREATE OR REPLACE TEMP TABLE __weir_batch AS ${batchSelectSql(query, expectations)}`);
  try {
    const probes = opts.probes ?? [];
    // Reading one row of a query that sorts means sorting it all: such a query's keys are hashed instead.
    const bounds = rereadable && /\border\s+by\b/i.test(query) ? new Map() : await keyBounds(db, probes, batch);
    const m = (await db.rows(metricsSql(batch, cols, probeAggregates(probes, dropPredicate(cols), bounds))))[0];
    const rowsRead = Number(m.rows_read);
    const results = expectationResults(m, cols, dataset, quality);
    const failing = results.findIndex((r) => r.status === 'fail');
    if (failing >= 0) throw failUpdate(cols[failing].name, results, rowsRead, await exampleRows(db, violatingRowsSql(batch, cols[failing], cols)), displayName, quality);
    const rowsQuarantined = quality?.quarantine && Number(m.dropped) > 0
      ? await quarantine(db, batch, cols, quality.quarantine, mode, quality, displayName) : 0;
    const kept = keptRowsSql(batch, cols);
    let written: number;
    if (mode === 'replace') {
      written = await createTableAs(db, 'CREATE OR REPLACE TABLE', target, kept, query);
    } else {
      const { exists, rescue, jsonText } = await evolveSchema(db, `(${kept})`, target, displayName, described, opts.fresh, opts.rescued, opts.evolution);
      written = exists ? await insertByName(db, target, jsonTextSelect(rescueSelect(kept, rescue, opts.rescued), jsonText), displayName)
        : await createTableAs(db, 'CREATE TABLE', target, kept, query);
    }
    if (written !== rowsRead - Number(m.dropped)) {
      throw new Error(`${displayName}: ${written} rows written but ${rowsRead} read and ${Number(m.dropped)} dropped (the query is not deterministic?)`);
    }
    return { rowsRead, rowsWritten: written, rowsDropped: Number(m.dropped), rowsQuarantined, expectations: results,
      ...(probes.length > 0 ? { probed: probeResults(probes, m, written) } : {}) };
  } finally {
    if (!rereadable) await db.run('DROP TABLE IF EXISTS temp.__weir_batch').catch(() => undefined);
  }
}

/** Queries too costly to evaluate twice (joins, aggregates): their batch is materialised once instead. */
const COSTLY = /\b(join|group|distinct|union|except|intersect|having|window)\b/i;

/** SQL that may give different rows when evaluated twice (random, sampling, LIMIT, windows, order-dependent aggregates). */
const UNSTABLE = /\b(random|uuid|uuidv4|uuidv7|gen_random_uuid|nextval|currval|setseed|sample|tablesample|limit|offset|over|qualify|any_value|arbitrary|first|last|reservoir_quantile|string_agg|list|array_agg|group_concat|listagg)\b/i;

/**
 * No expectation drops rows, so the rows written are exactly the batch: when the write creates the table (an MV
 * refresh, a streaming table's first or fully refreshed batch) the rows go straight from the query into it — no
 * materialised copy of the batch — and every expectation is counted in ONE aggregate over the new table, which
 * holds exactly this batch with the query's own column types. A FAIL UPDATE throws and the caller's transaction
 * rolls the write back, as before. Not for appending to an existing table (the caller's check): expectations
 * are counted before the write there, so a FAIL UPDATE is reported before a type conflict.
 */
async function writeThenCount(
  db: Database, query: string, expectations: readonly CompiledExpectation[], dataset: string, target: string,
  mode: 'replace' | 'append', displayName: string, quality?: WriteQuality, probes: readonly KeyProbeRequest[] = [],
): Promise<BatchMetrics> {
  const select = batchSelectSql(query, []);
  const written = await createTableAs(db, mode === 'replace' ? 'CREATE OR REPLACE TABLE' : 'CREATE TABLE', target, select, query);
  const { rowsRead, results, probed } = await countWrittenRows(db, target, expectations, dataset, displayName, quality, probes);
  if (rowsRead !== written) throw new Error(`expectation counts of ${displayName} cover ${rowsRead} rows but ${written} were written`);
  return { rowsRead, rowsWritten: written, rowsDropped: 0, rowsQuarantined: 0, expectations: results, ...(probed ? { probed } : {}) };
}

/**
 * Counts `expectations` (none of them DROP ROW) over rows already written — `rows` is a table, or a subquery
 * over part of one — in one aggregate. A FAIL UPDATE (or a fail_above threshold) throws with up to 5 violating
 * rows: the caller's transaction rolls the write back. Also counts a materialized view refreshed incrementally
 * over ALL its rows, as a full recompute would (SEMANTICS §4).
 */
export async function countWrittenRows(
  db: Database, rows: string, expectations: readonly CompiledExpectation[], dataset: string, displayName: string, quality?: WriteQuality,
  probes: readonly KeyProbeRequest[] = [],
): Promise<{ rowsRead: number; results: ExpectationResult[]; probed?: ProbedChecks }> {
  const bounds = await keyBounds(db, probes, rows);
  const m = (await db.rows(writtenMetricsSql(rows, expectations, probeAggregates(probes, 'true', bounds))))[0];
  const rowsRead = Number(m.rows_read);
  const results = expectationResults(m, expectations, dataset, quality);
  const failing = results.findIndex((r) => r.status === 'fail');
  if (failing >= 0) {
    throw failUpdate(expectations[failing].name, results, rowsRead, await exampleRows(db, writtenViolatingRowsSql(rows, expectations[failing])), displayName, quality);
  }
  return { rowsRead, results, ...(probes.length > 0 ? { probed: probeResults(probes, m, rowsRead) } : {}) };
}

/**
 * An append whose columns are the table's (no schema change, no type conflict possible) and without DROP rules:
 * written straight from the query, then counted over the rowid window of the appended rows (uncommitted rows get
 * rowids above every committed one; kept as text, they exceed 2^53). A FAIL UPDATE throws: the caller rolls back.
 */
async function appendThenCount(
  db: Database, query: string, expectations: readonly CompiledExpectation[], dataset: string, target: string,
  displayName: string, quality?: WriteQuality,
): Promise<BatchMetrics> {
  if (expectations.length === 0) {
    const written = await db.count(`INSERT INTO ${target} BY NAME ${batchSelectSql(query, [])}`);
    return { rowsRead: written, rowsWritten: written, rowsDropped: 0, rowsQuarantined: 0, expectations: [] };
  }
  const start = String((await db.rows(`SELECT coalesce(max(rowid) + 1, 0)::VARCHAR AS n FROM ${target}`))[0].n);
  const written = await db.count(`INSERT INTO ${target} BY NAME ${batchSelectSql(query, [])}`);
  const rows = `(SELECT * FROM ${target} WHERE rowid >= ${start}) AS "__weir_new"`;
  const { rowsRead, results } = await countWrittenRows(db, rows, expectations, dataset, displayName, quality);
  if (rowsRead !== written) throw new Error(`expectation counts of ${displayName} cover ${rowsRead} rows but ${written} were written`);
  return { rowsRead, rowsWritten: written, rowsDropped: 0, rowsQuarantined: 0, expectations: results };
}

/**
 * Per rule, what a counting row (`metricsSql` / `writtenMetricsSql`: `rows_read`, `passed_<i>`) says. Thresholds
 * (issue 7): fail / warn only above a failed-row count or ratio; without them any failed row of a FAIL UPDATE rule
 * fails and of another rule warns.
 */
function expectationResults(
  m: Row, rules: readonly { readonly name: string; readonly action: CompiledExpectation['action'] }[], dataset: string, quality?: WriteQuality,
): ExpectationResult[] {
  const rowsRead = Number(m.rows_read);
  return rules.map((r, i) => {
    const passed = Number(m[`passed_${i}`]);
    const failed = rowsRead - passed;
    return { name: r.name, dataset, action: r.action, passed_records: passed, failed_records: failed,
      kind: 'expectation', status: expectationOutcome(r.action, failed, rowsRead, quality?.thresholds.get(r.name)) };
  });
}

/**
 * A table's columns, or undefined when it does not exist. `DESCRIBE` binds one table (~1 ms), where
 * information_schema builds the whole catalog (~5 ms); its catalog error leaves the transaction usable.
 */
export async function describeTable(db: Database, target: string): Promise<Record<string, unknown>[] | undefined> {
  try {
    return await db.rows(`DESCRIBE ${target}`);
  } catch {
    return undefined;
  }
}

/** The FAIL UPDATE error (SEMANTICS §4): the caller rolls the update back; up to 5 violating rows are reported. */
function failUpdate(
  name: string, results: readonly ExpectationResult[], rowsRead: number, rows: Record<string, unknown>[], displayName: string, quality?: WriteQuality,
): UpdateError {
  const n = results.find((r) => r.name === name)?.failed_records ?? 0;
  const why = failUpdateReason(quality?.thresholds.get(name));
  return new UpdateError(`expectation ${name} failed on ${n} of ${rowsRead} row${rowsRead === 1 ? '' : 's'} of ${displayName} (${why}): the update was rolled back`,
    undefined, { name, rows }, { expectations: [...results], rowsRead });
}

/**
 * Keeps the rows DROP ROW expectations removed in `<dataset>_quarantine` (issue 7), in the dataset's own
 * transaction, with the names of every expectation the row failed, the run id and the time. A materialized
 * view's quarantine is replaced with each refresh (it recomputes all rows); a streaming table's grows.
 */
async function quarantine(
  db: Database, batch: string, cols: readonly ExpectationColumn[], relation: string, mode: 'replace' | 'append', q: WriteQuality, displayName: string,
): Promise<number> {
  const failedNames = `list_filter([${cols.map((c) => `CASE WHEN NOT ${quoteIdent(c.column)} THEN ${quoteString(c.name)} END`).join(', ')}], x -> x IS NOT NULL)`;
  const select = `SELECT * EXCLUDE (${cols.map((c) => quoteIdent(c.column)).join(', ')}), ${failedNames} AS "_weir_failed_expectations", ` +
    `${quoteString(q.runId)} AS "_weir_run_id", TIMESTAMP ${quoteString(q.now.toISOString().replace('T', ' ').replace('Z', ''))} AS "_weir_quarantined_at" ` +
    `FROM ${batch} WHERE NOT (${dropPredicate(cols)})`;
  if (mode === 'replace') return db.count(`CREATE OR REPLACE TABLE ${relation} AS ${select}`);
  const { exists } = await evolveSchema(db, `(${select})`, relation, `${displayName}_quarantine`);
  return db.count(exists ? `INSERT INTO ${relation} BY NAME ${select}` : `CREATE TABLE ${relation} AS ${select}`);
}

/**
 * SEMANTICS §3: new columns in new input are added to a streaming table; a column whose new type the table's
 * column cannot hold fails the update with a hint to fully refresh. Safe widening is not a conflict: an integer
 * column takes a wider integer type (`ALTER ... TYPE`, e.g. INTEGER → BIGINT), FLOAT becomes DOUBLE; input the
 * column already holds is cast (INTEGER into BIGINT, BIGINT into VARCHAR, and the HUGEINT DuckDB's JSON reader
 * infers for a file mixing negative and positive numbers into BIGINT: the insert checks each value fits). While
 * the table is first being built (`fresh`: several flows of one update), a column two flows type differently
 * takes their common type when both convert to it safely (DuckDB's union type: INTEGER and BIGINT → BIGINT,
 * BIGINT and DOUBLE → DOUBLE, anything and VARCHAR → VARCHAR). Returns whether the target exists.
 * `described`: the target's columns when the caller already read them.
 */
async function evolveSchema(
  db: Database, source: string, target: string, displayName: string, described?: Record<string, unknown>[], fresh = false, rescued?: string,
  evolution?: CompiledInput['schemaEvolutionMode'],
): Promise<{ exists: boolean; rescue: Rescue[]; jsonText: string[] }> {
  const existing = described ?? await describeTable(db, target);
  if (!existing) return { exists: false, rescue: [], jsonText: [] };
  const rescue: Rescue[] = [];
  const jsonText: string[] = [];
  const have = new Map(existing.map((r) => [String(r.column_name).toLowerCase(), String(r.column_type)]));
  const incoming = await db.rows(`DESCRIBE SELECT * FROM ${source} AS "__weir_new"`);
  for (const col of incoming) {
    const name = String(col.column_name);
    const type = String(col.column_type);
    const current = have.get(name.toLowerCase());
    if (current === undefined) {
      // Auto Loader's schemaEvolutionMode: new columns are added (default), rescued, ignored, or fail the update.
      if (evolution === 'failOnNewColumns') {
        throw new UpdateError(`${displayName}: the input has a new column ${name} (schemaEvolutionMode is failOnNewColumns)`,
          `add the column to the table with --full-refresh ${displayName}, or set schemaEvolutionMode to addNewColumns or rescue`);
      }
      if (evolution === 'rescue' || evolution === 'none') {
        rescue.push({ name, type, new: evolution === 'rescue' && have.has((rescued ?? '').toLowerCase()) ? 'rescue' : 'drop' });
        continue;
      }
      await db.run(`ALTER TABLE ${target} ADD COLUMN ${quoteIdent(name)} ${type}`);
      continue;
    }
    if (current === type) continue;
    // Auto Loader's rescued data column: a value the table's column cannot hold goes there (its column NULL), as
    // Databricks does once a stream's schema is set, instead of failing the update. A JSON-typed batch column (mixed
    // or empty values) is checked value by value the same way.
    const canRescue = rescued !== undefined && name.toLowerCase() !== rescued.toLowerCase() && have.has(rescued.toLowerCase());
    if (canRescue && /^JSON(\[\])*$/.test(type)) { rescue.push({ name, type: current }); continue; }
    // A JSON-typed batch column into a string column: each value's text (`"A7"` is A7), as Spark's STRING.
    if (type === 'JSON' && current === 'VARCHAR') { jsonText.push(name); continue; }
    if (holds(current, type)) continue;
    const wider = widened(current, type) ?? (fresh ? await commonType(db, current, type) : undefined);
    if (wider === undefined && canRescue) { rescue.push({ name, type: current }); continue; }
    if (wider === undefined) {
      throw new UpdateError(
        `${RunCodes.TypeConflict}: type conflict in ${displayName}: column ${name} is ${current} in the table but ${type} in the new input`,
        `streaming tables never rewrite old rows; run with --full-refresh ${displayName} to rebuild it with the new type`);
    }
    await db.run(`ALTER TABLE ${target} ALTER COLUMN ${quoteIdent(name)} TYPE ${wider}`);
  }
  return { exists: true, rescue, jsonText };
}

/** `select` with the JSON-typed columns `names` as their values' text (json-text columns of evolveSchema). */
function jsonTextSelect(select: string, names: readonly string[]): string {
  if (names.length === 0) return select;
  return `SELECT * REPLACE (${names.map((n) => `json_extract_string(${quoteIdent(n)}, '$') AS ${quoteIdent(n)}`).join(', ')}) FROM (${select}) AS "__weir_json"`;
}

/**
 * `CREATE [OR REPLACE] TABLE target AS select`, then the columns DuckDB's JSON reader typed JSON (a field that was
 * null in every record, or held numbers and strings) become STRING columns of their values' text, as Spark infers
 * them: `"A7"` is A7, 10 is '10', an object its JSON text. Not when the query makes JSON itself (parse_json, a
 * cast to VARIANT): that column is meant to be JSON. Returns the rows written.
 */
async function createTableAs(db: Database, create: string, target: string, select: string, query: string): Promise<number> {
  const n = await db.count(`${create} ${target} AS ${select}`);
  // Only a query that reads JSON files can get such columns (and only then is the table described: an MV's
  // every refresh comes through here).
  if (!/\bread_json\b/i.test(query) || /\bjson\s*\(|\bAS\s+JSON\b/i.test(query)) return n;
  const json = (await db.rows(`DESCRIBE ${target}`)).filter((r) => String(r.column_type) === 'JSON').map((r) => quoteIdent(String(r.column_name)));
  if (json.length > 0) {
    await db.run(json.map((c) => `ALTER TABLE ${target} ALTER COLUMN ${c} TYPE VARCHAR USING json_extract_string(${c}, '$')`).join(';\n'));
  }
  return n;
}

/**
 * A column of new input whose values go to the rescued data column where the table's `type` cannot hold them; a
 * `new` column the table does not have is left out, its values rescued (`rescue`) or dropped (`drop`).
 */
interface Rescue { readonly name: string; readonly type: string; readonly new?: 'rescue' | 'drop' }

/**
 * `select` with each rescued column cast to the table's type (NULL where it does not convert) and the values that
 * did not convert added to the rescued data column as JSON fields (`{"v": "seven"}`), merged with what it holds.
 */
function rescueSelect(select: string, rescue: readonly Rescue[], rescued: string | undefined): string {
  if (rescue.length === 0) return select;
  const dropped = rescue.filter((r) => r.new !== undefined).map((r) => quoteIdent(r.name));
  const exclude = dropped.length > 0 ? ` EXCLUDE (${dropped.join(', ')})` : '';
  const kept = rescue.filter((r) => r.new !== 'drop');
  if (kept.length === 0 || rescued === undefined) return `SELECT *${exclude} FROM (${select}) AS "__weir_rescue"`;
  const bad = (r: Rescue): string => r.new ? `(${quoteIdent(r.name)} IS NOT NULL)` : `(${quoteIdent(r.name)} IS NOT NULL AND TRY_CAST(${quoteIdent(r.name)} AS ${r.type}) IS NULL)`;
  let merged = `coalesce(${quoteIdent(rescued)}::JSON, '{}'::JSON)`;
  for (const r of kept) merged = `json_merge_patch(${merged}, CASE WHEN ${bad(r)} THEN json_object(${quoteString(r.name)}, ${quoteIdent(r.name)}) ELSE '{}'::JSON END)`;
  const replaced = kept.filter((r) => !r.new).map((r) => `TRY_CAST(${quoteIdent(r.name)} AS ${r.type}) AS ${quoteIdent(r.name)}`);
  const rescuedValue = `CASE WHEN ${kept.map(bad).join(' OR ')} THEN CAST(${merged} AS VARCHAR) ELSE ${quoteIdent(rescued)} END AS ${quoteIdent(rescued)}`;
  return `SELECT *${exclude} REPLACE (${[...replaced, rescuedValue].join(', ')}) FROM (${select}) AS "__weir_rescue"`;
}

/** `INSERT ... BY NAME`; a value too large for its (narrower) column is a type conflict, not a DuckDB error. */
async function insertByName(db: Database, target: string, select: string, displayName: string): Promise<number> {
  try {
    return await db.count(`INSERT INTO ${target} BY NAME ${select}`);
  } catch (e) {
    const m = /Type (\w+) with value (\S+) can't be cast because the value is out of range for the destination type (\w+)(?: when casting from source column (\S+))?/.exec(e instanceof Error ? e.message : String(e));
    if (!m) throw e;
    const sqlName: Record<string, string> = { INT8: 'TINYINT', INT16: 'SMALLINT', INT32: 'INTEGER', INT64: 'BIGINT', INT128: 'HUGEINT' };
    throw new UpdateError(`${RunCodes.TypeConflict}: type conflict in ${displayName}: ${m[4] ? `column ${m[4]} ` : ''}holds ${m[2]}, too large for the table's ${sqlName[m[3]] ?? m[3]} column`,
      `streaming tables never rewrite old rows; run with --full-refresh ${displayName} to rebuild it with the new type`);
  }
}

/** Integer types by the values they hold: [min, max] as bigint. */
const INT_RANGE: Readonly<Record<string, readonly [bigint, bigint]>> = {
  TINYINT: [-(2n ** 7n), 2n ** 7n - 1n], SMALLINT: [-(2n ** 15n), 2n ** 15n - 1n], INTEGER: [-(2n ** 31n), 2n ** 31n - 1n],
  BIGINT: [-(2n ** 63n), 2n ** 63n - 1n], HUGEINT: [-(2n ** 127n), 2n ** 127n - 1n],
  UTINYINT: [0n, 2n ** 8n - 1n], USMALLINT: [0n, 2n ** 16n - 1n], UINTEGER: [0n, 2n ** 32n - 1n], UBIGINT: [0n, 2n ** 64n - 1n],
  UHUGEINT: [0n, 2n ** 128n - 1n],
};
const SIGNED = ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT'];
/** What DuckDB's JSON reader infers for integers that BIGINT would hold in practice (mixed signs, large positives). */
const INFERRED_WIDE = new Set(['HUGEINT', 'UBIGINT', 'UHUGEINT']);

function intWithin(from: string, to: string): boolean {
  const f = INT_RANGE[from];
  const t = INT_RANGE[to];
  return f !== undefined && t !== undefined && f[0] >= t[0] && f[1] <= t[1];
}

/** Input of type `from` the table's column of type `to` holds as is (the insert casts it). */
function holds(to: string, from: string): boolean {
  if (from === 'NULL' || from === '"NULL"') return true;
  // DuckDB's JSON reader types a column it saw only as null / [] / {} in this batch as JSON (JSON[], ...): the
  // values are empty, and the insert casts them to the table's type (a real mismatch still fails there).
  if (/^JSON(\[\])*$/.test(from)) return true;
  if (intWithin(from, to)) return true;
  // A HUGEINT of small values into BIGINT: cast, each value checked by the insert (insertByName).
  if (INFERRED_WIDE.has(from) && to === 'BIGINT') return true;
  if (INT_RANGE[from] !== undefined) {
    const digits = INT_RANGE[from][1].toString().length;
    const dec = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(to);
    return to === 'DOUBLE' || (dec !== null && Number(dec[1]) - Number(dec[2]) >= digits) || to === 'VARCHAR';
  }
  if (from === 'FLOAT' && to === 'DOUBLE') return true;
  if (from === 'DATE' && to.startsWith('TIMESTAMP')) return true;
  // Any scalar into a string column: its text (nested values are not: their JSON text would be a different shape).
  return to === 'VARCHAR' && !/\[|STRUCT|MAP|UNION/.test(from);
}

/** The type to ALTER the table's column to so that it holds `from` as well: a wider integer, DOUBLE for FLOAT. */
function widened(to: string, from: string): string | undefined {
  if (INT_RANGE[to] !== undefined && INT_RANGE[from] !== undefined) {
    // The narrowest signed type holding both (HUGEINT-family input: BIGINT, values checked by the insert).
    const need = INFERRED_WIDE.has(from) ? 'BIGINT' : from;
    return SIGNED.find((t) => intWithin(to, t) && intWithin(need, t));
  }
  if (to === 'FLOAT' && from === 'DOUBLE') return 'DOUBLE';
  return undefined;
}

/** The common type of two flows' columns while the table is being built, when both convert to it safely. */
async function commonType(db: Database, a: string, b: string): Promise<string | undefined> {
  let u: string;
  try {
    u = String((await db.rows(`DESCRIBE SELECT NULL::${a} AS c UNION ALL BY NAME SELECT NULL::${b} AS c`))[0].column_type);
  } catch {
    return undefined;
  }
  const safe = (from: string) => from === u || holds(u, from) || widened(from, u) === u;
  return safe(a) && safe(b) ? u : undefined;
}
