-- Silver: validated orders, processed incrementally from the bronze stream.

CREATE OR REFRESH STREAMING TABLE cleaned_orders (
  order_id BIGINT NOT NULL COMMENT 'Order id from the order service',
  customer_id BIGINT COMMENT 'Customer who placed the order',
  order_ts TIMESTAMP COMMENT 'When the order was placed (UTC)',
  order_date DATE COMMENT 'Day of order_ts',
  order_month STRING COMMENT 'yyyy-MM of order_ts',
  order_amount DECIMAL(12, 2) COMMENT 'Order total in the order currency',
  currency STRING COMMENT 'ISO 4217 currency, USD when missing',
  status STRING COMMENT 'placed, shipped, delivered, returned or cancelled',
  channel STRING COMMENT 'web, app or store',
  item_count INT COMMENT 'Number of items in the order',
  customer_ref STRING COMMENT 'customer_id as text, for systems that key customers by string',
  source_file STRING COMMENT 'Parquet file the order came from',
  CONSTRAINT valid_order_id EXPECT (order_id IS NOT NULL) ON VIOLATION FAIL UPDATE,
  CONSTRAINT valid_amount EXPECT (order_amount > 0) ON VIOLATION DROP ROW,
  CONSTRAINT valid_status EXPECT (status IN ('placed', 'shipped', 'delivered', 'returned', 'cancelled')),
  CONSTRAINT cleaned_orders_pk PRIMARY KEY (order_id),
  CONSTRAINT cleaned_orders_customer_fk FOREIGN KEY (customer_id) REFERENCES cleaned_customers (customer_id)
)
COMMENT "Validated orders: typed amounts, normalised status and currency; non-positive amounts dropped"
TBLPROPERTIES (
  "quality" = "silver",
  -- Weir: dropped rows are kept in cleaned_orders_quarantine; more than 5% bad amounts fails the update.
  -- Plain table properties, so the file deploys to Databricks unchanged.
  "weir.quarantine" = "true",
  "weir.expect.valid_amount.fail_above" = "5%"
)
AS SELECT
  CAST(order_id AS BIGINT) AS order_id,
  CAST(customer_id AS BIGINT) AS customer_id,
  CAST(order_ts AS TIMESTAMP) AS order_ts,
  to_date(order_ts) AS order_date,
  date_format(order_ts, 'yyyy-MM') AS order_month,
  CAST(amount AS DECIMAL(12, 2)) AS order_amount,
  upper(nvl(currency, "USD")) AS currency,
  lower(trim(status)) AS status,
  channel,
  CAST(items AS INT) AS item_count,
  CAST(customer_id AS STRING) AS customer_ref,
  source_file
FROM STREAM(raw_orders);
