-- input:
-- SELECT customer_id,
--   {{ pivot('status', ['open', 'shipped', "won't ship"], value_column='amount') }}
-- FROM LIVE.orders GROUP BY customer_id;
-- SELECT customer_id, {{ pivot('channel', ['web', 'store'], agg='max', prefix='has_') }} FROM LIVE.orders GROUP BY customer_id;
-- SELECT {{ pivot('year', [2023, 2024], value_column='revenue', suffix='_revenue') }} FROM LIVE.sales;

SELECT customer_id,
  sum(CASE WHEN status = 'open' THEN amount END) AS `open`, sum(CASE WHEN status = 'shipped' THEN amount END) AS `shipped`, sum(CASE WHEN status = 'won\'t ship' THEN amount END) AS `won't ship`
FROM LIVE.orders GROUP BY customer_id;
SELECT customer_id, max(CASE WHEN channel = 'web' THEN 1 ELSE 0 END) AS `has_web`, max(CASE WHEN channel = 'store' THEN 1 ELSE 0 END) AS `has_store` FROM LIVE.orders GROUP BY customer_id;
SELECT sum(CASE WHEN year = 2023 THEN revenue END) AS `2023_revenue`, sum(CASE WHEN year = 2024 THEN revenue END) AS `2024_revenue` FROM LIVE.sales;
