import type { DatasetState, PipelineState } from '../plan/index.js';
import { unquote } from '../plan/index.js';
import { PRIVATE_SCHEMA, STATE_SCHEMA, quoteString } from '../model/index.js';
import type { Database } from './database.js';
import { SPARK_MACROS_SQL } from '../util/duckdb-settings.js';

/**
 * Weir's state lives in the DuckDB file itself (schema `_weir`), so it commits in the SAME transaction as the
 * data it describes: a run killed at any moment leaves data, checkpoints and file ledger consistent
 * (SEMANTICS §6). No primary keys: rows are replaced with DELETE + INSERT inside the dataset's transaction.
 */
const S = STATE_SCHEMA;
export const STATE_DDL = [
  `CREATE SCHEMA IF NOT EXISTS ${S}`,
  `CREATE SCHEMA IF NOT EXISTS ${PRIVATE_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${S}.datasets (dataset VARCHAR, version BIGINT, generation BIGINT, definition_hash VARCHAR,
     input_fingerprint VARCHAR, updated_at TIMESTAMP, run_id VARCHAR)`,
  // The kind and table of a dataset's last update (added later: databases of earlier versions get the columns).
  `ALTER TABLE ${S}.datasets ADD COLUMN IF NOT EXISTS kind VARCHAR`,
  `ALTER TABLE ${S}.datasets ADD COLUMN IF NOT EXISTS relation VARCHAR`,
  // Stream offsets per (flow, upstream dataset), valid for one generation of the upstream.
  `CREATE TABLE IF NOT EXISTS ${S}.checkpoints (flow VARCHAR, upstream VARCHAR, generation BIGINT, "offset" BIGINT, run_id VARCHAR)`,
  // A hash of the upstream's last row below the offset when it was recorded: another row there later means rows
  // were deleted and ids reused, which a stream cannot follow (stream-source-check.ts).
  `ALTER TABLE ${S}.checkpoints ADD COLUMN IF NOT EXISTS last_row_hash VARCHAR`,
  // Exactly-once file ingestion per (flow, source): path, size, modification time.
  `CREATE TABLE IF NOT EXISTS ${S}.file_ledger (flow VARCHAR, source VARCHAR, path VARCHAR, size BIGINT, mtime_ms DOUBLE, run_id VARCHAR)`,
  // ONCE flows (and append flows without streaming input) that completed since the target's last full refresh.
  `CREATE TABLE IF NOT EXISTS ${S}.flow_markers (flow VARCHAR, target VARCHAR, run_id VARCHAR)`,
  // What each materialized view read at its last refresh (src/execute/incremental/mv-inputs.ts).
  `CREATE TABLE IF NOT EXISTS ${S}.mv_inputs (dataset VARCHAR, node VARCHAR, version BIGINT, generation BIGINT, row_end BIGINT,
     detail VARCHAR, run_id VARCHAR)`,
  // The table-level checks each dataset passed at its last update, and its foreign-key parents' generations then.
  `CREATE TABLE IF NOT EXISTS ${S}.check_state (dataset VARCHAR, signature VARCHAR, parents JSON, run_id VARCHAR)`,
  // The last refresh by keys (GROUP_AGGREGATE / ROW_BASED) of each materialized view: the version it produced and
  // the key column; the keys are in _weir_private."__weir_changed_keys__<view>".
  `CREATE TABLE IF NOT EXISTS ${S}.mv_changes (dataset VARCHAR, version BIGINT, key_column VARCHAR, run_id VARCHAR)`,
  // Expectation totals of each materialized view's last refresh (src/execute/incremental/mv-metrics.ts).
  `CREATE TABLE IF NOT EXISTS ${S}.mv_metrics (dataset VARCHAR, version BIGINT, expectation VARCHAR, rows_read BIGINT,
     passed BIGINT, failed BIGINT, run_id VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS ${S}.runs (run_id VARCHAR, pipeline_name VARCHAR, started_at TIMESTAMP, completed_at TIMESTAMP,
     status VARCHAR, args JSON)`,
  `CREATE TABLE IF NOT EXISTS ${S}.event_log (id UUID, sequence BIGINT, "timestamp" TIMESTAMP, level VARCHAR, event_type VARCHAR,
     origin STRUCT(pipeline_name VARCHAR, update_id VARCHAR, dataset_name VARCHAR, flow_name VARCHAR),
     message VARCHAR, details JSON)`,
];

export async function ensureStateSchema(db: Database): Promise<void> {
  await db.run('BEGIN');
  try {
    // One round trip: ~30 idempotent statements, every run.
    await db.run([...STATE_DDL, ...SPARK_MACROS_SQL].join(';\n'));
    await db.run('COMMIT');
  } catch (e) {
    await db.run('ROLLBACK');
    throw e;
  }
}

export async function loadState(db: Database): Promise<PipelineState> {
  const datasets: Record<string, DatasetState> = {};
  for (const r of await db.rows(`SELECT * FROM ${S}.datasets`)) {
    datasets[String(r.dataset)] = {
      version: Number(r.version), generation: Number(r.generation),
      definitionHash: String(r.definition_hash ?? ''), inputFingerprint: String(r.input_fingerprint ?? ''),
      ...(r.kind != null ? { kind: String(r.kind) } : {}), ...(r.relation != null ? { relation: String(r.relation) } : {}),
    };
  }
  return { datasets, existingTables: await existingTables(db) };
}

export async function existingTables(db: Database): Promise<string[]> {
  const rows = await db.rows(`SELECT lower(table_schema) || '.' || lower(table_name) AS t FROM information_schema.tables
    WHERE table_catalog = current_database()`);
  return rows.map((r) => String(r.t)).sort();
}

/**
 * Records a committed update of `step`'s dataset (its kind and table too): SQL to run inside the dataset's
 * transaction (with its other bookkeeping).
 */
export function datasetStateSql(step: { readonly dataset: string; readonly kind: string; readonly relation: string }, s: DatasetState, runId: string, at: Date): string {
  return `DELETE FROM ${S}.datasets WHERE dataset = ${quoteString(step.dataset)};
    INSERT INTO ${S}.datasets (dataset, version, generation, definition_hash, input_fingerprint, updated_at, run_id, kind, relation)
    VALUES (${quoteString(step.dataset)}, ${s.version}, ${s.generation}, ${quoteString(s.definitionHash)}, ${quoteString(s.inputFingerprint)},
    ${sqlTimestamp(at)}, ${quoteString(runId)}, ${quoteString(step.kind)}, ${quoteString(unquote(step.relation))})`;
}

/** A stream's resume point in one generation of its upstream; `lastRowHash`: a hash of the row just below it then. */
export interface Checkpoint { readonly generation: number; readonly offset: number; readonly lastRowHash?: string }

export async function loadCheckpoints(db: Database, flow: string): Promise<Map<string, Checkpoint>> {
  const rows = await db.rows(`SELECT upstream, generation, "offset", last_row_hash FROM ${S}.checkpoints WHERE flow = ${quoteString(flow)}`);
  return new Map(rows.map((r) => [String(r.upstream), {
    generation: Number(r.generation), offset: Number(r.offset), ...(r.last_row_hash != null ? { lastRowHash: String(r.last_row_hash) } : {}),
  }]));
}

export function checkpointSql(flow: string, upstream: string, c: Checkpoint, runId: string): string {
  return `DELETE FROM ${S}.checkpoints WHERE flow = ${quoteString(flow)} AND upstream = ${quoteString(upstream)};
    INSERT INTO ${S}.checkpoints (flow, upstream, generation, "offset", run_id, last_row_hash) VALUES (${quoteString(flow)},
    ${quoteString(upstream)}, ${c.generation}, ${c.offset}, ${quoteString(runId)}, ${c.lastRowHash ? quoteString(c.lastRowHash) : 'NULL'})`;
}

export interface LedgerEntry { readonly path: string; readonly size: number; readonly mtimeMs: number }

/**
 * The files a flow ingested, by absolute path, whatever source recorded them: the same file read through a glob
 * spelled differently (`data/in/*.csv`, `./data/in/*.csv`, an absolute path, a wider `**` glob) is not read again.
 */
export async function loadLedger(db: Database, flow: string): Promise<Map<string, LedgerEntry>> {
  const rows = await db.rows(`SELECT path, size, mtime_ms FROM ${S}.file_ledger WHERE flow = ${quoteString(flow)}`);
  return new Map(rows.map((r) => [String(r.path), { path: String(r.path), size: Number(r.size), mtimeMs: Number(r.mtime_ms) }]));
}

export function recordFilesSql(flow: string, source: string, files: readonly LedgerEntry[], runId: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < files.length; i += 500) {
    const values = files.slice(i, i + 500).map((f) =>
      `(${quoteString(flow)}, ${quoteString(source)}, ${quoteString(f.path)}, ${f.size}, ${f.mtimeMs}, ${quoteString(runId)})`);
    out.push(`INSERT INTO ${S}.file_ledger VALUES ${values.join(', ')}`);
  }
  return out;
}

export async function hasFlowMarker(db: Database, flow: string): Promise<boolean> {
  return (await db.rows(`SELECT 1 FROM ${S}.flow_markers WHERE flow = ${quoteString(flow)} LIMIT 1`)).length > 0;
}

export function flowMarkerSql(flow: string, target: string, runId: string): string {
  return `INSERT INTO ${S}.flow_markers VALUES (${quoteString(flow)}, ${quoteString(target)}, ${quoteString(runId)})`;
}

/** Full refresh of a streaming table: forget what its flows consumed (SEMANTICS §3). */
export async function clearFlowState(db: Database, flows: readonly string[]): Promise<void> {
  if (flows.length === 0) return;
  const list = flows.map(quoteString).join(', ');
  await db.run(`DELETE FROM ${S}.checkpoints WHERE flow IN (${list}); DELETE FROM ${S}.file_ledger WHERE flow IN (${list});
    DELETE FROM ${S}.flow_markers WHERE flow IN (${list})`);
}

export function sqlTimestamp(d: Date): string {
  return `TIMESTAMP ${quoteString(d.toISOString().replace('T', ' ').replace('Z', ''))}`;
}
