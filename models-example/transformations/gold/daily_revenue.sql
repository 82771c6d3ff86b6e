-- Gold: revenue and traffic per day, for the daily dashboard.

CREATE OR REFRESH MATERIALIZED VIEW daily_revenue (
  order_date DATE NOT NULL COMMENT 'Day (UTC)',
  order_count BIGINT COMMENT 'Revenue orders placed that day',
  customer_count BIGINT COMMENT 'Distinct customers who ordered that day',
  gross_revenue DECIMAL(18, 2) COMMENT 'Sum of revenue order amounts',
  avg_order_value DECIMAL(18, 2) COMMENT 'gross_revenue / order_count',
  items_sold BIGINT COMMENT 'Sum of item counts',
  page_views BIGINT COMMENT 'page_view events that day (web and app)',
  CONSTRAINT positive_revenue EXPECT (gross_revenue > 0),
  CONSTRAINT daily_revenue_pk PRIMARY KEY (order_date)
)
COMMENT "Daily revenue, orders, customers and page views"
TBLPROPERTIES ("quality" = "gold")
AS WITH views_per_day AS (
  SELECT to_date(event_ts) AS event_date, count(*) AS page_views
  FROM raw_events
  WHERE event_type = 'page_view'
  GROUP BY to_date(event_ts)
)
SELECT
  o.order_date,
  count(*) AS order_count,
  count(DISTINCT o.customer_id) AS customer_count,
  CAST(sum(o.order_amount) AS DECIMAL(18, 2)) AS gross_revenue,
  CAST(sum(o.order_amount) / count(*) AS DECIMAL(18, 2)) AS avg_order_value,
  CAST(sum(o.item_count) AS BIGINT) AS items_sold,
  coalesce(max(v.page_views), 0) AS page_views
FROM revenue_orders o
LEFT JOIN views_per_day v ON v.event_date = o.order_date
GROUP BY o.order_date;
