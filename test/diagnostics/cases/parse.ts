import type { DiagnosticCase } from '../diagnostic-case.js';

const ORDERS = `CREATE OR REFRESH STREAMING TABLE orders AS
SELECT * FROM STREAM read_files('data/orders', format => 'csv', header => true);
`;
const CHANGES = `CREATE OR REFRESH STREAMING TABLE customer_changes AS
SELECT * FROM STREAM read_files('data/customers', format => 'json');

CREATE OR REFRESH STREAMING TABLE customers;
`;
const cdc = (body: string): Record<string, string> => ({ 'transformations/customers.sql': `${CHANGES}\n${body}` });

/** The DLT / Lakeflow dialect parser (WEIR2xxx). */
export const PARSE_CASES: readonly DiagnosticCase[] = [
  { code: 'WEIR2001', title: 'A syntax error in a statement (a misspelled keyword gets a hint)', files: {
    'transformations/orders.sql': ORDERS,
    'transformations/daily.sql': 'CREATE OR REFRESH MATERIALISED VIEW daily AS\nSELECT order_date, count(*) AS orders FROM orders GROUP BY order_date;\n' } },
  { code: 'WEIR2002', title: 'An unterminated string literal or back-quoted name', files: {
    'transformations/orders.sql': ORDERS,
    'transformations/open_orders.sql': "CREATE OR REFRESH MATERIALIZED VIEW open_orders AS\nSELECT * FROM orders WHERE status = 'open;\n" } },
  { code: 'WEIR2003', title: 'An unterminated block comment', files: {
    'transformations/orders.sql': `/* Bronze: raw orders\n${ORDERS}` } },
  { code: 'WEIR2004', title: 'A character that is not Spark SQL', files: {
    'transformations/orders.sql': ORDERS,
    'transformations/daily.sql': 'CREATE OR REFRESH MATERIALIZED VIEW daily \\\nAS SELECT order_date, count(*) AS orders FROM orders GROUP BY order_date;\n' } },
  { code: 'WEIR2010', title: 'A statement that is not a pipeline statement (a plain CREATE TABLE, INSERT, SELECT ...)', files: {
    'transformations/orders.sql': `${ORDERS}\nCREATE TABLE order_archive AS SELECT * FROM orders;\n` } },
  { code: 'WEIR2011', title: 'A materialized view or view without `AS query`', files: {
    'transformations/orders.sql': ORDERS,
    'transformations/daily.sql': 'CREATE OR REFRESH MATERIALIZED VIEW daily (\n  order_date DATE,\n  orders BIGINT\n);\n' } },
  { code: 'WEIR2012', title: 'An expectation on a dataset kind that cannot have one (a view)', files: {
    'transformations/orders.sql': ORDERS,
    'transformations/paid.sql': "CREATE TEMPORARY VIEW paid_orders (\n  CONSTRAINT positive EXPECT (amount > 0)\n) AS\nSELECT * FROM orders WHERE status = 'paid';\n" } },
  { code: 'WEIR2013', title: 'Two expectations with one name in one dataset', files: {
    'transformations/orders.sql': ORDERS,
    'transformations/clean.sql': 'CREATE OR REFRESH STREAMING TABLE clean_orders (\n  CONSTRAINT valid_id EXPECT (order_id IS NOT NULL) ON VIOLATION DROP ROW,\n  CONSTRAINT valid_id EXPECT (amount >= 0)\n) AS\nSELECT * FROM STREAM(orders);\n' } },
  { code: 'WEIR2014', title: '`ON VIOLATION` with an action other than DROP ROW or FAIL UPDATE', files: {
    'transformations/orders.sql': ORDERS,
    'transformations/clean.sql': 'CREATE OR REFRESH STREAMING TABLE clean_orders (\n  CONSTRAINT valid_id EXPECT (order_id IS NOT NULL) ON VIOLATION SKIP ROW\n) AS\nSELECT * FROM STREAM(orders);\n' } },
  { code: 'WEIR2015', title: 'A table clause written twice (the last one wins)', files: {
    'transformations/orders.sql': ORDERS,
    'transformations/daily.sql': "CREATE OR REFRESH MATERIALIZED VIEW daily\nCOMMENT 'Orders per day'\nCOMMENT 'Daily order counts'\nAS SELECT order_date, count(*) AS orders FROM orders GROUP BY order_date;\n" } },
  { code: 'WEIR2016', title: '`SET key` without a value (ignored)', files: {
    'transformations/orders.sql': `SET pipelines.trigger.interval;\n${ORDERS}` } },
  { code: 'WEIR2017', title: 'An `INSERT INTO` flow without `BY NAME` (Weir inserts by name anyway)', files: {
    'transformations/orders.sql': `${ORDERS}\nCREATE OR REFRESH STREAMING TABLE all_orders;\n\nCREATE FLOW backfill AS INSERT INTO all_orders\nSELECT * FROM STREAM(orders);\n` } },
  { code: 'WEIR2020', title: 'An AUTO CDC clause out of its fixed order', files: cdc(
    "CREATE FLOW customers_cdc AS AUTO CDC INTO customers\nFROM STREAM(customer_changes)\nKEYS (customer_id)\nSEQUENCE BY updated_at\nAPPLY AS DELETE WHEN operation = 'DELETE';\n") },
  { code: 'WEIR2021', title: 'AUTO CDC / APPLY CHANGES without FROM, KEYS or SEQUENCE BY', files: cdc(
    'APPLY CHANGES INTO LIVE.customers\nFROM STREAM(customer_changes)\nSEQUENCE BY updated_at;\n') },
  { code: 'WEIR2022', title: '`APPLY AS TRUNCATE WHEN` with `STORED AS SCD TYPE 2`', files: cdc(
    "CREATE FLOW customers_cdc AS AUTO CDC INTO customers\nFROM STREAM(customer_changes)\nKEYS (customer_id)\nAPPLY AS TRUNCATE WHEN operation = 'TRUNCATE'\nSEQUENCE BY updated_at\nSTORED AS SCD TYPE 2;\n") },
  { code: 'WEIR2023', title: '`TRACK HISTORY ON` with SCD type 1', files: cdc(
    'CREATE FLOW customers_cdc AS AUTO CDC INTO customers\nFROM STREAM(customer_changes)\nKEYS (customer_id)\nSEQUENCE BY updated_at\nTRACK HISTORY ON email;\n') },
  { code: 'WEIR2024', title: 'An AUTO CDC clause written twice', files: cdc(
    'CREATE FLOW customers_cdc AS AUTO CDC INTO customers\nFROM STREAM(customer_changes)\nKEYS (customer_id)\nKEYS (email)\nSEQUENCE BY updated_at;\n') },
  { code: 'WEIR2025', title: 'Valid Databricks syntax Weir does not support', files: cdc(
    'CREATE FLOW customers_cdc AS AUTO CDC INTO customers\nFROM STREAM(customer_changes)\nKEYS (customer_id)\nSEQUENCE BY updated_at\nSTORED AS BITEMPORAL;\n') },
  { code: 'WEIR2026', title: 'A second PRIMARY KEY in one dataset (a table has at most one)', files: {
    'transformations/orders.sql': ORDERS,
    'transformations/order_lines.sql': 'CREATE OR REFRESH MATERIALIZED VIEW order_lines (\n  order_id BIGINT PRIMARY KEY,\n  line_no INT,\n  CONSTRAINT order_lines_pk PRIMARY KEY (order_id, line_no)\n) AS\nSELECT order_id, 1 AS line_no FROM orders;\n' } },
  { code: 'WEIR2101', title: 'A clause with no DuckDB meaning (kept in the manifest, ignored by runs)', files: {
    'transformations/orders.sql': 'CREATE OR REFRESH STREAMING TABLE orders\nPARTITIONED BY (order_date)\nAS SELECT * FROM STREAM read_files(\'data/orders\', format => \'csv\', header => true);\n' } },
  { code: 'WEIR2102', title: 'A REFRESH POLICY argument Weir does not know (AUTO is used)', files: {
    'transformations/orders.sql': ORDERS,
    'transformations/daily.sql': 'CREATE OR REFRESH MATERIALIZED VIEW daily\nREFRESH POLICY SOMETIMES\nAS SELECT order_date, count(*) AS orders FROM orders GROUP BY order_date;\n' } },
];

export const PARSE_NOT_SHOWN: Readonly<Record<string, string>> = {};
