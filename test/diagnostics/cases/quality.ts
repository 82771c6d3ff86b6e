import type { DiagnosticCase } from '../diagnostic-case.js';

const ORDERS = `CREATE OR REFRESH STREAMING TABLE raw_orders AS
SELECT * FROM STREAM read_files('data/orders/*.csv', format => 'csv');

CREATE OR REFRESH MATERIALIZED VIEW clean_orders (
  CONSTRAINT valid_amount EXPECT (amount > 0) ON VIOLATION DROP ROW
) AS SELECT order_id, customer_id, CAST(amount AS DECIMAL(10,2)) AS amount FROM raw_orders;
`;

const SEGMENTS = `CREATE OR REFRESH MATERIALIZED VIEW clean_orders AS
SELECT * FROM VALUES (1, 10, 900.0) AS t(order_id, customer_id, amount);

CREATE OR REFRESH MATERIALIZED VIEW segments AS
SELECT customer_id, CASE WHEN sum(amount) >= 1000 THEN 'VIP' ELSE 'Regular' END AS segment
FROM clean_orders GROUP BY customer_id;
`;

/** Unit tests under tests/ (`weir test`, WEIR70xx) and Weir's quality properties and keys (WEIR71xx). */
export const QUALITY_CASES: readonly DiagnosticCase[] = [
  { code: 'WEIR7001', title: 'A unit-test file that is not shaped like a test (here: a case without `dataset`)', command: 'test', files: {
    'transformations/segments.sql': SEGMENTS,
    'tests/segments.yml': 'tests:\n  - name: vip_threshold\n    given:\n      clean_orders: [{customer_id: 1, amount: 1200}]\n    expect:\n      rows: [{customer_id: 1, segment: VIP}]\n' } },
  { code: 'WEIR7002', title: 'A unit test names a dataset the pipeline does not have', command: 'test', files: {
    'transformations/segments.sql': SEGMENTS,
    'tests/segments.yml': 'tests:\n  - name: vip_threshold\n    dataset: segment\n    given:\n      clean_orders: [{customer_id: 1, amount: 1200}]\n    expect:\n      rows: [{customer_id: 1, segment: VIP}]\n' } },
  { code: 'WEIR7003', title: 'A unit test gives rows for something that is not an input of the dataset', command: 'test', files: {
    'transformations/segments.sql': SEGMENTS,
    'tests/segments.yml': 'tests:\n  - name: vip_threshold\n    dataset: segments\n    given:\n      orders: [{customer_id: 1, amount: 1200}]\n    expect:\n      rows: [{customer_id: 1, segment: VIP}]\n' } },
  { code: 'WEIR7004', title: 'An expected row names a column the dataset does not produce', command: 'test', files: {
    'transformations/segments.sql': SEGMENTS,
    'tests/segments.yml': 'tests:\n  - name: vip_threshold\n    dataset: segments\n    given:\n      clean_orders: [{customer_id: 1, amount: 1200}]\n    expect:\n      rows: [{customer_id: 1, segmnt: VIP}]\n' } },
  { code: 'WEIR7004', title: '`expect.failed` names an expectation the dataset does not have', command: 'test', files: {
    'transformations/orders.sql': ORDERS,
    'tests/clean_orders.yml': 'tests:\n  - name: drops_refunds\n    dataset: clean_orders\n    given:\n      raw_orders: [{order_id: 1, customer_id: 10, amount: -5}]\n    expect:\n      rows: []\n      failed: {positive_amount: 1}\n' } },
  { code: 'WEIR7005', title: "The dataset's query fails on the test rows", command: 'test', files: {
    'transformations/orders.sql': `${ORDERS}
CREATE OR REFRESH MATERIALIZED VIEW checked_orders AS
SELECT order_id, CASE WHEN amount > 10000 THEN raise_error('amount over the limit') ELSE amount END AS amount FROM clean_orders;
`,
    'tests/checked_orders.yml': 'tests:\n  - name: keeps_small_orders\n    dataset: checked_orders\n    given:\n      clean_orders: [{order_id: 1, customer_id: 10, amount: 20000}]\n    expect:\n      rows: [{order_id: 1, amount: 20000}]\n' } },
  { code: 'WEIR7006', title: 'A CSV fixture that cannot be read (a line with more fields than the header)', command: 'test', files: {
    'transformations/orders.sql': ORDERS,
    'tests/fixtures/raw_orders.csv': 'order_id,customer_id,amount\n1,10,20.00\n2,11,5.50,EUR\n',
    'tests/clean_orders.yml': 'tests:\n  - name: keeps_valid_orders\n    dataset: clean_orders\n    given:\n      raw_orders: {csv: fixtures/raw_orders.csv}\n    expect:\n      rows: [{order_id: 1}, {order_id: 2}]\n' } },
  { code: 'WEIR7007', title: 'A test gives no rows for an input whose columns Weir does not know', command: 'test', files: {
    'transformations/orders.sql': `CREATE OR REFRESH MATERIALIZED VIEW customers AS
SELECT * FROM read_files('data/customers/*.csv', format => 'csv');

CREATE OR REFRESH MATERIALIZED VIEW orders AS
SELECT * FROM VALUES (1, 10, 20.0) AS t(order_id, customer_id, amount);

CREATE OR REFRESH MATERIALIZED VIEW orders_by_country AS
SELECT c.country, sum(o.amount) AS revenue
FROM orders o JOIN customers c USING (customer_id) GROUP BY c.country;
`,
    'data/customers/1.csv': 'customer_id,country\n10,NL\n',
    'tests/orders_by_country.yml': 'tests:\n  - name: revenue_per_country\n    dataset: orders_by_country\n    given:\n      orders: [{order_id: 1, customer_id: 10, amount: 20}]\n    expect:\n      rows: [{country: NL, revenue: 20}]\n' } },
  { code: 'WEIR7008', title: 'An unknown (likely misspelled) key in a unit-test file', command: 'test', files: {
    'transformations/segments.sql': SEGMENTS,
    'tests/segments.yml': 'tests:\n  - name: vip_threshold\n    dataset: segments\n    given:\n      clean_orders: [{customer_id: 1, amount: 1200}]\n    expct:\n      rows: [{customer_id: 1, segment: VIP}]\n' } },
  { code: 'WEIR7009', title: 'A unit test that expects nothing (no `expect` rows, dropped or failed)', command: 'test', files: {
    'transformations/segments.sql': SEGMENTS,
    'tests/segments.yml': 'tests:\n  - name: vip_threshold\n    dataset: segments\n    given:\n      clean_orders: [{customer_id: 1, amount: 1200}]\n' } },

  { code: 'WEIR7101', title: 'A `weir.*` table property whose value cannot be read', files: {
    'transformations/orders.sql': `CREATE OR REFRESH MATERIALIZED VIEW orders (
  CONSTRAINT valid_amount EXPECT (amount > 0) ON VIOLATION DROP ROW
) TBLPROPERTIES ('weir.expect.valid_amount.fail_above' = 'lots')
AS SELECT * FROM VALUES (1, 20.0) AS t(order_id, amount);
` } },
  { code: 'WEIR7102', title: 'A threshold property names an expectation the dataset does not have', files: {
    'transformations/orders.sql': `CREATE OR REFRESH MATERIALIZED VIEW orders (
  CONSTRAINT valid_amount EXPECT (amount > 0) ON VIOLATION DROP ROW
) TBLPROPERTIES ('weir.expect.valid_amout.fail_above' = '1%')
AS SELECT * FROM VALUES (1, 20.0) AS t(order_id, amount);
` } },
  { code: 'WEIR7103', title: 'A FOREIGN KEY references a dataset the pipeline does not have', files: {
    'transformations/orders.sql': `CREATE OR REFRESH MATERIALIZED VIEW customers AS
SELECT * FROM VALUES (10, 'NL') AS t(customer_id, country);

CREATE OR REFRESH MATERIALIZED VIEW orders (
  CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customer (customer_id)
) AS SELECT * FROM VALUES (1, 10, 20.0) AS t(order_id, customer_id, amount);
` } },
  { code: 'WEIR7103', title: 'a FOREIGN KEY to a table of another schema: valid on Databricks, not checked by Weir (a warning)', files: {
    'transformations/orders.sql': `CREATE OR REFRESH MATERIALIZED VIEW orders (
  customer_id BIGINT FOREIGN KEY REFERENCES crm.customers_dim (customer_id)
) AS SELECT * FROM VALUES (1, 10, 20.0) AS t(order_id, customer_id, amount);
` } },
  { code: 'WEIR7104', title: 'A PRIMARY KEY, UNIQUE or FOREIGN KEY names a column the dataset does not produce', files: {
    'transformations/orders.sql': `CREATE OR REFRESH MATERIALIZED VIEW orders (
  CONSTRAINT orders_pk PRIMARY KEY (order_idd)
) AS SELECT * FROM VALUES (1, 10, 20.0) AS t(order_id, customer_id, amount);
` } },
  { code: 'WEIR7106', title: "`'weir.quarantine' = 'true'` on a view, which stores no rows to keep", files: {
    'transformations/orders.sql': `CREATE TEMPORARY LIVE VIEW valid_orders (
  CONSTRAINT valid_amount EXPECT (amount > 0) ON VIOLATION DROP ROW
) TBLPROPERTIES ('weir.quarantine' = 'true')
AS SELECT * FROM VALUES (1, 20.0) AS t(order_id, amount);

CREATE OR REFRESH MATERIALIZED VIEW orders AS SELECT * FROM valid_orders;
` } },
  { code: 'WEIR7105', title: 'An unknown `weir.*` table property (a typo is named)', files: {
    'transformations/orders.sql': `CREATE OR REFRESH MATERIALIZED VIEW orders (
  CONSTRAINT valid_amount EXPECT (amount > 0) ON VIOLATION DROP ROW
) TBLPROPERTIES ('weir.quarantne' = 'true')
AS SELECT * FROM VALUES (1, 20.0) AS t(order_id, amount);
` } },
];

export const QUALITY_NOT_SHOWN: Readonly<Record<string, string>> = {
  WEIR7010: 'printed only as a GitHub Actions annotation (`GITHUB_ACTIONS=true`); `weir test` shows the failed test as FAIL with a row diff',
};
