import type { DiagnosticCase } from '../diagnostic-case.js';

const ORDERS_CSV = 'order_id,customer_id,country,amount,status,ordered_at\n1,10,US,25.50,paid,2024-03-01 09:15:00\n2,11,FR,12.00,open,2024-03-02 14:40:00\n';

/** A streaming table over `data/orders/*.csv`, for examples that need real upstream columns. */
const RAW_ORDERS = {
  'transformations/raw_orders.sql': `CREATE OR REFRESH STREAMING TABLE raw_orders
AS SELECT * FROM STREAM read_files('data/orders/*.csv', format => 'csv', header => true);
`,
  'data/orders/1.csv': ORDERS_CSV,
};

export const TRANSLATE_CASES: readonly DiagnosticCase[] = [
  {
    code: 'WEIR4001',
    title: 'A Spark function with no faithful DuckDB equivalent',
    files: {
      ...RAW_ORDERS,
      'transformations/numbered_orders.sql': `CREATE MATERIALIZED VIEW numbered_orders AS
SELECT monotonically_increasing_id() AS row_id, order_id, amount
FROM raw_orders;
`,
    },
  },
  {
    code: 'WEIR4002',
    title: 'A function neither Spark nor DuckDB knows (usually a typo)',
    files: {
      'transformations/customers.sql': `CREATE MATERIALIZED VIEW customers AS
SELECT customer_id, uper(name) AS name
FROM raw_customers;
`,
      'transformations/raw_customers.sql': `CREATE MATERIALIZED VIEW raw_customers AS
SELECT 1 AS customer_id, 'Ada' AS name;
`,
    },
  },
  {
    code: 'WEIR4003',
    title: 'A date pattern that is not a string literal (Java patterns are translated at compile time)',
    files: {
      ...RAW_ORDERS,
      'transformations/order_dates.sql': `CREATE MATERIALIZED VIEW order_dates AS
SELECT order_id,
  date_format(ordered_at, CASE WHEN country = 'US' THEN 'MM/dd/yyyy' ELSE 'dd/MM/yyyy' END) AS order_date
FROM raw_orders;
`,
    },
  },
  {
    code: 'WEIR4004',
    title: 'A Java date pattern letter with no strftime equivalent',
    files: {
      ...RAW_ORDERS,
      'transformations/weekly.sql': `CREATE MATERIALIZED VIEW weekly AS
SELECT date_format(ordered_at, 'yyyy-ww') AS week, sum(amount) AS revenue
FROM raw_orders
GROUP BY 1;
`,
    },
  },
  {
    code: 'WEIR4005',
    title: 'A function argument Weir cannot translate faithfully (here SHA-512, or a wrong argument count)',
    files: {
      'transformations/customers.sql': `CREATE MATERIALIZED VIEW customers AS
SELECT customer_id, sha2(email, 512) AS email_hash
FROM raw_customers;
`,
      'transformations/raw_customers.sql': `CREATE MATERIALIZED VIEW raw_customers AS
SELECT 10 AS customer_id, 'ada@example.com' AS email;
`,
    },
  },
  {
    code: 'WEIR4010',
    title: 'PIVOT or UNPIVOT in a query',
    files: {
      ...RAW_ORDERS,
      'transformations/by_status.sql': `CREATE MATERIALIZED VIEW by_status AS
SELECT *
FROM (SELECT customer_id, status, amount FROM raw_orders)
PIVOT (sum(amount) FOR status IN ('paid', 'open'));
`,
    },
  },
  {
    code: 'WEIR4011',
    title: 'A Delta path table (delta.`/path`)',
    files: {
      'transformations/orders.sql': `CREATE MATERIALIZED VIEW orders AS
SELECT * FROM delta.\`/mnt/lake/orders\`;
`,
    },
  },
  {
    code: 'WEIR4012',
    title: 'DISTRIBUTE BY, SORT BY or CLUSTER BY inside a query (dropped)',
    files: {
      ...RAW_ORDERS,
      'transformations/orders_by_customer.sql': `CREATE MATERIALIZED VIEW orders_by_customer AS
SELECT customer_id, order_id, amount
FROM raw_orders
DISTRIBUTE BY customer_id;
`,
    },
  },
  {
    code: 'WEIR4013',
    title: 'TABLESAMPLE (dropped: every row is read)',
    files: {
      ...RAW_ORDERS,
      'transformations/sample_orders.sql': `CREATE MATERIALIZED VIEW sample_orders AS
SELECT * FROM raw_orders TABLESAMPLE (10 PERCENT);
`,
    },
  },
  {
    code: 'WEIR4014',
    title: 'A `_metadata` field DuckDB\'s file readers cannot provide',
    files: {
      'transformations/raw_orders.sql': `CREATE OR REFRESH STREAMING TABLE raw_orders AS
SELECT *, _metadata.file_modification_time AS loaded_at
FROM STREAM read_files('data/orders/*.csv', format => 'csv', header => true);
`,
      'data/orders/1.csv': ORDERS_CSV,
    },
  },
  {
    code: 'WEIR4015',
    title: 'A Spark type with no DuckDB equivalent',
    files: {
      'transformations/stores.sql': `CREATE MATERIALIZED VIEW stores AS
SELECT store_id, CAST(location AS GEOGRAPHY) AS location
FROM raw_stores;
`,
      'transformations/raw_stores.sql': `CREATE MATERIALIZED VIEW raw_stores AS
SELECT 1 AS store_id, 'POINT(2.35 48.85)' AS location;
`,
    },
  },
  {
    code: 'WEIR4020',
    title: 'A file source in a format DuckDB cannot read here',
    files: {
      'transformations/raw_orders.sql': `CREATE OR REFRESH STREAMING TABLE raw_orders
AS SELECT * FROM STREAM read_files('data/orders/', format => 'avro');
`,
    },
  },
  {
    code: 'WEIR4021',
    title: 'A file-source option Weir ignores',
    files: {
      'transformations/raw_orders.sql': `CREATE OR REFRESH STREAMING TABLE raw_orders
AS SELECT * FROM STREAM read_files('data/orders/*.csv', format => 'csv', header => true, lineSep => '\\r\\n');
`,
      'data/orders/1.csv': ORDERS_CSV,
    },
  },
  {
    code: 'WEIR4030',
    title: 'A character SQL does not allow inside a query',
    files: {
      ...RAW_ORDERS,
      'transformations/big_orders.sql': `CREATE MATERIALIZED VIEW big_orders AS
SELECT order_id, amount
FROM raw_orders
WHERE amount > $100;
`,
    },
  },
  {
    code: 'WEIR4050',
    title: 'A column the upstream does not have',
    command: 'validate',
    files: {
      ...RAW_ORDERS,
      'transformations/paid_orders.sql': `CREATE MATERIALIZED VIEW paid_orders AS
SELECT order_id, ammount
FROM raw_orders
WHERE status = 'paid';
`,
    },
  },
  {
    code: 'WEIR4051',
    title: 'A table that does not exist, here in a generated column\'s subquery (where only DuckDB\'s binder sees names)',
    command: 'validate',
    files: {
      ...RAW_ORDERS,
      'transformations/customers.sql': `CREATE MATERIALIZED VIEW customers AS
SELECT 10 AS customer_id, 'Ada' AS name;
`,
      'transformations/orders.sql': `CREATE MATERIALIZED VIEW orders (
  order_id BIGINT,
  customer_id BIGINT,
  amount DOUBLE,
  customer_count BIGINT GENERATED ALWAYS AS ((SELECT count(*) FROM customer))
) AS SELECT order_id, customer_id, amount FROM raw_orders;
`,
    },
  },
  {
    code: 'WEIR4052',
    title: 'A function or operator applied to a value of the wrong type',
    command: 'validate',
    files: {
      ...RAW_ORDERS,
      'transformations/order_sizes.sql': `CREATE MATERIALIZED VIEW order_sizes AS
SELECT order_id, abs(status) AS size
FROM raw_orders;
`,
    },
  },
  {
    code: 'WEIR4053',
    title: 'A column name two joined tables both have, unqualified',
    command: 'validate',
    files: {
      ...RAW_ORDERS,
      'transformations/customers.sql': `CREATE MATERIALIZED VIEW customers AS
SELECT 10 AS customer_id, 'Ada' AS name;
`,
      'transformations/customer_orders.sql': `CREATE MATERIALIZED VIEW customer_orders AS
SELECT customer_id, name, order_id
FROM raw_orders o
JOIN customers c ON o.customer_id = c.customer_id;
`,
    },
  },
  {
    code: 'WEIR4054',
    title: 'Any other error DuckDB reports when binding the query',
    command: 'validate',
    files: {
      ...RAW_ORDERS,
      'transformations/customer_totals.sql': `CREATE MATERIALIZED VIEW customer_totals AS
SELECT customer_id, order_id, sum(amount) AS total
FROM raw_orders
GROUP BY customer_id;
`,
    },
  },
  {
    code: 'WEIR4055',
    title: 'DuckDB cannot parse the compiled query',
    files: {
      ...RAW_ORDERS,
      'transformations/paid_orders.sql': `CREATE MATERIALIZED VIEW paid_orders AS
SELEC order_id, amount
FROM raw_orders
WHERE status = 'paid';
`,
    },
  },
  {
    code: 'WEIR4056',
    title: 'A file source with no files yet: its schema cannot be sampled',
    command: 'validate',
    files: {
      'transformations/raw_orders.sql': `CREATE OR REFRESH STREAMING TABLE raw_orders
AS SELECT * FROM STREAM read_files('data/orders/*.csv', format => 'csv', header => true);
`,
    },
  },
  {
    code: 'WEIR4057',
    title: 'A dataset not validated because an upstream could not be',
    command: 'validate',
    files: {
      ...RAW_ORDERS,
      'transformations/paid_orders.sql': `CREATE MATERIALIZED VIEW paid_orders AS
SELECT order_id, ammount
FROM raw_orders
WHERE status = 'paid';
`,
      'transformations/paid_revenue.sql': `CREATE MATERIALIZED VIEW paid_revenue AS
SELECT sum(ammount) AS revenue FROM paid_orders;
`,
    },
  },
  {
    code: 'WEIR4058',
    title: "A column of a dataset's column list that its query does not produce (columns match by name)",
    files: {
      'transformations/customers.sql': `CREATE OR REFRESH MATERIALIZED VIEW customers AS
SELECT 1 AS customer_id, 'Ann' AS full_name;

CREATE TEMPORARY VIEW customer_ids (
  customer_id,
  full_name COMMENT 'Full name'
) AS SELECT customer_id FROM customers;
`,
    },
  },
  {
    code: 'WEIR4059',
    title: "A column a dataset's query produces that its column list does not declare (the list is the table's schema)",
    files: {
      'transformations/customers.sql': `CREATE OR REFRESH MATERIALIZED VIEW customers (
  customer_id BIGINT,
  name STRING COMMENT 'Full name'
) AS SELECT 1 AS customer_id, 'Ann' AS name, 'ann@example.com' AS email;
`,
    },
  },
  {
    code: 'WEIR4006',
    title: 'A [] whose index may be an array position (0-based in Spark) or a map key',
    files: {
      'transformations/picks.sql': `CREATE MATERIALIZED VIEW picks AS
SELECT tags[slot] AS tag FROM (SELECT array('a', 'b') AS tags, 1 AS slot);
`,
    },
  },
  {
    code: 'WEIR4007',
    title: 'A streaming table whose query aggregates, takes DISTINCT rows or joins two streams (computed per batch)',
    files: {
      ...RAW_ORDERS,
      'transformations/order_counts.sql': `CREATE OR REFRESH STREAMING TABLE order_counts AS
SELECT customer_id, count(*) AS orders FROM STREAM(raw_orders) GROUP BY customer_id;
`,
    },
  },
  {
    code: 'WEIR4031',
    title: 'An expectation condition that is not about one row (an aggregate, a window function, a subquery)',
    files: {
      'transformations/orders.sql': `CREATE OR REFRESH MATERIALIZED VIEW orders (
  CONSTRAINT positive_total EXPECT (sum(amount) > 0)
) AS SELECT 1 AS id, 2.5 AS amount;
`,
    },
  },
  {
    code: 'WEIR4032',
    title: 'An expectation whose condition is not BOOLEAN (a row passes only when it is TRUE)',
    command: 'validate',
    files: {
      'transformations/orders.sql': `CREATE OR REFRESH MATERIALIZED VIEW orders (
  CONSTRAINT has_amount EXPECT (amount)
) AS SELECT 1 AS id, 25 AS amount;
`,
    },
  },
  {
    code: 'WEIR4061',
    title: 'A GENERATED ALWAYS AS column that the query also produces',
    files: {
      'transformations/orders.sql': `CREATE OR REFRESH MATERIALIZED VIEW orders (
  id BIGINT,
  amount DOUBLE,
  amount_cents BIGINT GENERATED ALWAYS AS (CAST(amount * 100 AS BIGINT))
) AS SELECT 1 AS id, 2.5 AS amount, 250 AS amount_cents;
`,
    },
  },
  {
    code: 'WEIR4055',
    title: 'a syntax error in an expectation (also generated columns and CDC clauses), found at compile time',
    files: {
      'transformations/orders.sql': `CREATE OR REFRESH MATERIALIZED VIEW orders (
  CONSTRAINT valid_amount EXPECT (amount > 0 AND) ON VIOLATION DROP ROW
) AS SELECT 1 AS order_id, 10.5 AS amount;
`,
    },
  },
];

export const TRANSLATE_NOT_SHOWN: Readonly<Record<string, string>> = {
  WEIR4060: 'reported only when DuckDB returns no statement for a query Weir parsed; a query DuckDB cannot parse is WEIR4055',
};
