import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { CompiledCdc, CompiledSql } from '../../src/model/compiled-pipeline.js';
import { identityMap } from '../../src/model/source-map.js';
import { cdcApplySql, type CdcSqlPlan } from '../../src/cdc/index.js';
import type { RefEvent, RefRow, RefSpec, Value } from './reference-model.js';

/**
 * Test harness: a CompiledCdc over a fixed change-row schema, change batches loaded into DuckDB, and the
 * target read back in the reference model's shape.
 * Change rows: id INTEGER, id2 INTEGER, op VARCHAR, seq INTEGER, a INTEGER, b VARCHAR, c INTEGER.
 */
export const CHANGE_COLUMNS = [
  { name: 'id', type: 'INTEGER' },
  { name: 'id2', type: 'INTEGER' },
  { name: 'op', type: 'VARCHAR' },
  { name: 'seq', type: 'INTEGER' },
  { name: 'a', type: 'INTEGER' },
  { name: 'b', type: 'VARCHAR' },
  { name: 'c', type: 'INTEGER' },
] as const;

export type SeqKind = 'int' | 'struct' | 'timestamp';

export interface TestConfig {
  readonly scd: 1 | 2;
  readonly ignoreNulls: boolean;
  readonly truncate: boolean;
  readonly composite: boolean;
  /** Which of a, b, c are stored (COLUMNS): all via `* EXCEPT (op, seq)`, or an include list. */
  readonly stored: 'except' | 'include_ab' | 'except_b';
  /** SCD 2 TRACK HISTORY: default (all), only a, or all except c. */
  readonly track: 'all' | 'only_a' | 'except_c';
  readonly seqKind: SeqKind;
}

export function sql(text: string): CompiledSql {
  return { sql: text, file: 'flows/cdc.sql', map: identityMap(text.length) };
}

const SEQ_SQL: Record<SeqKind, string> = {
  int: 'seq',
  // Lexicographic STRUCT order, monotone in seq: (seq // 4, seq % 4).
  struct: 'CASE WHEN seq IS NULL THEN NULL ELSE struct_pack(major := seq // 4, minor := seq % 4) END',
  timestamp: "TIMESTAMP '2024-01-01 00:00:00' + to_seconds(seq)",
};

export function specOf(cfg: TestConfig): CompiledCdc {
  return {
    source: sql('SELECT * FROM changes'),
    keys: cfg.composite ? ['id', 'id2'] : ['id'],
    sequenceBy: sql(SEQ_SQL[cfg.seqKind]),
    deleteWhen: sql("op = 'D'"),
    ...(cfg.truncate ? { truncateWhen: sql("op = 'T'") } : {}),
    ignoreNullUpdates: cfg.ignoreNulls,
    columns: cfg.stored === 'include_ab'
      ? { mode: 'include', columns: ['id', 'a', 'b', ...(cfg.composite ? ['id2'] : [])] }
      : { mode: 'except', columns: cfg.stored === 'except_b' ? ['op', 'seq', 'b'] : ['op', 'seq'] },
    storedAs: cfg.scd,
    ...(cfg.scd === 2 && cfg.track !== 'all'
      ? { trackHistory: cfg.track === 'only_a' ? { mode: 'include', columns: ['a'] } : { mode: 'except', columns: ['c'] } }
      : {}),
  } as CompiledCdc;
}

/** Stored non-key columns, in change-row order (id2 is stored as a plain value when it is not a key). */
export function storedValueColumns(cfg: TestConfig): string[] {
  const all = ['id2', 'a', 'b', 'c'].filter((c) => !(cfg.composite && c === 'id2'));
  if (cfg.stored === 'include_ab') return all.filter((c) => c === 'a' || c === 'b');
  if (cfg.stored === 'except_b') return all.filter((c) => c !== 'b');
  return all;
}

export function refSpecOf(cfg: TestConfig): RefSpec {
  const values = storedValueColumns(cfg);
  const trackedNames = cfg.scd === 2 && cfg.track === 'only_a' ? ['a']
    : cfg.scd === 2 && cfg.track === 'except_c' ? values.filter((c) => c !== 'c') : values;
  return {
    scd: cfg.scd, ignoreNulls: cfg.ignoreNulls, truncate: cfg.truncate,
    tracked: trackedNames.map((n) => values.indexOf(n)).filter((i) => i >= 0),
  };
}

/** A generated change row, before projection to the reference's shape. */
export interface ChangeRow {
  readonly id: number | null;
  readonly id2: number | null;
  readonly op: 'U' | 'D' | 'T';
  readonly seq: number | null;
  readonly a: number | null;
  readonly b: string | null;
  readonly c: number | null;
}

export function toRefEvent(cfg: TestConfig, r: ChangeRow): RefEvent {
  const rec = r as unknown as Record<string, Value>;
  return {
    keys: cfg.composite ? [r.id, r.id2] : [r.id],
    op: r.op, seq: r.seq,
    values: storedValueColumns(cfg).map((c) => rec[c]),
  };
}

const lit = (v: Value, type: string): string =>
  v === null ? `CAST(NULL AS ${type})` : typeof v === 'number' ? `CAST(${v} AS ${type})` : `'${v.replace(/'/g, "''")}'`;

export async function loadChanges(conn: DuckDBConnection, rows: readonly ChangeRow[]): Promise<void> {
  const select = (r: ChangeRow | null): string => CHANGE_COLUMNS.map((c) =>
    `${lit(r ? (r as unknown as Record<string, Value>)[c.name] : null, c.type)} AS ${c.name}`).join(', ');
  const body = rows.length === 0 ? `SELECT ${select(null)} WHERE false` : rows.map((r) => `SELECT ${select(r)}`).join('\nUNION ALL ');
  await conn.run(`CREATE OR REPLACE TEMP TABLE changes AS ${body}`);
}

export interface Applied {
  readonly plan: CdcSqlPlan;
  readonly metrics: Record<string, unknown>;
}

export async function applyBatch(conn: DuckDBConnection, spec: CompiledCdc, runId: string): Promise<Applied> {
  const plan = cdcApplySql(spec, { target: '"main"."t"', state: '"_weir_private"."t__cdc"', columns: CHANGE_COLUMNS, runId },
    'temp.main.changes');
  await conn.run('BEGIN TRANSACTION');
  try {
    for (const s of [...plan.ensure, ...plan.apply]) await conn.run(s);
    const metrics = (await conn.runAndReadAll(plan.metrics)).getRowObjectsJson()[0] as Record<string, unknown>;
    await conn.run('COMMIT');
    return { plan, metrics };
  } catch (e) {
    await conn.run('ROLLBACK');
    throw e;
  }
}

/** Reads the target back as reference rows (sequence values mapped back to the generator's integers). */
export async function readTarget(conn: DuckDBConnection, cfg: TestConfig): Promise<RefRow[]> {
  const values = storedValueColumns(cfg);
  const keys = cfg.composite ? ['id', 'id2'] : ['id'];
  const seqBack = (col: string): string =>
    cfg.seqKind === 'struct' ? `${col}.major * 4 + ${col}.minor`
      : cfg.seqKind === 'timestamp' ? `CAST(epoch(${col}) - epoch(TIMESTAMP '2024-01-01 00:00:00') AS INTEGER)` : col;
  const extra = cfg.scd === 2 ? `, ${seqBack('"__START_AT"')} AS s, ${seqBack('"__END_AT"')} AS e` : '';
  const rows = (await conn.runAndReadAll(`SELECT ${[...keys, ...values].join(', ')}${extra} FROM main.t`)).getRowObjectsJson();
  return rows.map((r) => ({
    keys: keys.map((k) => r[k] as number),
    values: values.map((v) => (r[v] === undefined ? null : (r[v] as Value))),
    ...(cfg.scd === 2 ? { start: Number(r.s), end: r.e === null ? null : Number(r.e) } : {}),
  }));
}

export function canonical(rows: readonly RefRow[]): string[] {
  return rows.map((r) => JSON.stringify(r)).sort();
}

export async function freshConnection(): Promise<DuckDBConnection> {
  const inst = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
  return inst.connect();
}

export async function resetDatabase(conn: DuckDBConnection): Promise<void> {
  await conn.run('DROP TABLE IF EXISTS main.t');
  await conn.run('DROP SCHEMA IF EXISTS _weir_private CASCADE');
}
