import { describe, expect, it } from 'vitest';
import { weirTestOf } from '../helpers/cli.js';

// FINDINGS §11, §12, §16: empty batches, misspelled or missing keys, typed comparisons and readable diffs in
// `weir test`.

const PIPELINE = `CREATE OR REFRESH STREAMING TABLE raw_orders
AS SELECT * FROM STREAM read_files('data/orders/*.csv', format => 'csv', header => true);

CREATE OR REFRESH STREAMING TABLE orders (CONSTRAINT valid_amount EXPECT (amount > 0) ON VIOLATION DROP ROW)
AS SELECT order_id, customer_id, amount, email FROM STREAM(raw_orders);

CREATE OR REFRESH MATERIALIZED VIEW codes AS SELECT CAST(code AS VARCHAR) AS code, CAST(n AS INT) AS n FROM raw_orders;
`;

const weirTest = (tests: string, files: Record<string, string> = {}) => weirTestOf(PIPELINE, tests, files);

describe('weir test: shapes of test files', () => {
  it('runs a batch with no new rows (given: {x: []}) as an incremental update with no input', async () => {
    const r = await weirTest(`tests:
  - name: empty_second
    dataset: orders
    batches:
      - given: {raw_orders: [{order_id: 1, customer_id: 1, amount: 10, email: a@x}]}
        expect: {rows: [{order_id: 1}]}
      - given: {raw_orders: []}
        expect: {rows: [{order_id: 1}]}
`);
    expect(r.out).not.toContain('_empty');
    expect(r.out).toContain('PASS empty_second');
    expect(r.code).toBe(0);
  });

  it('reports misspelled keys at their position with a suggestion, and a test that expects nothing', async () => {
    const r = await weirTest(`tests:
  - name: typo_expect
    dataset: orders
    given: {raw_orders: [{order_id: 1, customer_id: 1, amount: 10, email: a@x}]}
    expct: {rows: [{order_id: 1}]}
  - name: typo_given
    dataset: orders
    gven: {raw_orders: [{order_id: 1, customer_id: 1, amount: 10, email: a@x}]}
    expect: {rows: [{order_id: 1}], dropd: []}
  - name: no_expect
    dataset: orders
    given: {raw_orders: [{order_id: 1, customer_id: 1, amount: 10, email: a@x}]}
`);
    expect(r.code).toBe(1);
    expect(r.out).toContain("tests/t.yml:5:5: error WEIR7008: unknown key 'expct' in a test case");
    expect(r.out).toContain('hint: did you mean expect?');
    expect(r.out).toContain("tests/t.yml:8:5: error WEIR7008: unknown key 'gven' in a test case");
    expect(r.out).toContain("tests/t.yml:9:37: error WEIR7008: unknown key 'dropd' in `expect`");
    expect(r.out).toContain('hint: did you mean dropped?');
    expect(r.out).toContain("tests/t.yml:10:11: error WEIR7009: test 'no_expect' expects nothing");
    // One diagnostic per problem: the misspelled cases are not run (no WEIR7007 for the missing given).
    expect(r.out).not.toContain('WEIR7007');
    expect(r.out).not.toMatch(/PASS \w/);
  });

  it('compares expected values as values of the produced column type', async () => {
    const r = await weirTest(`tests:
  - name: leading_zeros
    dataset: codes
    given: {raw_orders: [{code: "007", n: 7}]}
    expect: {rows: [{code: 7, n: "7.0"}]}
  - name: exact_text
    dataset: codes
    given: {raw_orders: [{code: "007", n: 7}]}
    expect: {rows: [{code: "007", n: 7}]}
`);
    expect(r.out).toContain('FAIL leading_zeros');
    expect(r.out).toContain('- {code: 7, n: 7.0}');
    expect(r.out).toContain('+ {code: "007", n: 7}');
    expect(r.out).toContain('PASS exact_text');
  });

  it('shows every column of a produced row when no row was expected', async () => {
    const r = await weirTest(`tests:
  - name: nothing_expected
    dataset: codes
    given: {raw_orders: [{code: "A1", n: 3}]}
    expect: {rows: []}
`);
    expect(r.out).toContain('FAIL nothing_expected');
    expect(r.out).toContain('+ {code: "A1", n: 3}');
  });

  it('reports a missing CSV fixture once', async () => {
    const r = await weirTest(`tests:
  - name: csv_missing
    dataset: orders
    given: {raw_orders: {csv: fixtures/nope.csv}}
    expect: {rows: []}
`);
    expect(r.out).toContain('WEIR7006');
    expect(r.out).not.toContain('WEIR7007');
    expect(r.code).toBe(1);
  });
});
