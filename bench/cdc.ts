// CDC benchmark (`npm run bench:cdc`, i.e. `npx tsx bench/cdc.ts`). Not a timed test.
//
// Builds a target of --target-rows keys through Weir's own SCD 1 and SCD 2 apply (an initial all-insert
// batch), then applies change batches of --events and --small-events rows: 10% deletes, 5% out of order
// (older than what the target holds, so they must be ignored), the rest updates of existing keys and ~9%
// inserts of new keys, with some keys repeated inside a batch. Side by side in one run, on the same data:
//   - a hand-written DuckDB MERGE INTO doing the same upsert batch (latest event per key; no sequence state,
//     no tombstones) on a copy of the target,
//   - Weir's SCD 1 apply (ensure + apply + metrics, one transaction, committed),
//   - Weir's SCD 2 apply,
// and prints a table. Issue 5: SCD 1 <= 1.3x the MERGE; time grows with the batch, not the target.
//
// Options: --target-rows 10000000  --events 1000000  --small-events 100000  --repeat 3  --threads N  --keep  --profile
//          --rollback (time to just before COMMIT and roll back: excludes the commit, which is where MERGE pays)
// The database is a temp file (deleted afterwards unless --keep).

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cdcApplySql } from '../src/cdc/index.js';
import type { CompiledCdc, CompiledSql } from '../src/model/compiled-pipeline.js';
import { identityMap } from '../src/model/source-map.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const targetRows = Number(arg('target-rows', '10000000'));
const bigEvents = Number(arg('events', '1000000'));
const smallEvents = Number(arg('small-events', '100000'));
const threads = arg('threads', '');
const keep = process.argv.includes('--keep');
/** --profile: print each generated statement's time. */
const profile = process.argv.includes('--profile');
const repeat = Number(arg('repeat', '3'));
/** --rollback: time each batch up to (not including) COMMIT and roll it back; every repetition then sees the same target. */
const rollback = process.argv.includes('--rollback');

const sql = (text: string): CompiledSql => ({ sql: text, file: 'bench.sql', map: identityMap(text.length) });
const spec = (storedAs: 1 | 2): CompiledCdc => ({
  source: sql('SELECT * FROM changes'),
  keys: ['id'],
  sequenceBy: sql('ts'),
  deleteWhen: sql("op = 'DELETE'"),
  ignoreNullUpdates: false,
  columns: { mode: 'except', columns: ['op', 'ts'] },
  storedAs,
  ...(storedAs === 2 ? { trackHistory: { mode: 'except', columns: ['score'] } } : {}),
});
const COLUMNS = [
  { name: 'id', type: 'BIGINT' }, { name: 'op', type: 'VARCHAR' }, { name: 'ts', type: 'BIGINT' },
  { name: 'name', type: 'VARCHAR' }, { name: 'city', type: 'VARCHAR' }, { name: 'amount', type: 'DOUBLE' },
  { name: 'score', type: 'INTEGER' },
];

async function time(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function inTransaction(conn: DuckDBConnection, statements: string[]): Promise<void> {
  await conn.run('BEGIN TRANSACTION');
  try {
    for (const s of statements) await conn.run(s);
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK');
    throw e;
  }
}

function planFor(storedAs: 1 | 2, target: string, changes: string) {
  const name = target.replace(/"/g, '').split('.').pop();
  return cdcApplySql(spec(storedAs), { target, state: `"_weir_private"."${name}__cdc"`, columns: COLUMNS, runId: 'bench' }, changes);
}

/**
 * Runs statements in one transaction and returns the time to the end of the last one; then COMMITs or, for a
 * repeated measurement, ROLLs BACK so the next repetition sees the same target. Commit time is excluded from
 * repeated measurements for MERGE and Weir alike (the machine is shared: min of --repeat runs, interleaved).
 */
async function timed(conn: DuckDBConnection, statements: string[], commit: boolean, metrics?: string): Promise<{ ms: number; m: Record<string, unknown> }> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const t0 = performance.now();
    for (const s of statements) {
      const t1 = performance.now();
      await conn.run(s);
      if (profile) console.log(`  ${(performance.now() - t1).toFixed(0).padStart(6)} ms  ${s.split('\n')[0].slice(0, 110)}`);
    }
    const m = metrics ? (await conn.runAndReadAll(metrics)).getRowObjectsJson()[0] as Record<string, unknown> : {};
    const ms = performance.now() - t0;
    await conn.run(commit ? 'COMMIT' : 'ROLLBACK');
    return { ms, m };
  } catch (e) {
    await conn.run('ROLLBACK');
    throw e;
  }
}

async function applyCdc(conn: DuckDBConnection, storedAs: 1 | 2, target: string, changes: string, commit = true) {
  const plan = planFor(storedAs, target, changes);
  const r = await timed(conn, [...plan.ensure, ...plan.apply], commit, plan.metrics);
  for (const s of plan.cleanup) await conn.run(s);
  return r;
}

/** A change batch: `n` events with sequences starting at `base`; see the header for the mix. */
function eventsSql(table: string, n: number, base: number, seed: number): string {
  const keySpace = Math.round(targetRows * 1.1);
  return `CREATE OR REPLACE TABLE ${table} AS
SELECT CAST(floor(random() * ${keySpace}) AS BIGINT) AS id,
  CASE WHEN r < 0.10 THEN 'DELETE' ELSE 'UPSERT' END AS op,
  CASE WHEN r >= 0.10 AND r < 0.15 THEN CAST(0 AS BIGINT) ELSE ${base} + i END AS ts,
  'name_' || CAST(i % 100000 AS VARCHAR) AS name, 'city_' || CAST(i % 500 AS VARCHAR) AS city,
  CAST(i % 10000 AS DOUBLE) / 100 AS amount, CAST(i % 7 AS INTEGER) AS score
FROM (SELECT i, random() AS r FROM (SELECT setseed(${seed})) s, range(${n}) t(i))`;
}

const mergeSql = (target: string, changes: string): string => `MERGE INTO ${target} AS t
USING (SELECT * FROM ${changes} QUALIFY row_number() OVER (PARTITION BY id ORDER BY ts DESC) = 1) AS s ON t.id = s.id
WHEN MATCHED AND s.op = 'DELETE' THEN DELETE
WHEN MATCHED THEN UPDATE SET name = s.name, city = s.city, amount = s.amount, score = s.score
WHEN NOT MATCHED AND s.op <> 'DELETE' THEN INSERT (id, name, city, amount, score) VALUES (s.id, s.name, s.city, s.amount, s.score)`;

const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
function stats(xs: number[]): { min: number; median: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)] };
}
const show = (x: { min: number; median: number }): string => `${fmt(x.min)} (median ${fmt(x.median)})`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'weir-bench-cdc-'));
  const path = join(dir, 'bench.duckdb');
  const inst = await DuckDBInstance.create(path, { autoinstall_known_extensions: 'false', ...(threads ? { threads } : {}) });
  const conn = await inst.connect();
  console.log(`${rollback ? '[--rollback: commit excluded] ' : ''}target ${targetRows.toLocaleString()} rows, batches of ${bigEvents.toLocaleString()} and ${smallEvents.toLocaleString()} events, db ${path}`);
  const rows: [string, string, string][] = [];
  const started = performance.now();
  // Progress on stderr as each row is measured; the table goes to stdout at the end.
  const push = (row: [string, string, string]): void => {
    rows.push(row);
    process.stderr.write(`[${fmt(performance.now() - started)}] ${row.join('  ')}\n`);
  };
  try {
    await conn.run('CREATE SCHEMA IF NOT EXISTS ev');
    // Initial load: every key inserted once at sequence 1.
    await conn.run(`CREATE TABLE ev.initial AS SELECT i AS id, 'UPSERT' AS op, CAST(1 AS BIGINT) AS ts,
      'name_' || CAST(i % 100000 AS VARCHAR) AS name, 'city_' || CAST(i % 500 AS VARCHAR) AS city,
      CAST(i % 10000 AS DOUBLE) / 100 AS amount, CAST(i % 7 AS INTEGER) AS score FROM range(${targetRows}) t(i)`);
    for (let r = 0; r < repeat; r++) {
      await conn.run(eventsSql(`ev.big${r}`, bigEvents, 1_000_000_000 * (r + 1), 0.1 + r / 10));
      await conn.run(eventsSql(`ev.small${r}`, smallEvents, 1_000_000_000 * (r + 1) + 500_000_000, 0.05 + r / 10));
    }
    await conn.run('CHECKPOINT');

    const init1 = await time(async () => { await applyCdc(conn, 1, '"main"."scd1"', 'ev.initial'); });
    const init2 = await time(async () => { await applyCdc(conn, 2, '"main"."scd2"', 'ev.initial'); });
    await conn.run('CREATE TABLE main.baseline AS SELECT * FROM main.scd1');
    await conn.run('CHECKPOINT');
    push([`initial load ${targetRows.toLocaleString()} keys`, `SCD1 ${fmt(init1)}`, `SCD2 ${fmt(init2)}`]);

    // Each measurement is a committed transaction after a CHECKPOINT (so no commit pays for another's
    // automatic checkpoint); --repeat different batches per size, applied in turn to the MERGE baseline and
    // to the SCD 1 and SCD 2 targets; min and median reported (the machine is shared). A large INSERT writes
    // its row groups to the file before COMMIT while MERGE's updates wait in the WAL for the next
    // checkpoint (not timed), so committed time is the fair comparison, and it slightly favours MERGE.
    for (const [n, prefix] of [[bigEvents, 'ev.big'], [smallEvents, 'ev.small']] as const) {
      const t = { merge: [] as number[], scd1: [] as number[], scd2: [] as number[] };
      let m1: Record<string, unknown> = {}, m2: Record<string, unknown> = {};
      for (let r = 0; r < repeat; r++) {
        const table = `${prefix}${r}`;
        await conn.run('CHECKPOINT');
        if (rollback) {
          t.merge.push((await timed(conn, [mergeSql('main.baseline', table)], false)).ms);
          const a = await applyCdc(conn, 1, '"main"."scd1"', table, false);
          const b = await applyCdc(conn, 2, '"main"."scd2"', table, false);
          t.scd1.push(a.ms); m1 = a.m; t.scd2.push(b.ms); m2 = b.m;
          continue;
        }
        t.merge.push(await time(async () => { await timed(conn, [mergeSql('main.baseline', table)], true); }));
        await conn.run('CHECKPOINT');
        t.scd1.push(await time(async () => { m1 = (await applyCdc(conn, 1, '"main"."scd1"', table)).m; }));
        await conn.run('CHECKPOINT');
        t.scd2.push(await time(async () => { m2 = (await applyCdc(conn, 2, '"main"."scd2"', table)).m; }));
      }
      const merge = stats(t.merge), scd1 = stats(t.scd1), scd2 = stats(t.scd2);
      push([`${n.toLocaleString()} events: MERGE INTO baseline`, show(merge), '']);
      push([`${n.toLocaleString()} events: Weir SCD 1`, show(scd1),
        `${(scd1.min / merge.min).toFixed(2)}x MERGE (median ${(scd1.median / merge.median).toFixed(2)}x); last batch upserted ${m1.num_upserted_rows}, deleted ${m1.num_deleted_rows}`]);
      push([`${n.toLocaleString()} events: Weir SCD 2`, show(scd2),
        `${(scd2.min / merge.min).toFixed(2)}x MERGE; last batch wrote ${m2.num_output_rows} versions`]);
    }
    const sizes = (await conn.runAndReadAll(`SELECT (SELECT count(*) FROM main.scd1) a, (SELECT count(*) FROM main.baseline) b, (SELECT count(*) FROM main.scd2) c`)).getRowObjectsJson()[0];
    push(['rows after: SCD1 / MERGE baseline / SCD2', `${sizes.a} / ${sizes.b}`, `${sizes.c}`]);
  } finally {
    conn.closeSync();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  for (const r of rows) console.log(`${r[0].padEnd(w0)}  ${r[1].padStart(w1)}  ${r[2]}`);
}

await main();
