import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, writeProject } from '../helpers/cli.js';

const PIPELINE = `CREATE OR REFRESH STREAMING TABLE raw_orders
AS SELECT *, _metadata.file_path AS source_file FROM STREAM read_files('\${data}/orders/*.json', format => 'json');

CREATE OR REFRESH STREAMING TABLE clean_orders (
  CONSTRAINT valid_amount EXPECT (amount > 0) ON VIOLATION DROP ROW,
  CONSTRAINT has_customer EXPECT (customer_id IS NOT NULL)
) AS SELECT order_id, customer_id, CAST(amount AS DECIMAL(10,2)) AS amount FROM STREAM(raw_orders);

CREATE MATERIALIZED VIEW segments AS
SELECT customer_id, sum(amount) AS ltv,
  CASE WHEN sum(amount) >= 1000 THEN "VIP" WHEN sum(amount) >= 100 THEN "Regular" ELSE "New" END AS segment
FROM clean_orders GROUP BY customer_id;
`;

const TESTS = `tests:
  - name: segments_by_ltv
    dataset: segments
    given:
      clean_orders:
        - {order_id: 1, customer_id: 10, amount: 900}
        - {order_id: 2, customer_id: 10, amount: 200}
        - {order_id: 3, customer_id: 20, amount: 150}
        - {order_id: 4, customer_id: 30, amount: 5}
    expect:
      rows:
        - {customer_id: 10, segment: VIP}
        - {customer_id: 20, segment: Regular}
        - {customer_id: 30, segment: New}

  - name: drops_bad_amounts_incrementally
    dataset: clean_orders
    batches:
      - given:
          raw_orders:
            - {order_id: 1, customer_id: 10, amount: 5.5}
            - {order_id: 2, customer_id: null, amount: -1}
        expect:
          rows: [{order_id: 1, amount: 5.5}]
          dropped: [{order_id: 2}]
          failed: {valid_amount: 1, has_customer: 1}
      - given:
          raw_orders:
            - {order_id: 3, customer_id: 11, amount: 7}
        expect:
          rows: [{order_id: 1}, {order_id: 3}]

  - name: reads_files
    dataset: raw_orders
    given:
      files: [{order_id: 9, customer_id: 1, amount: 3}]
    expect:
      rows: [{order_id: 9, amount: 3}]
`;

describe('weir test', () => {
  it('types given rows from the declared columns of the upstream (a column NULL in every given row stays a STRING)', async () => {
    const dir = writeProject({
      'weir.yml': 'name: typed\n',
      'p.sql': `CREATE MATERIALIZED VIEW raw (id BIGINT, currency STRING) AS SELECT 1 AS id, 'EUR' AS currency;
CREATE MATERIALIZED VIEW priced AS SELECT id, coalesce(currency, 'USD') AS currency FROM raw;
`,
      'tests/priced.yml': `tests:
  - name: default_currency
    dataset: priced
    given:
      raw: [{id: 1, currency: null}]
    expect:
      rows: [{id: 1, currency: USD}]
`,
    });
    const r = await runCli(['test', '--project', dir], dir);
    expect(r.stdout).toContain('PASS=1 FAIL=0 ERROR=0');
    expect(r.code).toBe(0);
  });

  it('runs unit tests on in-memory DuckDB, batch by batch, and writes JUnit', async () => {
    const dir = writeProject({ 'weir.yml': 'name: shop\nconfiguration: {data: data}\n', 'p.sql': PIPELINE, 'tests/orders.yml': TESTS });
    const r = await runCli(['test', '--project', dir, '--junit', 'target/junit.xml'], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Done. PASS=3 FAIL=0 ERROR=0 TOTAL=3');
    expect(r.code).toBe(0);
    const xml = readFileSync(join(dir, 'target', 'junit.xml'), 'utf8');
    expect(xml).toContain('tests="3" failures="0" errors="0"');
  });

  it('shows a readable row diff on failure and exits 1', async () => {
    const failing = TESTS.replace('{customer_id: 30, segment: New}', '{customer_id: 30, segment: Regular}');
    const dir = writeProject({ 'weir.yml': 'name: shop\nconfiguration: {data: data}\n', 'p.sql': PIPELINE, 'tests/orders.yml': failing });
    const r = await runCli(['test', '--project', dir], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL segments_by_ltv (segments)');
    expect(r.stdout).toContain('- {customer_id: 30, segment: "Regular"}');
    expect(r.stdout).toContain('+ {customer_id: 30, segment: "New"}');
  });

  it('reports a column the dataset does not produce at its position with a hint', async () => {
    const bad = TESTS.replace('{customer_id: 20, segment: Regular}', '{customer_id: 20, segmnt: Regular}');
    const dir = writeProject({ 'weir.yml': 'name: shop\nconfiguration: {data: data}\n', 'p.sql': PIPELINE, 'tests/orders.yml': bad });
    const r = await runCli(['test', '--project', dir], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("tests/orders.yml:13:29: error WEIR7004: segments has no column 'segmnt'");
    expect(r.stderr).toContain('hint: did you mean segment?');
  });
});

describe('the example project\'s unit tests', () => {
  it('pass (the README shows them)', async () => {
    const { cpSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'weir-example-tests-'));
    const example = join(__dirname, '..', '..', 'models-example');
    cpSync(example, dir, { recursive: true, filter: (p) => !/^\/(data|target)(\/|$)/.test(p.slice(example.length)) });
    const r = await runCli(['test', '--project', dir], dir);
    expect(r.stdout).toContain('Done. PASS=3 FAIL=0 ERROR=0 TOTAL=3');
    expect(r.code).toBe(0);
  });
});
