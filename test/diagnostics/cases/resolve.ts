import type { DiagnosticCase } from '../diagnostic-case.js';

const ORDERS = `CREATE OR REFRESH STREAMING TABLE orders AS
SELECT * FROM STREAM read_files('data/orders', format => 'csv', header => true);
`;

/** References, flows and the dataset graph (WEIR3xxx). */
export const RESOLVE_CASES: readonly DiagnosticCase[] = [
  { code: 'WEIR3001', title: '`LIVE.x` names no dataset of the pipeline (with the nearest name)', files: {
    'transformations/orders.sql': ORDERS,
    'transformations/daily.sql': 'CREATE OR REFRESH MATERIALIZED VIEW daily AS\nSELECT order_date, count(*) AS orders\nFROM LIVE.order\nGROUP BY order_date;\n' } },
  { code: 'WEIR3001', title: 'an unknown reference inside nunjucks output: the position is in your file', files: {
    'transformations/orders.sql': ORDERS,
    'transformations/by_channel.sql': "{% for channel in ['web', 'app'] %}\nCREATE OR REFRESH MATERIALIZED VIEW orders_{{ channel }} AS\nSELECT * FROM LIVE.{{ 'order' }}s_all WHERE channel = '{{ channel }}';\n{% endfor %}\n" } },
  { code: 'WEIR3002', title: 'Two definitions of one dataset name', files: {
    'transformations/orders.sql': ORDERS,
    'transformations/orders_v2.sql': "CREATE OR REFRESH STREAMING TABLE orders AS\nSELECT * FROM STREAM read_files('data/orders_v2', format => 'json');\n" } },
  { code: 'WEIR3003', title: 'The datasets form a cycle (the whole chain is shown)', files: {
    'transformations/customers.sql': 'CREATE OR REFRESH MATERIALIZED VIEW customers AS\nSELECT * FROM customer_totals;\n',
    'transformations/customer_totals.sql': 'CREATE OR REFRESH MATERIALIZED VIEW customer_totals AS\nSELECT customer_id, count(*) AS n FROM customers GROUP BY customer_id;\n' } },
  { code: 'WEIR3004', title: 'Two flows with one name', files: {
    'transformations/orders.sql': `${ORDERS}\nCREATE OR REFRESH STREAMING TABLE all_orders;\n\nCREATE FLOW backfill AS INSERT INTO all_orders BY NAME\nSELECT * FROM STREAM(orders);\n\nCREATE FLOW backfill AS INSERT INTO all_orders BY NAME\nSELECT * FROM STREAM(orders) WHERE amount > 0;\n` } },
  { code: 'WEIR3005', title: "A flow's target is not a dataset of the pipeline", files: {
    'transformations/orders.sql': `${ORDERS}\nCREATE FLOW backfill AS INSERT INTO all_order BY NAME\nSELECT * FROM STREAM(orders);\n` } },
  { code: 'WEIR3006', title: 'A flow writes something that is not a streaming table', files: {
    'transformations/orders.sql': `${ORDERS}\nCREATE OR REFRESH MATERIALIZED VIEW order_ids AS SELECT order_id FROM orders;\n\nCREATE FLOW backfill AS INSERT INTO order_ids BY NAME\nSELECT order_id FROM STREAM(orders);\n` } },
  { code: 'WEIR3007', title: '`STREAM(x)` where x cannot be read incrementally (a materialized view)', files: {
    'transformations/orders.sql': `${ORDERS}\nCREATE OR REFRESH MATERIALIZED VIEW daily AS\nSELECT order_date, count(*) AS orders FROM orders GROUP BY order_date;\n\nCREATE OR REFRESH STREAMING TABLE daily_log AS\nSELECT * FROM STREAM(daily);\n` } },
  { code: 'WEIR3008', title: '`STREAM(...)` inside a materialized view', files: {
    'transformations/orders.sql': `${ORDERS}\nCREATE OR REFRESH MATERIALIZED VIEW daily AS\nSELECT order_date, count(*) AS orders FROM STREAM(orders) GROUP BY order_date;\n` } },
  { code: 'WEIR3009', title: 'A bare name that is no dataset but is close to one (read as an external table)', files: {
    'transformations/orders.sql': `${ORDERS}\nCREATE OR REFRESH MATERIALIZED VIEW daily AS\nSELECT order_date, count(*) AS orders FROM order GROUP BY order_date;\n` } },
  { code: 'WEIR3010', title: 'A streaming table that nothing writes', files: {
    'transformations/orders.sql': `${ORDERS}\nCREATE OR REFRESH STREAMING TABLE all_orders;\n` } },
  { code: 'WEIR3011', title: 'A CDC flow and an append flow write the same table', files: {
    'transformations/customers.sql': "CREATE OR REFRESH STREAMING TABLE customer_changes AS\nSELECT * FROM STREAM read_files('data/customers', format => 'json');\n\nCREATE OR REFRESH STREAMING TABLE customers;\n\nCREATE FLOW customers_cdc AS AUTO CDC INTO customers\nFROM STREAM(customer_changes)\nKEYS (customer_id)\nSEQUENCE BY updated_at;\n\nCREATE FLOW customers_backfill AS INSERT INTO customers BY NAME\nSELECT * FROM STREAM(customer_changes);\n" } },
  { code: 'WEIR3012', title: 'A dataset reads itself', files: {
    'transformations/orders.sql': `${ORDERS}\nCREATE OR REFRESH MATERIALIZED VIEW order_totals AS\nSELECT customer_id, sum(amount) AS total FROM order_totals GROUP BY customer_id;\n` } },
  { code: 'WEIR3013', title: '`STREAM(...)` or `read_files(...)` written in a form Weir cannot read', files: {
    'transformations/orders.sql': "CREATE OR REFRESH STREAMING TABLE orders AS\nSELECT * FROM STREAM(SELECT * FROM raw_orders);\n" } },
  { code: 'WEIR3014', title: "A dataset name qualified with a schema other than the pipeline's", files: {
    'transformations/orders.sql': "CREATE OR REFRESH STREAMING TABLE sales.orders AS\nSELECT * FROM STREAM read_files('data/orders', format => 'csv', header => true);\n" } },
  { code: 'WEIR3015', title: 'A dataset or flow name that cannot be a file name or a manifest key (`/`, `..`, `__proto__`)', files: {
    'transformations/orders.sql': ORDERS,
    'transformations/daily.sql': 'CREATE OR REFRESH MATERIALIZED VIEW `orders/daily` AS\nSELECT order_date, count(*) AS orders FROM orders GROUP BY order_date;\n' } },
  { code: 'WEIR3016', title: 'A streaming table (or an append flow without ONCE) that reads nothing incrementally', files: {
    'transformations/orders.sql': `${ORDERS}\nCREATE OR REFRESH STREAMING TABLE big_orders AS\nSELECT * FROM orders WHERE amount > 100;\n` } },
  { code: 'WEIR3017', title: 'A `SET` of a Spark setting that changes query results, which Weir does not apply', files: {
    'transformations/orders.sql': `SET spark.sql.session.timeZone = America/New_York;\n${ORDERS}` } },
];

export const RESOLVE_NOT_SHOWN: Readonly<Record<string, string>> = {};
