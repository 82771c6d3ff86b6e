-- input:
-- CREATE MATERIALIZED VIEW customers AS
-- {{ dedupe_latest('LIVE.customers_raw', 'customer_id', 'updated_at') }};
-- 
-- CREATE MATERIALIZED VIEW orders AS
-- {{ dedupe_latest('LIVE.orders_raw', ['order_id', 'line_no'], ['updated_at', 'ingested_at ASC']) }};

CREATE MATERIALIZED VIEW customers AS
SELECT * EXCEPT (_weir_row_number)
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY updated_at DESC) AS _weir_row_number
  FROM LIVE.customers_raw
) AS _weir_dedupe
WHERE _weir_row_number = 1;

CREATE MATERIALIZED VIEW orders AS
SELECT * EXCEPT (_weir_row_number)
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY order_id, line_no ORDER BY updated_at DESC, ingested_at ASC) AS _weir_row_number
  FROM LIVE.orders_raw
) AS _weir_dedupe
WHERE _weir_row_number = 1;
