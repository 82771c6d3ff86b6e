import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastChecks, queryReadOnly, runCli, writeProject } from '../helpers/cli.js';

// FINDINGS §3: a streaming table's table-level checks are in the event log like its expectations.
// FINDINGS §4: after a key check warned, later appends check the whole table again until it is clean.

const PIPELINE = `CREATE OR REFRESH MATERIALIZED VIEW customers (CONSTRAINT customers_pk PRIMARY KEY (customer_id))
AS SELECT * FROM (VALUES (1), (2)) t(customer_id);
CREATE OR REFRESH STREAMING TABLE orders (
  CONSTRAINT valid_amount EXPECT (amount > 0),
  CONSTRAINT orders_pk PRIMARY KEY (order_id),
  CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (customer_id)
) TBLPROPERTIES ('weir.expect_row_count' = '>= 1')
AS SELECT CAST(order_id AS BIGINT) AS order_id, CAST(customer_id AS BIGINT) AS customer_id, CAST(amount AS INT) AS amount
FROM STREAM read_files('data/orders/*.json', format => 'json');
`;

function batch(dir: string, n: number, rows: object[]): void {
  mkdirSync(join(dir, 'data', 'orders'), { recursive: true });
  writeFileSync(join(dir, 'data', 'orders', `batch-${n}.json`), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

const check = (dir: string, name: string): [number, number, string | undefined] => {
  const e = lastChecks(dir, 'orders')[name];
  return [e.passed_records, e.failed_records, e.status];
};

describe('table-level checks of streaming tables', () => {
  it('are counted in the event log like expectations', async () => {
    const dir = writeProject({ 'weir.yml': 'name: st\n', 'p.sql': PIPELINE });
    batch(dir, 1, [{ order_id: 1, customer_id: 1, amount: 5 }, { order_id: 2, customer_id: 9, amount: 5 }]);
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    const rows = await queryReadOnly(join(dir, 'target', 'st.duckdb'), `
      SELECT e->>'name' AS name, (e->>'passed_records')::INT AS passed, (e->>'failed_records')::INT AS failed
      FROM _weir.event_log, unnest(CAST(details->'$.flow_progress.data_quality.expectations' AS JSON[])) AS t(e)
      WHERE event_type = 'flow_progress' AND origin.dataset_name = 'orders' AND level = 'METRICS' ORDER BY name`);
    expect(rows).toEqual([
      { name: 'orders_customer', passed: 1, failed: 1 },
      { name: 'orders_pk', passed: 2, failed: 0 },
      { name: 'row_count >= 1', passed: 1, failed: 0 },
      { name: 'valid_amount', passed: 2, failed: 0 },
    ]);
  });

  it('keep reporting violations still in the table after a warning, and check only new rows once clean', async () => {
    const dir = writeProject({ 'weir.yml': 'name: st\n', 'p.sql': PIPELINE });
    batch(dir, 1, [{ order_id: 1, customer_id: 1, amount: 5 }, { order_id: 1, customer_id: 9, amount: 5 }]);
    const first = await runCli(['run', '--project', dir], dir);
    expect(first.stdout).toContain('WARN orders');
    expect(check(dir, 'orders_pk')).toEqual([0, 2, 'warn']);
    expect(check(dir, 'orders_customer')).toEqual([1, 1, 'warn']);
    // A clean batch: the duplicate and the orphan are still in the table, so the whole table is checked again.
    batch(dir, 2, [{ order_id: 3, customer_id: 2, amount: 5 }]);
    const second = await runCli(['run', '--project', dir], dir);
    expect(second.stdout).toContain('WARN orders');
    expect(check(dir, 'orders_pk')).toEqual([1, 2, 'warn']);
    expect(check(dir, 'orders_customer')).toEqual([2, 1, 'warn']);
    // Cleaned by a full refresh: then an append checks only its new row (the cheap path).
    rmSync(join(dir, 'data', 'orders', 'batch-1.json'));
    expect((await runCli(['run', '--project', dir, '--full-refresh', 'orders'], dir)).stdout).toContain('OK orders');
    expect(check(dir, 'orders_pk')).toEqual([1, 0, 'pass']);
    batch(dir, 3, [{ order_id: 4, customer_id: 1, amount: 5 }]);
    expect((await runCli(['run', '--project', dir], dir)).stdout).toContain('OK orders');
    expect(check(dir, 'orders_pk')).toEqual([1, 0, 'pass']);
    expect(check(dir, 'orders_customer')).toEqual([1, 0, 'pass']);
  });
});
