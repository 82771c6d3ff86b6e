import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queryReadOnly, runCli, writeProject } from '../helpers/cli.js';

/**
 * `CREATE STREAMING LIVE VIEW v AS SELECT ... FROM STREAM(x)` read downstream with STREAM(v) (the dbdemos pattern,
 * also as the source of APPLY CHANGES): each reader gets each new row of x exactly once, through v's query.
 */
describe('STREAM of a streaming view', () => {
  const dir = writeProject({
    'weir.yml': 'name: sv\n',
    'p.sql': `CREATE OR REFRESH STREAMING TABLE raw_txs AS
SELECT * FROM STREAM read_files('data/txs/*.csv', format => 'csv', header => true);

CREATE STREAMING LIVE VIEW new_txs AS
SELECT id, upper(status) AS status, amount, seq FROM STREAM(LIVE.raw_txs) WHERE amount > 0;

CREATE OR REFRESH STREAMING TABLE txs_log AS
SELECT * FROM STREAM(LIVE.new_txs);

CREATE OR REFRESH STREAMING TABLE txs_current;
APPLY CHANGES INTO LIVE.txs_current FROM STREAM(LIVE.new_txs) KEYS (id) SEQUENCE BY seq;

CREATE OR REFRESH MATERIALIZED VIEW paid_count AS
SELECT count(*) AS n FROM LIVE.new_txs WHERE status = 'PAID';
`,
    'data/txs/1.csv': 'id,status,amount,seq\n1,open,10,1\n2,open,-5,1\n3,paid,7,1\n',
  });
  const db = join(dir, 'target', 'sv.duckdb');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const q = (sql: string) => queryReadOnly(db, sql);

  it('reads each new row once, on every run, also as a CDC source', async () => {
    const first = await runCli(['run', '--project', dir], dir);
    expect(first.code).toBe(0);
    expect(await q('SELECT id, status FROM main.txs_log ORDER BY id')).toEqual([{ id: '1', status: 'OPEN' }, { id: '3', status: 'PAID' }]);
    expect(await q('SELECT id, status FROM main.txs_current ORDER BY id')).toEqual([{ id: '1', status: 'OPEN' }, { id: '3', status: 'PAID' }]);

    const idle = await runCli(['run', '--project', dir], dir);
    expect(idle.code).toBe(0);
    expect(await q('SELECT count(*)::INT AS n FROM main.txs_log')).toEqual([{ n: 2 }]);

    writeFileSync(join(dir, 'data', 'txs', '2.csv'), 'id,status,amount,seq\n1,paid,10,2\n4,open,3,1\n');
    const second = await runCli(['run', '--project', dir], dir);
    expect(second.code).toBe(0);
    expect(await q('SELECT id, status FROM main.txs_log ORDER BY id, status')).toEqual([
      { id: '1', status: 'OPEN' }, { id: '1', status: 'PAID' }, { id: '3', status: 'PAID' }, { id: '4', status: 'OPEN' },
    ]);
    expect(await q('SELECT id, status FROM main.txs_current ORDER BY id')).toEqual([
      { id: '1', status: 'PAID' }, { id: '3', status: 'PAID' }, { id: '4', status: 'OPEN' },
    ]);
    expect(await q('SELECT n::INT AS n FROM main.paid_count')).toEqual([{ n: 2 }]);
  });

  it('refuses STREAM of a view that reads no stream', async () => {
    const bad = writeProject({
      'weir.yml': 'name: bad\n',
      'p.sql': `CREATE MATERIALIZED VIEW src AS SELECT 1 AS id;
CREATE TEMPORARY VIEW v AS SELECT * FROM src;
CREATE OR REFRESH STREAMING TABLE t AS SELECT * FROM STREAM(v);
`,
    });
    try {
      const r = await runCli(['compile', '--project', bad], bad);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^p\.sql:3:\d+: error WEIR3007: STREAM\(v\) reads a view whose query reads no stream/m);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
