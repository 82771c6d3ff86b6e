import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastChecks, queryReadOnly, runCli, writeProject } from '../helpers/cli.js';

// Key checks on an append look at the new rows only (src/execute/quality-gates.ts), and must still catch a
// duplicate that arrives in a later batch and a foreign key broken by a change of its parent.

function batch(dir: string, folder: string, n: number, rows: object[]): void {
  mkdirSync(join(dir, 'data', folder), { recursive: true });
  writeFileSync(join(dir, 'data', folder, `batch-${n}.json`), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

async function query(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  return queryReadOnly(join(dir, 'target', 'keys.duckdb'), sql);
}

/** passed / failed records of a check in the last run (target/run_results.json). */
function lastCheck(dir: string, dataset: string, check: string): [number, number] {
  const e = lastChecks(dir, dataset)[check];
  return [e.passed_records, e.failed_records];
}

describe('key checks on appends', () => {
  it('checks only the new rows, and still catches a duplicate key in a later batch', async () => {
    const dir = writeProject({
      'weir.yml': 'name: keys\n',
      'p.sql': `CREATE OR REFRESH STREAMING TABLE orders (CONSTRAINT orders_pk PRIMARY KEY (order_id))
TBLPROPERTIES ('weir.constraints' = 'fail')
AS SELECT CAST(order_id AS BIGINT) AS order_id FROM STREAM read_files('data/orders/*.json', format => 'json');`,
    });
    batch(dir, 'orders', 1, [{ order_id: 1 }, { order_id: 2 }, { order_id: 3 }]);
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    expect(await lastCheck(dir, 'orders', 'orders_pk')).toEqual([3, 0]);
    batch(dir, 'orders', 2, [{ order_id: 4 }]);
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    // Only the appended row was checked.
    expect(await lastCheck(dir, 'orders', 'orders_pk')).toEqual([1, 0]);
    // A key that is already in the table, in a later batch (both rows of the key count, as in the whole-table check).
    batch(dir, 'orders', 3, [{ order_id: 5 }, { order_id: 2 }]);
    const dup = await runCli(['run', '--project', dir], dir);
    expect(dup.code).toBe(1);
    expect(dup.stdout).toContain('primary key (order_id) of orders: keys are unique and not NULL failed on 2 rows');
    expect(await query(dir, 'SELECT count(*)::INT AS n FROM orders')).toEqual([{ n: 4 }]);
    // A key repeated within the new rows, and a NULL key.
    writeFileSync(join(dir, 'data', 'orders', 'batch-3.json'), '{"order_id": 6}\n{"order_id": 6}\n{"order_id": null}\n');
    const within = await runCli(['run', '--project', dir], dir);
    expect(within.code).toBe(1);
    expect(within.stdout).toContain('failed on 3 rows');
    writeFileSync(join(dir, 'data', 'orders', 'batch-3.json'), '{"order_id": 6}\n{"order_id": 7}\n');
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    expect(await lastCheck(dir, 'orders', 'orders_pk')).toEqual([2, 0]);
    expect(await query(dir, 'SELECT count(*)::INT AS n FROM orders')).toEqual([{ n: 6 }]);
  });

  it('checks the whole table when the foreign key parent was replaced, not only appended to', async () => {
    const dir = writeProject({
      'weir.yml': 'name: keys\n',
      'p.sql': `CREATE OR REFRESH STREAMING TABLE raw_customers AS SELECT CAST(id AS BIGINT) AS id, CAST(deleted AS BOOLEAN) AS deleted
  FROM STREAM read_files('data/customers/*.json', format => 'json');
CREATE MATERIALIZED VIEW customers (CONSTRAINT customers_pk PRIMARY KEY (id))
AS SELECT id FROM raw_customers WHERE id > 0;
CREATE OR REFRESH STREAMING TABLE raw_orders AS SELECT * FROM STREAM read_files('data/orders/*.json', format => 'json');
CREATE OR REFRESH STREAMING TABLE orders (
  CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
) TBLPROPERTIES ('weir.constraints' = 'fail')
AS SELECT CAST(order_id AS BIGINT) AS order_id, CAST(customer_id AS BIGINT) AS customer_id FROM STREAM(raw_orders);`,
    });
    batch(dir, 'customers', 1, [{ id: 1, deleted: false }, { id: 2, deleted: false }]);
    batch(dir, 'orders', 1, [{ order_id: 1, customer_id: 1 }, { order_id: 2, customer_id: 2 }]);
    const first = await runCli(['run', '--project', dir], dir);
    expect(first.code, first.stdout).toBe(0);
    expect(await lastCheck(dir, 'orders', 'orders_customer')).toEqual([2, 0]);
    // A new customer and an order for it: the parent only gained a row, so only the new order is checked.
    batch(dir, 'customers', 2, [{ id: 3, deleted: false }]);
    batch(dir, 'orders', 2, [{ order_id: 3, customer_id: 3 }]);
    expect((await runCli(['run', '--project', dir], dir)).code).toBe(0);
    expect(await lastCheck(dir, 'orders', 'orders_customer')).toEqual([1, 0]);
    // The parent is recomputed without customer 1 (its definition changed) while a valid order arrives: the whole
    // table is checked and order 1, written long ago, now breaks the key.
    const p = join(dir, 'p.sql');
    writeFileSync(p, readFileSync(p, 'utf8').replace('WHERE id > 0', 'WHERE id > 1'));
    batch(dir, 'orders', 3, [{ order_id: 4, customer_id: 2 }]);
    const broken = await runCli(['run', '--project', dir], dir);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/foreign key \(customer_id\) of orders references customers \(id\) failed on 1 row/);
    expect(await query(dir, 'SELECT count(*)::INT AS n FROM orders')).toEqual([{ n: 3 }]);
  });
});
