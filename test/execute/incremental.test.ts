import { describe, expect, it } from 'vitest';
import { Fixture } from './helpers/run-fixture.js';
import { makePipeline } from './helpers/make-pipeline.js';

function shop(f: Fixture) {
  return makePipeline({
    datasets: {
      raw_orders: { kind: 'st', query: `SELECT * FROM {files:json ${f.landing}/orders/*.json}` },
      clean_orders: { kind: 'st', query: 'SELECT id, amount FROM {stream raw_orders} WHERE amount IS NOT NULL' },
      totals: { kind: 'mv', query: 'SELECT count(*) AS n, sum(amount) AS total FROM {clean_orders}' },
    },
  });
}

describe('incremental runs (SEMANTICS §3)', () => {
  it('ingests each file exactly once, reads STREAM offsets, and goes IDLE / NO-OP on a rerun with no input', async () => {
    const f = new Fixture();
    f.file('orders/1.json', [{ id: 1, amount: 10 }, { id: 2, amount: 20 }]);
    f.file('orders/2.json', [{ id: 3, amount: null }]);
    const p = shop(f);
    const r1 = await f.run(p);
    expect(r1.exitCode).toBe(0);
    expect(r1.status).toEqual({ raw_orders: 'COMPLETED', clean_orders: 'COMPLETED', totals: 'COMPLETED' });
    expect(f.result(r1.results, 'raw_orders')).toMatchObject({ rows_written: 3, files_read: 2 });
    expect(f.result(r1.results, 'clean_orders')).toMatchObject({ rows_read: 2, rows_written: 2 });

    const r2 = await f.run(p);
    expect(r2.status).toEqual({ raw_orders: 'IDLE', clean_orders: 'IDLE', totals: 'NO-OP' });
    expect(await f.query('SELECT count(*)::INT AS n FROM main.raw_orders')).toEqual([{ n: 3 }]);

    f.file('orders/3.json', [{ id: 4, amount: 40 }]);
    const r3 = await f.run(p);
    expect(r3.status).toEqual({ raw_orders: 'COMPLETED', clean_orders: 'COMPLETED', totals: 'COMPLETED' });
    expect(f.result(r3.results, 'raw_orders')).toMatchObject({ rows_written: 1, files_read: 1 });
    expect(f.result(r3.results, 'clean_orders')).toMatchObject({ rows_read: 1, rows_written: 1 });
    expect(await f.query('SELECT n::INT AS n, total::INT AS total FROM main.totals')).toEqual([{ n: 3, total: 70 }]);
    expect(await f.query('SELECT count(*)::INT AS n FROM main.clean_orders')).toEqual([{ n: 3 }]);
  });

  it('full refresh truncates, clears checkpoints and the ledger, and reprocesses everything', async () => {
    const f = new Fixture();
    f.file('orders/1.json', [{ id: 1, amount: 10 }]);
    const p = shop(f);
    await f.run(p);
    f.file('orders/2.json', [{ id: 2, amount: 5 }]);
    const r = await f.run(p, { fullRefreshAll: true });
    expect(r.status).toEqual({ raw_orders: 'COMPLETED', clean_orders: 'COMPLETED', totals: 'COMPLETED' });
    expect(f.result(r.results, 'raw_orders')).toMatchObject({ rows_written: 2, files_read: 2 });
    expect(await f.query('SELECT count(*)::INT AS n FROM main.clean_orders')).toEqual([{ n: 2 }]);
    // A full refresh of the upstream alone replaces its rows (new generation): the downstream's offsets mean nothing
    // in them, so it fails (keeping its rows: no duplicates, no loss) until it is fully refreshed too.
    const r2 = await f.run(p, { fullRefresh: ['raw_orders'] });
    expect(r2.status).toMatchObject({ raw_orders: 'COMPLETED', clean_orders: 'EXCLUDED', totals: 'EXCLUDED' });
    const r3 = await f.run(p);
    expect(r3.status).toEqual({ raw_orders: 'IDLE', clean_orders: 'FAILED', totals: 'SKIPPED' });
    expect(r3.lines.join('\n')).toContain('run --full-refresh clean_orders to rebuild it from the current raw_orders');
    expect(await f.query('SELECT count(*)::INT AS n FROM main.raw_orders')).toEqual([{ n: 2 }]);
    expect(await f.query('SELECT count(*)::INT AS n FROM main.clean_orders')).toEqual([{ n: 2 }]);
    const r4 = await f.run(p, { fullRefresh: ['clean_orders'] });
    expect(r4.status.clean_orders).toBe('COMPLETED');
    expect(await f.query('SELECT count(*)::INT AS n FROM main.clean_orders')).toEqual([{ n: 2 }]);
  });

  it('--refresh updates only the named datasets; others are EXCLUDED', async () => {
    const f = new Fixture();
    f.file('orders/1.json', [{ id: 1, amount: 10 }]);
    const p = shop(f);
    const r = await f.run(p, { refresh: ['raw_orders'] });
    expect(r.status).toEqual({ raw_orders: 'COMPLETED', clean_orders: 'EXCLUDED', totals: 'EXCLUDED' });
    expect(await f.query(`SELECT count(*)::INT AS n FROM information_schema.tables WHERE table_name = 'totals'`)).toEqual([{ n: 0 }]);
    // The event log says so too (SEMANTICS §6 flow states): one EXCLUDED flow_progress event per left-out flow; the
    // selected flow is QUEUED, RUNNING, then COMPLETED.
    expect(await f.query(`SELECT origin.dataset_name AS d, details->>'$.flow_progress.status' AS s FROM _weir.event_log
      WHERE event_type = 'flow_progress' ORDER BY sequence`)).toEqual([
      { d: 'clean_orders', s: 'EXCLUDED' }, { d: 'totals', s: 'EXCLUDED' },
      { d: 'raw_orders', s: 'QUEUED' }, { d: 'raw_orders', s: 'RUNNING' }, { d: 'raw_orders', s: 'COMPLETED' },
    ]);
    const bad = await f.run(p, { refresh: ['raw_order'] });
    expect(bad.exitCode).toBe(2);
    expect(bad.lines.join('\n')).toContain('did you mean raw_orders?');
  });

  it('several append flows into one table, a ONCE flow runs once and again after a full refresh', async () => {
    const f = new Fixture();
    f.file('a/1.json', [{ id: 1 }]);
    f.file('b/1.json', [{ id: 100 }]);
    const p = makePipeline({
      datasets: {
        all_ids: {
          kind: 'st', query: `SELECT id, 'a' AS src FROM {files:json ${f.landing}/a/*.json}`,
          flows: {
            from_b: { query: `SELECT id, 'b' AS src FROM {files:json ${f.landing}/b/*.json}` },
            backfill: { query: `SELECT 0 AS id, 'backfill' AS src`, once: true },
          },
        },
      },
    });
    const r1 = await f.run(p);
    expect(f.result(r1.results, 'all_ids').rows_written).toBe(3);
    f.file('b/2.json', [{ id: 101 }]);
    const r2 = await f.run(p);
    expect(f.result(r2.results, 'all_ids')).toMatchObject({ status: 'COMPLETED', rows_written: 1 });
    expect(await f.query('SELECT src, count(*)::INT AS n FROM main.all_ids GROUP BY ALL ORDER BY src'))
      .toEqual([{ src: 'a', n: 1 }, { src: 'b', n: 2 }, { src: 'backfill', n: 1 }]);
    expect((await f.run(p)).status.all_ids).toBe('IDLE');
    await f.run(p, { fullRefresh: ['all_ids'] });
    expect(await f.query('SELECT src, count(*)::INT AS n FROM main.all_ids GROUP BY ALL ORDER BY src'))
      .toEqual([{ src: 'a', n: 1 }, { src: 'b', n: 2 }, { src: 'backfill', n: 1 }]);
  });

  it('maxFilesPerTrigger splits ingestion into micro-batches but reads every new file in the run', async () => {
    const f = new Fixture();
    for (let i = 0; i < 5; i++) f.file(`m/${i}.json`, [{ id: i }]);
    const p = makePipeline({ datasets: { t: { kind: 'st', query: `SELECT id FROM {files:json:2 ${f.landing}/m/*.json}` } } });
    const r = await f.run(p);
    expect(f.result(r.results, 't')).toMatchObject({ rows_written: 5, files_read: 5 });
    expect(await f.query('SELECT count(DISTINCT id)::INT AS n, count(*)::INT AS c FROM main.t')).toEqual([{ n: 5, c: 5 }]);
  });
});

describe('recovery', () => {
  it('a streaming table dropped by hand is rebuilt from all input instead of staying IDLE over nothing', async () => {
    const f = new Fixture();
    f.file('o/1.json', [{ id: 1 }]);
    f.file('o/_SUCCESS', 'x'); f.file('o/empty.json', '');
    const p = makePipeline({ datasets: { t: { kind: 'st', query: `SELECT id FROM {files:json ${f.landing}/o/*}` } } });
    expect(f.result((await f.run(p)).results, 't').files_read).toBe(1);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(f.databasePath);
    const conn = await inst.connect();
    await conn.run('DROP TABLE main.t');
    conn.closeSync();
    inst.closeSync();
    const r = await f.run(p);
    expect(f.result(r.results, 't')).toMatchObject({ status: 'COMPLETED', rows_written: 1 });
  });
});

describe('selection in a run', () => {
  it('--select +x runs x and its ancestors; the rest is EXCLUDED and untouched', async () => {
    const f = new Fixture();
    const p = makePipeline({
      datasets: {
        a: { kind: 'mv', query: 'SELECT 1 AS v' },
        b: { kind: 'mv', query: 'SELECT v + 1 AS v FROM {a}' },
        c: { kind: 'mv', query: 'SELECT v + 1 AS v FROM {b}' },
        z: { kind: 'mv', query: 'SELECT 0 AS v' },
      },
    });
    const r = await f.run(p, { select: ['+b'] });
    expect(r.status).toEqual({ a: 'COMPLETED', b: 'COMPLETED', c: 'EXCLUDED', z: 'EXCLUDED' });
    expect(r.lines.at(-1)).toBe('Done. PASS=2 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=2');
    const r2 = await f.run(p, { exclude: ['a'] });
    expect(r2.status).toEqual({ a: 'EXCLUDED', b: 'NO-OP', c: 'COMPLETED', z: 'COMPLETED' });
  });
});
