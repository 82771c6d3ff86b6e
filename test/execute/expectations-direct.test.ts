import { describe, expect, it } from 'vitest';
import { Fixture } from './helpers/run-fixture.js';
import { makePipeline } from './helpers/make-pipeline.js';

// Without a DROP ROW rule, a write that creates its table (MV refresh, a streaming table's first batch) goes
// straight from the query into the table and the expectations are counted over it (src/execute/write-batch.ts
// writeThenCount); appends to an existing table keep the materialised batch. Either way the counts must cover
// exactly this update's rows, and a FAIL UPDATE must leave the previous content.
describe('expectations without DROP rules (counted over the written rows)', () => {
  it('counts only the appended rows: an existing table, several micro-batches in one transaction, NULL fails', async () => {
    const f = new Fixture();
    f.file('o/0.json', [{ id: 1, amount: 10 }, { id: 2, amount: -1 }]);
    const p = makePipeline({
      datasets: {
        orders: {
          kind: 'st', query: `SELECT id, amount FROM {files:json:2 ${f.landing}/o/*.json}`,
          expect: [['positive', 'amount > 0', 'warn'], ['has_id', 'id IS NOT NULL', 'fail']],
        },
        totals: { kind: 'mv', query: 'SELECT count(*)::INT AS n, sum(amount)::INT AS s FROM {orders}', expect: [['some', 'n > 100', 'warn']] },
      },
    });
    const r1 = await f.run(p);
    expect(r1.exitCode).toBe(0);
    expect(f.result(r1.results, 'orders').expectations.map((e) => [e.name, e.passed_records, e.failed_records])).toEqual([['positive', 1, 1], ['has_id', 2, 0]]);
    // 5 new files, micro-batches of 2: 5 rows, 2 of them failing positive (one NULL).
    for (let i = 1; i <= 5; i++) f.file(`o/${i}.json`, [{ id: 10 + i, amount: i === 2 ? null : i === 4 ? -3 : i }]);
    const r2 = await f.run(p, {}, { runId: 'run-2' });
    expect(r2.exitCode).toBe(0);
    const res = f.result(r2.results, 'orders');
    expect(res).toMatchObject({ status: 'WARN', rows_read: 5, rows_written: 5, rows_dropped: 0, files_read: 5 });
    expect(res.expectations.map((e) => [e.name, e.passed_records, e.failed_records])).toEqual([['positive', 3, 2], ['has_id', 5, 0]]);
    expect(f.result(r2.results, 'totals')).toMatchObject({ status: 'WARN', rows_read: 1, rows_written: 1 });
    expect(await f.query('SELECT count(*)::INT AS n FROM main.orders')).toEqual([{ n: 7 }]);
  });

  it('FAIL UPDATE on a new or replaced table rolls it back and reports up to 5 violating rows', async () => {
    const f = new Fixture();
    f.file('o/0.json', [{ id: 1 }, ...Array.from({ length: 7 }, (_, i) => ({ id: 200 + i }))]);
    const p = makePipeline({
      datasets: {
        t: { kind: 'st', query: `SELECT id FROM {files:json ${f.landing}/o/*.json}`, expect: [['small', 'id < 100', 'fail']] },
      },
    });
    const r = await f.run(p);
    expect(r.exitCode).toBe(1);
    const res = f.result(r.results, 't');
    expect(res.expectations).toContainEqual(expect.objectContaining({ name: 'small', passed_records: 1, failed_records: 7 }));
    const failing = (res.adapter_response as { failing_rows: { id: unknown }[] }).failing_rows;
    expect(failing).toHaveLength(5);
    for (const row of failing) expect(Number(row.id)).toBeGreaterThanOrEqual(200);
    expect(await f.query(`SELECT count(*)::INT AS n FROM information_schema.tables WHERE table_name = 't'`)).toEqual([{ n: 0 }]);

    const g = new Fixture();
    g.file('o/0.json', [{ id: 1 }]);
    const mv = (limit: number) => makePipeline({
      datasets: {
        src: { kind: 'st', query: `SELECT id FROM {files:json ${g.landing}/o/*.json}` },
        m: { kind: 'mv', query: 'SELECT id FROM {src}', expect: [['small', `id < ${limit}`, 'fail']] },
      },
    });
    expect((await g.run(mv(100))).exitCode).toBe(0);
    g.file('o/1.json', [{ id: 500 }]);
    const r2 = await g.run(mv(100), {}, { runId: 'run-2' });
    expect(r2.status).toEqual({ src: 'COMPLETED', m: 'FAILED' });
    expect(g.result(r2.results, 'm').expectations).toContainEqual(expect.objectContaining({ name: 'small', passed_records: 1, failed_records: 1 }));
    expect(await g.query('SELECT id::INT AS id FROM main.m')).toEqual([{ id: 1 }]);
  });
});
