import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queryReadOnly, runCli, writeProject } from '../helpers/cli.js';

const PIPELINE = `CREATE OR REFRESH STREAMING TABLE raw_orders
AS SELECT * FROM STREAM read_files('data/orders/*.json', format => 'json');

CREATE OR REFRESH STREAMING TABLE clean_orders (
  CONSTRAINT valid_amount EXPECT (amount > 0) ON VIOLATION DROP ROW,
  CONSTRAINT has_customer EXPECT (customer_id IS NOT NULL) ON VIOLATION DROP ROW
)
TBLPROPERTIES ('weir.quarantine' = 'true', 'weir.expect.valid_amount.fail_above' = '50%')
AS SELECT order_id, customer_id, amount FROM STREAM(raw_orders);

CREATE MATERIALIZED VIEW customers (
  CONSTRAINT customers_pk PRIMARY KEY (customer_id)
) TBLPROPERTIES ('weir.constraints' = 'fail', 'weir.expect_row_count' = '>= 1')
AS SELECT DISTINCT customer_id FROM clean_orders;

CREATE MATERIALIZED VIEW order_facts (
  CONSTRAINT order_customer FOREIGN KEY (customer_id) REFERENCES customers (customer_id),
  UNIQUE (order_id)
) AS SELECT * FROM clean_orders;
`;

function batch(dir: string, n: number, rows: object[]): void {
  mkdirSync(join(dir, 'data', 'orders'), { recursive: true });
  writeFileSync(join(dir, 'data', 'orders', `batch-${n}.json`), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

async function query(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  return queryReadOnly(join(dir, 'target', 'gates.duckdb'), sql);
}

describe('quality gates in weir run (issue 7)', () => {
  it('quarantines dropped rows, applies thresholds, and checks keys before commit', async () => {
    const dir = writeProject({ 'weir.yml': 'name: gates\n', 'p.sql': PIPELINE });
    batch(dir, 1, [
      { order_id: 1, customer_id: 10, amount: 5 },
      { order_id: 2, customer_id: 10, amount: -1 },
      { order_id: 3, customer_id: null, amount: -2 },
      { order_id: 4, customer_id: 11, amount: 7 },
      { order_id: 5, customer_id: 12, amount: 9 },
    ]);
    const first = await runCli(['run', '--project', dir], dir);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain('2 dropped row(s) kept in clean_orders_quarantine');
    const q = await query(dir, 'SELECT order_id, _weir_failed_expectations AS failed, _weir_run_id IS NOT NULL AS has_run FROM clean_orders_quarantine ORDER BY order_id');
    expect(q).toEqual([
      { order_id: '2', failed: ['valid_amount'], has_run: true },
      { order_id: '3', failed: ['valid_amount', 'has_customer'], has_run: true },
    ]);
    // rows in = rows written + rows quarantined (+ rows dropped without quarantine: none here)
    const counts = (await query(dir, 'SELECT (SELECT count(*) FROM raw_orders) AS rows_in, (SELECT count(*) FROM clean_orders) AS written, (SELECT count(*) FROM clean_orders_quarantine) AS quarantined'))[0];
    expect(Number(counts.rows_in)).toBe(Number(counts.written) + Number(counts.quarantined));
    expect(first.stdout).toMatch(/check primary-key|OK customers/);

    // A batch where more than half the amounts are bad exceeds fail_above 50%: the update rolls back.
    batch(dir, 2, [{ order_id: 6, customer_id: 13, amount: -1 }, { order_id: 7, customer_id: 13, amount: -1 }, { order_id: 8, customer_id: 13, amount: 1 }]);
    const second = await runCli(['run', '--project', dir], dir);
    expect(second.code).toBe(1);
    expect(second.stdout).toContain('expectation valid_amount failed on 2 of 3 rows of clean_orders (more than fail_above 50%)');
    expect((await query(dir, 'SELECT count(*) AS n FROM clean_orders'))[0].n).toBe('3');
    expect((await query(dir, 'SELECT count(*) AS n FROM clean_orders_quarantine'))[0].n).toBe('2');

    // A full refresh reprocesses all input: the quarantine is rebuilt with it, not appended to (no duplicates).
    rmSync(join(dir, 'data', 'orders', 'batch-2.json'));
    const refreshed = await runCli(['run', '--project', dir, '--full-refresh', 'raw_orders,clean_orders'], dir);
    expect(refreshed.code).toBe(0);
    expect((await query(dir, 'SELECT count(*) AS n, count(DISTINCT order_id) AS orders FROM clean_orders_quarantine'))[0]).toEqual({ n: '2', orders: '2' });
  });

  it('fails the update on a duplicate primary key when weir.constraints = fail, keeping the previous data', async () => {
    const dir = writeProject({
      'weir.yml': 'name: gates\n',
      'p.sql': `CREATE OR REFRESH STREAMING TABLE raw AS SELECT * FROM STREAM read_files('data/orders/*.json', format => 'json');
CREATE MATERIALIZED VIEW customers (CONSTRAINT pk PRIMARY KEY (customer_id))
TBLPROPERTIES ('weir.constraints' = 'fail') AS SELECT customer_id, name FROM raw;
CREATE MATERIALIZED VIEW downstream AS SELECT * FROM customers;
CREATE MATERIALIZED VIEW warned (UNIQUE (name)) AS SELECT customer_id, name FROM raw;`,
    });
    batch(dir, 1, [{ customer_id: 1, name: 'a' }, { customer_id: 2, name: 'a' }]);
    const ok = await runCli(['run', '--project', dir], dir);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain('check unique unique_warned(name) (warn): 2 failed');
    batch(dir, 2, [{ customer_id: 1, name: 'b' }]);
    const bad = await runCli(['run', '--project', dir], dir);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('primary key (customer_id) of customers: keys are unique and not NULL failed on 2 rows of customers');
    expect(bad.stdout).toMatch(/SKIP.*downstream|downstream.*SKIPPED/);
    expect((await query(dir, 'SELECT count(*) AS n FROM customers'))[0].n).toBe('2');
  });
});
