import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { readQualityConfig, tableChecks } from '../../src/quality/index.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { formatDiagnostics } from '../../src/report/format-diagnostic.js';
import { resolveSources } from '../helpers/front-end.js';

const SQL = `CREATE MATERIALIZED VIEW customers (
  customer_id INT, email STRING,
  CONSTRAINT valid_email EXPECT (email LIKE '%@%'),
  CONSTRAINT customers_pk PRIMARY KEY (customer_id)
) TBLPROPERTIES ('weir.constraints' = 'fail', 'weir.expect.valid_email.fail_above' = '10%', 'weir.expect_row_count' = '>= 1')
AS SELECT * FROM src_customers;

CREATE MATERIALIZED VIEW orders (
  order_id INT, customer_id INT,
  CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers,
  UNIQUE (order_id)
) AS SELECT * FROM src_orders;
`;

describe('quality config', () => {
  it('reads thresholds, the constraint action and the row-count rule', () => {
    const { graph } = resolveSources({ 'q.sql': SQL });
    const { config, diagnostics } = readQualityConfig(graph.datasets.find((d) => d.id === 'customers')!);
    expect(diagnostics).toEqual([]);
    expect(config.constraintAction).toBe('fail');
    expect(config.thresholds.get('valid_email')?.failAbove).toEqual({ kind: 'ratio', value: 0.1, text: '10%' });
    expect(config.rowCount).toMatchObject({ op: '>=', value: 1 });
  });

  it('reports malformed values and unknown expectations at their positions with a hint', () => {
    const src = `CREATE MATERIALIZED VIEW t (CONSTRAINT valid_email EXPECT (x > 0))
TBLPROPERTIES ('weir.expect.valid_email.fail_above' = 'lots', 'weir.expect.valid_emial.warn_above' = '5', 'weir.quarantine' = 'yes')
AS SELECT 1 AS x;`;
    const { graph } = resolveSources({ 't.sql': src });
    const { diagnostics } = readQualityConfig(graph.datasets[0]);
    expect(formatDiagnostics(diagnostics, () => src, { codeFrame: false })).toBe([
      "t.sql:2:55: error WEIR7101: 'weir.expect.valid_email.fail_above' = 'lots': not a threshold\n  hint: write a row count ('10') or a ratio of processed rows ('1%', '0.5%')",
      "t.sql:2:63: error WEIR7102: 'weir.expect.valid_emial.warn_above' names no expectation of t\n  hint: did you mean weir.expect.valid_email.warn_above?",
      "t.sql:2:127: error WEIR7101: 'weir.quarantine' = 'yes': expected true or false\n  hint: 'weir.quarantine' = 'true'",
    ].join('\n\n'));
  });
});

describe('table-level checks', () => {
  it('reports a FOREIGN KEY to a dataset that does not exist', () => {
    const src = 'CREATE MATERIALIZED VIEW o (c INT, FOREIGN KEY (c) REFERENCES custmers (id)) AS SELECT 1 AS c;\nCREATE MATERIALIZED VIEW customers AS SELECT 1 AS id;';
    const { graph } = resolveSources({ 'o.sql': src });
    const diagnostics: Diagnostic[] = [];
    const o = graph.datasets.find((d) => d.id === 'o')!;
    expect(tableChecks(o, graph, readQualityConfig(o).config, diagnostics)).toEqual([]);
    expect(diagnostics).toMatchObject([{ code: 'WEIR7103', hint: 'did you mean customers?' }]);
  });

  it('counts duplicate and NULL keys, orphans and row counts on DuckDB', async () => {
    const { graph } = resolveSources({ 'q.sql': SQL });
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(`CREATE TABLE main.customers AS SELECT * FROM (VALUES (1, 'a@x'), (2, 'b@x'), (2, 'c@x'), (NULL, 'd@x')) t(customer_id, email);
      CREATE TABLE main.orders AS SELECT * FROM (VALUES (10, 1), (11, 3), (11, NULL), (12, 2)) t(order_id, customer_id);`);
    const results: Record<string, [number, number, string]> = {};
    for (const id of ['customers', 'orders']) {
      const d = graph.datasets.find((x) => x.id === id)!;
      const diagnostics: Diagnostic[] = [];
      for (const check of tableChecks(d, graph, readQualityConfig(d).config, diagnostics, ['customer_id', 'email', 'order_id'])) {
        const row = (await c.runAndReadAll(check.sql)).getRowObjectsJson()[0];
        results[check.name] = [Number(row.failed), Number(row.total), check.action];
      }
      expect(diagnostics).toEqual([]);
    }
    expect(results).toEqual({
      customers_pk: [3, 4, 'fail'], // the two rows of key 2 and the NULL key
      'row_count >= 1': [0, 4, 'fail'],
      orders_customer: [1, 4, 'warn'], // customer 3 does not exist; a NULL reference is not an orphan
      'unique_orders(order_id)': [2, 4, 'warn'],
    });
    c.closeSync();
    db.closeSync();
  });
});
