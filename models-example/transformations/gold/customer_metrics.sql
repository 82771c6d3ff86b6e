-- Gold: per-customer metrics and segments.

-- Orders that count as revenue: shipped, delivered or still open. Pipeline-scoped helper, not published.
CREATE TEMPORARY VIEW revenue_orders
COMMENT 'Orders that count towards revenue (not cancelled or returned)'
AS SELECT order_id, customer_id, order_ts, order_date, order_amount, item_count
FROM cleaned_orders
WHERE status NOT IN ('cancelled', 'returned');

CREATE OR REFRESH MATERIALIZED VIEW customers_enriched (
  customer_id BIGINT NOT NULL COMMENT 'CRM customer id',
  customer_key STRING COMMENT 'Surrogate key from cleaned_customers',
  full_name STRING COMMENT 'First and last name',
  email STRING COMMENT 'Lower-cased e-mail address',
  country_code STRING COMMENT 'ISO country code',
  signup_date DATE COMMENT 'Day the account was created',
  order_count BIGINT COMMENT 'Number of revenue orders',
  lifetime_value DECIMAL(18, 2) COMMENT 'Sum of revenue order amounts, 0 without orders',
  avg_order_value DECIMAL(18, 2) COMMENT 'lifetime_value / order_count, NULL without orders',
  first_order_date DATE COMMENT 'Day of the first revenue order',
  last_order_date DATE COMMENT 'Day of the latest revenue order',
  CONSTRAINT non_negative_value EXPECT (lifetime_value >= 0),
  CONSTRAINT customers_enriched_pk PRIMARY KEY (customer_id)
)
COMMENT "One row per customer with order count, lifetime value and first / last order date"
TBLPROPERTIES ("quality" = "gold")
AS SELECT
  c.customer_id,
  c.customer_key,
  c.full_name,
  c.email,
  c.country_code,
  c.signup_date,
  count(o.order_id) AS order_count,
  CAST(coalesce(sum(o.order_amount), 0) AS DECIMAL(18, 2)) AS lifetime_value,
  CAST(avg(o.order_amount) AS DECIMAL(18, 2)) AS avg_order_value,
  min(o.order_date) AS first_order_date,
  max(o.order_date) AS last_order_date
FROM cleaned_customers c
LEFT JOIN revenue_orders o ON o.customer_id = c.customer_id
GROUP BY c.customer_id, c.customer_key, c.full_name, c.email, c.country_code, c.signup_date;

CREATE OR REFRESH MATERIALIZED VIEW customer_segments (
  customer_id BIGINT NOT NULL COMMENT 'CRM customer id',
  full_name STRING COMMENT 'First and last name',
  segment STRING COMMENT 'VIP, Premium, Regular or New',
  lifetime_value DECIMAL(18, 2) COMMENT 'Sum of revenue order amounts',
  order_count BIGINT COMMENT 'Number of revenue orders',
  last_order_date DATE COMMENT 'Day of the latest revenue order',
  CONSTRAINT known_segment EXPECT (segment IN ('VIP', 'Premium', 'Regular', 'New')) ON VIOLATION FAIL UPDATE
)
COMMENT "Customer segments by lifetime value: VIP >= 2,000, Premium >= 1,000, Regular with any order, else New"
TBLPROPERTIES ("quality" = "gold")
AS SELECT
  customer_id,
  full_name,
  CASE
    WHEN lifetime_value >= 2000 THEN 'VIP'
    WHEN lifetime_value >= 1000 THEN 'Premium'
    WHEN order_count > 0 THEN 'Regular'
    ELSE 'New'
  END AS segment,
  lifetime_value,
  order_count,
  last_order_date
FROM customers_enriched;
