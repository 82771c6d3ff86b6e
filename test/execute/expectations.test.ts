import { describe, expect, it } from 'vitest';
import { Fixture } from './helpers/run-fixture.js';
import { makePipeline } from './helpers/make-pipeline.js';

const rows = [
  { id: 1, amount: 10, email: 'a@x' },
  { id: 2, amount: -5, email: null }, // fails both drop rules: dropped once
  { id: 3, amount: null, email: 'c@x' }, // NULL condition: a violation, not a pass
  { id: 4, amount: 7, email: 'd@x' },
];

describe('expectations (SEMANTICS §4)', () => {
  it('warn / drop metrics: NULL counts as failed, a row failing two drop rules is dropped once, read = written + dropped', async () => {
    const f = new Fixture();
    f.file('o/1.json', rows);
    const p = makePipeline({
      datasets: {
        orders: {
          kind: 'st', query: `SELECT * FROM {files:json ${f.landing}/o/*.json}`,
          expect: [
            ['positive_amount', 'amount > 0', 'drop'],
            ['has_email', 'email IS NOT NULL', 'drop'],
            ['small_id', 'id < 4', 'warn'],
          ],
        },
      },
    });
    const r = await f.run(p);
    expect(r.exitCode).toBe(0);
    const res = f.result(r.results, 'orders');
    expect(res.status).toBe('WARN');
    expect(res.expectations.map((e) => [e.name, e.passed_records, e.failed_records])).toEqual([
      ['positive_amount', 2, 2], ['has_email', 3, 1], ['small_id', 3, 1],
    ]);
    expect(res).toMatchObject({ rows_read: 4, rows_dropped: 2, rows_written: 2 });
    expect(res.rows_read).toBe(res.rows_written + res.rows_dropped);
    expect(await f.query('SELECT id::INT AS id FROM main.orders ORDER BY id')).toEqual([{ id: 1 }, { id: 4 }]);
    const ev = await f.query(`SELECT details::VARCHAR AS d FROM _weir.event_log WHERE event_type = 'flow_progress' AND level = 'METRICS'`);
    const details = JSON.parse(String(ev[0].d));
    expect(details.flow_progress.metrics.num_output_rows).toBe(2);
    expect(details.flow_progress.data_quality.dropped_records).toBe(2);
    expect(details.flow_progress.data_quality.expectations).toContainEqual({ name: 'has_email', dataset: 'orders', passed_records: 3, failed_records: 1 });
  });

  it('dropped_records is 0 when nothing is dropped, for an MV over all rows', async () => {
    const f = new Fixture();
    f.file('o/1.json', rows);
    const p = makePipeline({
      datasets: {
        orders: { kind: 'st', query: `SELECT * FROM {files:json ${f.landing}/o/*.json}` },
        ids: { kind: 'mv', query: 'SELECT id FROM {orders}', expect: [['id_known', 'id IS NOT NULL', 'drop']] },
      },
    });
    const r = await f.run(p);
    expect(f.result(r.results, 'ids')).toMatchObject({ status: 'COMPLETED', rows_read: 4, rows_written: 4, rows_dropped: 0 });
  });

  it('FAIL UPDATE rolls back, keeps the previous data, SKIPs downstream, lets an independent branch run, exit 1', async () => {
    const f = new Fixture();
    f.file('o/1.json', [{ id: 1, amount: 10 }]);
    const p = makePipeline({
      datasets: {
        orders: { kind: 'st', query: `SELECT * FROM {files:json ${f.landing}/o/*.json}`, expect: [['positive', 'amount > 0', 'fail']] },
        order_totals: { kind: 'mv', query: 'SELECT sum(amount) AS total FROM {orders}' },
        other: { kind: 'mv', query: 'SELECT 42 AS answer' },
      },
    });
    expect((await f.run(p)).exitCode).toBe(0);
    for (let i = 0; i < 7; i++) f.file(`o/bad${i}.json`, [{ id: 10 + i, amount: -i }]);
    const r = await f.run(p, {}, { runId: 'run-2' });
    expect(r.exitCode).toBe(1);
    expect(r.status).toEqual({ orders: 'FAILED', order_totals: 'SKIPPED', other: 'NO-OP' });
    const res = f.result(r.results, 'orders');
    expect(res.expectations).toContainEqual(expect.objectContaining({ name: 'positive', passed_records: 0, failed_records: 7 }));
    const failing = (res.adapter_response as { failing_rows: unknown[] }).failing_rows;
    expect(failing).toHaveLength(5);
    expect(r.lines.join('\n')).toMatch(/expectation positive failed on 7 of 7 rows of orders/);
    expect(await f.query('SELECT count(*)::INT AS n FROM main.orders')).toEqual([{ n: 1 }]);
    // The files of the failed update were not recorded: fixing the rule later ingests them (nothing lost).
    expect(await f.query(`SELECT count(*)::INT AS n FROM _weir.file_ledger`)).toEqual([{ n: 1 }]);
    // Events of the rolled-back update survive.
    const ev = await f.query(`SELECT level FROM _weir.event_log WHERE origin.update_id = 'run-2' AND event_type = 'flow_progress' AND origin.dataset_name = 'orders' ORDER BY sequence`);
    expect(ev).toEqual([{ level: 'INFO' }, { level: 'INFO' }, { level: 'ERROR' }]);
  });

  it('a condition that is not BOOLEAN fails the update instead of counting non-zero values as passing (Spark refuses it)', async () => {
    const f = new Fixture();
    f.file('o/1.json', [{ id: 1, amount: 10 }, { id: 2, amount: 0 }]);
    const p = makePipeline({
      datasets: {
        orders: { kind: 'st', query: `SELECT * FROM {files:json ${f.landing}/o/*.json}`, expect: [['has_amount', 'amount', 'warn']] },
        named: { kind: 'mv', query: 'SELECT id FROM {orders}', expect: [['bare_null', 'NULL', 'warn']] },
      },
    });
    const r = await f.run(p);
    expect(r.exitCode).toBe(1);
    expect(r.status).toEqual({ orders: 'FAILED', named: 'SKIPPED' });
    expect(r.lines.join('\n')).toMatch(/an expectation's condition must be BOOLEAN, but this one is BIGINT/);
    expect(await f.query(`SELECT count(*)::INT AS n FROM information_schema.tables WHERE table_name = 'orders'`)).toEqual([{ n: 0 }]);
    // A bare NULL is a NULL BOOLEAN: every row fails it, nothing errors.
    const q = makePipeline({ datasets: { named: { kind: 'mv', query: 'SELECT 1 AS id', expect: [['bare_null', 'NULL', 'warn']] } } });
    const g = new Fixture();
    const ok = await g.run(q);
    expect(g.result(ok.results, 'named').expectations).toContainEqual(expect.objectContaining({ name: 'bare_null', passed_records: 0, failed_records: 1 }));
  });

  it('LIVE VIEW expectations are counted when the view is refreshed', async () => {
    const f = new Fixture();
    const p = makePipeline({
      datasets: {
        v: { kind: 'tv', liveView: true, query: 'SELECT * FROM range(10) t(x)', expect: [['even', 'x % 2 = 0', 'drop']] },
        m: { kind: 'mv', query: 'SELECT count(*)::INT AS n FROM {v}' },
      },
    });
    const r = await f.run(p);
    expect(f.result(r.results, 'v')).toMatchObject({ status: 'WARN', rows_read: 10, rows_dropped: 5, rows_written: 5 });
    expect(await f.query('SELECT n FROM main.m')).toEqual([{ n: 5 }]);
  });
});
