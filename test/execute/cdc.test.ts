import { describe, expect, it } from 'vitest';
import { Fixture } from './helpers/run-fixture.js';
import { makePipeline } from './helpers/make-pipeline.js';

describe('CDC flows through the runner (src/cdc, SEMANTICS §5)', () => {
  it('applies only new change rows each run, counts upserts and deletes, and full refresh reapplies everything', async () => {
    const f = new Fixture();
    f.file('c/1.json', [{ id: 1, v: 'a', seq: 1, op: 'U' }, { id: 2, v: 'b', seq: 1, op: 'U' }]);
    const p = makePipeline({
      datasets: {
        changes: { kind: 'st', query: `SELECT * FROM {files:json ${f.landing}/c/*.json}` },
        customers: { kind: 'st', cdc: { source: 'SELECT id, v, seq, op FROM {stream changes}', keys: ['id'], sequenceBy: 'seq', deleteWhen: "op = 'D'" } },
      },
    });
    const r1 = await f.run(p);
    expect(r1.exitCode).toBe(0);
    expect(f.result(r1.results, 'customers')).toMatchObject({ status: 'COMPLETED', num_upserted_rows: 2, num_deleted_rows: 0 });
    f.file('c/2.json', [{ id: 1, v: 'a2', seq: 2, op: 'U' }, { id: 2, v: null, seq: 2, op: 'D' }]);
    const r2 = await f.run(p);
    expect(f.result(r2.results, 'customers')).toMatchObject({ rows_read: 2, num_upserted_rows: 1, num_deleted_rows: 1 });
    expect(await f.query('SELECT id::INT AS id, v FROM main.customers ORDER BY id')).toEqual([{ id: 1, v: 'a2' }]);
    expect((await f.run(p)).status.customers).toBe('IDLE');
    const r4 = await f.run(p, { fullRefreshAll: true });
    expect(r4.status.customers).toBe('COMPLETED');
    expect(await f.query('SELECT id::INT AS id, v FROM main.customers ORDER BY id')).toEqual([{ id: 1, v: 'a2' }]);
  });
});
