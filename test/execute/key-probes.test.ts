import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeAggregates, probeResults } from '../../src/execute/key-probes.js';
import { seededRandom } from '../../src/util/seeded-random.js';
import { lastChecks, queryReadOnly, runCli, writeProject } from '../helpers/cli.js';

// A write whose table ends up holding exactly its rows answers the table's key checks in the pass that counts
// its expectations (src/execute/key-probes.ts). These tests compare what a run reports with the exact
// whole-table check run afterwards on the committed tables, over random data with repeated keys, NULL keys,
// rows dropped by a DROP ROW rule (a dropped duplicate is no violation) and orders of unknown customers.

/** The exact checks (src/quality/checks/table-checks.ts), as [passed, failed]. */
async function exact(dir: string, sql: string): Promise<[number, number]> {
  const [row] = await queryReadOnly(join(dir, 'target', 'probes.duckdb'), sql);
  return [Number(row.total) - Number(row.failed), Number(row.failed)];
}
const pkSql = (rel: string, cols: string) => `SELECT coalesce(sum(n) FILTER (WHERE n > 1 OR has_null), 0)::BIGINT AS failed, coalesce(sum(n), 0)::BIGINT AS total
  FROM (SELECT count(*) AS n, bool_or(${cols.split(',').map((c) => `${c} IS NULL`).join(' OR ')}) AS has_null FROM ${rel} GROUP BY ${cols})`;
const fkSql = `SELECT (SELECT count(*) FROM orders c WHERE customer_id IS NOT NULL AND customer_id NOT IN (SELECT id FROM customers WHERE id IS NOT NULL))::BIGINT AS failed,
  (SELECT count(*) FROM orders)::BIGINT AS total`;

const PROJECT = `CREATE OR REFRESH STREAMING TABLE customers (CONSTRAINT customers_pk PRIMARY KEY (id))
AS SELECT CAST(id AS BIGINT) AS id FROM STREAM read_files('data/customers/*.json', format => 'json');
CREATE OR REFRESH STREAMING TABLE orders (
  CONSTRAINT positive EXPECT (amount > 0) ON VIOLATION DROP ROW,
  CONSTRAINT orders_pk PRIMARY KEY (order_id),
  CONSTRAINT orders_line UNIQUE (order_id, line),
  CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
) AS SELECT CAST(order_id AS BIGINT) AS order_id, CAST(line AS INT) AS line, CAST(customer_id AS BIGINT) AS customer_id,
  CAST(amount AS DOUBLE) AS amount FROM STREAM read_files('data/orders/*.json', format => 'json');
CREATE MATERIALIZED VIEW big_orders (CONSTRAINT big_pk PRIMARY KEY (order_id))
AS SELECT order_id, customer_id FROM orders WHERE amount > 5;
CREATE MATERIALIZED VIEW checked_orders (
  CONSTRAINT known_customer EXPECT (customer_id IS NOT NULL),
  CONSTRAINT checked_pk PRIMARY KEY (order_id, line)
) AS SELECT order_id, line, customer_id FROM orders;
CREATE MATERIALIZED VIEW kept_orders (
  CONSTRAINT small EXPECT (amount < 9) ON VIOLATION DROP ROW,
  CONSTRAINT kept_pk PRIMARY KEY (order_id),
  CONSTRAINT kept_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
) AS SELECT order_id, customer_id, amount FROM orders;
-- Keys not counted with a bitstring (text; a range too wide for one).
CREATE MATERIALIZED VIEW text_keys (CONSTRAINT text_pk PRIMARY KEY (code), CONSTRAINT positive_code EXPECT (code <> '-1'))
AS SELECT CAST(order_id AS STRING) AS code FROM orders;
CREATE MATERIALIZED VIEW sparse_keys (CONSTRAINT sparse_pk PRIMARY KEY (k), CONSTRAINT small_k EXPECT (k < 100) ON VIOLATION DROP ROW)
AS SELECT order_id * 1000000000000 AS k FROM orders;`;

function writeData(dir: string, seed: number): void {
  const next = seededRandom(seed);
  const pick = (n: number) => Math.floor(next() * n);
  for (const folder of ['customers', 'orders']) mkdirSync(join(dir, 'data', folder), { recursive: true });
  const customers = Array.from({ length: 20 }, () => ({ id: next() < 0.1 ? null : pick(25) }));
  const orders = Array.from({ length: 60 }, (_, i) => ({
    order_id: next() < 0.05 ? null : next() < 0.15 ? pick(60) : i,
    line: pick(2),
    customer_id: next() < 0.1 ? null : pick(30),
    amount: next() < 0.2 ? -1 : 1 + pick(10),
  }));
  writeFileSync(join(dir, 'data', 'customers', 'c.json'), customers.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(join(dir, 'data', 'orders', 'o.json'), orders.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

describe('key checks answered while counting expectations', () => {
  it('report what the exact whole-table checks find, on a first run and a full refresh, over random data', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const dir = writeProject({ 'weir.yml': 'name: probes\ndatabase_path: target/probes.duckdb\n', 'p.sql': PROJECT });
      writeData(dir, seed);
      for (const args of [['run'], ['run', '--full-refresh-all']]) {
        const r = await runCli([...args, '--project', dir], dir);
        expect(r.code, r.stdout + r.stderr).toBe(0);
        const got = (ds: string, name: string) => [lastChecks(dir, ds)[name].passed_records, lastChecks(dir, ds)[name].failed_records];
        expect(got('customers', 'customers_pk'), `seed ${seed}`).toEqual(await exact(dir, pkSql('customers', 'id')));
        expect(got('orders', 'orders_pk'), `seed ${seed}`).toEqual(await exact(dir, pkSql('orders', 'order_id')));
        expect(got('orders', 'orders_line'), `seed ${seed}`).toEqual(await exact(dir, pkSql('orders', 'order_id, line')));
        expect(got('orders', 'orders_customer'), `seed ${seed}`).toEqual(await exact(dir, fkSql));
        expect(got('big_orders', 'big_pk'), `seed ${seed}`).toEqual(await exact(dir, pkSql('big_orders', 'order_id')));
        expect(got('checked_orders', 'checked_pk'), `seed ${seed}`).toEqual(await exact(dir, pkSql('checked_orders', 'order_id, line')));
        expect(got('kept_orders', 'kept_pk'), `seed ${seed}`).toEqual(await exact(dir, pkSql('kept_orders', 'order_id')));
        expect(got('text_keys', 'text_pk'), `seed ${seed}`).toEqual(await exact(dir, pkSql('text_keys', 'code')));
        expect(got('sparse_keys', 'sparse_pk'), `seed ${seed}`).toEqual(await exact(dir, pkSql('sparse_keys', 'k')));
        expect(got('kept_orders', 'kept_customer'), `seed ${seed}`)
          .toEqual(await exact(dir, fkSql.replace(/FROM orders/g, 'FROM kept_orders')));
      }
      // The data really has violations of every kind (else the comparison above proves little).
      expect(lastChecks(dir, 'orders').orders_pk.failed_records + lastChecks(dir, 'orders').orders_customer.failed_records, `seed ${seed}`).toBeGreaterThan(0);
    }
  }, 120_000);

  it('check the whole table when several batches wrote it, each unique on its own', async () => {
    const dir = writeProject({
      'weir.yml': 'name: probes\ndatabase_path: target/probes.duckdb\n',
      'p.sql': `CREATE OR REFRESH STREAMING TABLE ids (CONSTRAINT ids_pk PRIMARY KEY (id))
AS SELECT CAST(id AS BIGINT) AS id FROM STREAM read_files('data/a/*.json', format => 'json');
CREATE FLOW more_ids AS INSERT INTO ids BY NAME SELECT CAST(id AS BIGINT) AS id FROM STREAM read_files('data/b/*.json', format => 'json');`,
      'data/a/a.json': '{"id": 1}\n{"id": 2}\n{"id": 3}\n',
      'data/b/b.json': '{"id": 3}\n{"id": 4}\n',
    });
    for (const args of [['run'], ['run', '--full-refresh-all']]) {
      const r = await runCli([...args, '--project', dir], dir);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      // Key 3 is in both batches: both of its rows fail, as the whole-table check counts them.
      expect([lastChecks(dir, 'ids').ids_pk.passed_records, lastChecks(dir, 'ids').ids_pk.failed_records]).toEqual([3, 2]);
    }
  });

  it('prove keys unique only when the distinct count equals the rows written and no key is NULL', () => {
    const probes = [
      { name: 'pk', probe: { kind: 'unique' as const, key: '"id"', anyNull: '"id" IS NULL' } },
      { name: 'fk', probe: { kind: 'foreign-key' as const, missing: '"c" NOT IN (SELECT 1)' } },
    ];
    expect(probeAggregates(probes, '"__weir_exp_1"', new Map([[0, ['1', '99']]]))[0])
      .toBe('bit_count(bitstring_agg("id", 1, 99) FILTER (WHERE "__weir_exp_1")) AS "probe_0_a"');
    expect(probeAggregates(probes, '"__weir_exp_1"')).toEqual([
      'count(DISTINCT "id") FILTER (WHERE "__weir_exp_1") AS "probe_0_a"',
      'count_if(("id" IS NULL) AND ("__weir_exp_1")) AS "probe_0_b"',
      'count_if(("c" NOT IN (SELECT 1)) AND ("__weir_exp_1")) AS "probe_1_a"',
    ]);
    expect([...probeResults(probes, { probe_0_a: '10', probe_0_b: '0', probe_1_a: '2' }, 10)])
      .toEqual([['pk', { failed: 0, total: 10 }], ['fk', { failed: 2, total: 10 }]]);
    // A repeated key (9 distinct of 10) or a NULL key: no answer, the exact check runs.
    expect([...probeResults(probes, { probe_0_a: '9', probe_0_b: '0', probe_1_a: '0' }, 10).keys()]).toEqual(['fk']);
    expect([...probeResults(probes, { probe_0_a: '10', probe_0_b: '1', probe_1_a: '0' }, 10).keys()]).toEqual(['fk']);
  });
});
