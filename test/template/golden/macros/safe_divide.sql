-- input:
-- SELECT {{ safe_divide('revenue', 'order_count') }} AS avg_order_value, {{ safe_divide('sum(a)', 'count(*) - 1') }} AS r FROM LIVE.x

SELECT (revenue) / NULLIF((order_count), 0) AS avg_order_value, (sum(a)) / NULLIF((count(*) - 1), 0) AS r FROM LIVE.x
