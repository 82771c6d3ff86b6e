/** A synthetic pipeline file for the speed test: `n` realistic statements of about 40 lines each. */
export function syntheticPipeline(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(statement(i));
  return out.join('\n');
}

function statement(i: number): string {
  if (i % 5 === 4) {
    return `-- change feed ${i}
CREATE OR REFRESH STREAMING TABLE customers_${i};

CREATE FLOW customers_cdc_${i} AS AUTO CDC INTO customers_${i}
FROM STREAM(LIVE.customers_raw_${i})
KEYS (customer_id)
APPLY AS DELETE WHEN operation = "DELETE"
SEQUENCE BY sequence_num -- monotonically increasing
COLUMNS * EXCEPT (operation, sequence_num, _rescued_data)
STORED AS SCD TYPE 2
TRACK HISTORY ON * EXCEPT (last_login);
`;
  }
  return `-- dataset ${i}
CREATE OR REFRESH MATERIALIZED VIEW silver_orders_${i} (
  order_id BIGINT NOT NULL COMMENT 'the order id',
  customer_id BIGINT COMMENT "customer",
  amount DECIMAL(10,2),
  tags ARRAY<STRUCT<k: STRING, v: STRING>>,
  CONSTRAINT valid_id EXPECT (order_id IS NOT NULL) ON VIOLATION DROP ROW,
  CONSTRAINT valid_amount EXPECT (amount > 0),
  CONSTRAINT valid_customer EXPECT (customer_id IS NOT NULL) ON VIOLATION FAIL UPDATE,
  CONSTRAINT pk PRIMARY KEY (order_id) RELY
)
COMMENT 'Cleaned orders'
TBLPROPERTIES ('quality' = 'silver', pipelines.autoOptimize.managed = true)
AS
WITH recent AS (
  SELECT * FROM LIVE.bronze_orders_${i}
  WHERE order_ts > current_date() - INTERVAL 30 DAYS
)
SELECT
  o.order_id,
  o.customer_id,
  CAST(o.amount AS DECIMAL(10,2)) AS amount,
  c.name,
  c.email,
  p.product_name,
  date_format(o.order_ts, 'yyyy-MM-dd') AS order_date,
  CASE WHEN o.amount > 1000 THEN 'large' ELSE 'small' END AS size
FROM recent o
JOIN LIVE.customers_${i % 100} c ON o.customer_id = c.customer_id
LEFT JOIN LIVE.products p ON o.product_id = p.product_id
WHERE o.amount IS NOT NULL
  AND o.status IN ('OPEN', 'SHIPPED', 'DELIVERED')
  AND o.order_ts > '2020-01-01'
GROUP BY ALL
HAVING count(*) > 0
;
`;
}
